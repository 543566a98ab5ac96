"""The synthetic generator: clones must be as consistent as the service-made templates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from fitapp import cli
from fitapp.services import auth, onboarding, profile_changes, profile_views
from fitapp.services.profile_lock import checked_answers
from fitapp.services.reference import load_reference_data
from fitapp.tools import synthetic
from fitapp.tools.demo_data import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD

pytestmark = pytest.mark.usefixtures("app_database")

SEED = 515151
USERS, TEMPLATES = 70, 12
MINE = f"email ~ '\\.{SEED}\\.[0-9]+(\\.c[0-9]+)?@{DEMO_EMAIL_DOMAIN}$'"


@pytest.fixture(scope="module")
def made(app_database):
    return synthetic.generate(USERS, seed=SEED, templates=TEMPLATES, batch=25)  # three batches


def _scalar(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def test_counts_match_what_was_asked(made, engine):
    assert made.users == USERS and made.templates == TEMPLATES
    assert _scalar(engine, f"SELECT count(*) FROM users WHERE {MINE}") == USERS
    assert _scalar(engine, f"SELECT count(DISTINCT lower(email)) FROM users WHERE {MINE}") == USERS
    # Clone k (1..clones) copies template k mod T (templates in e-mail order): each table holds,
    # for each clone, exactly as many rows as its template has.
    with engine.connect() as conn:
        templates = conn.execute(text("SELECT id FROM users WHERE email ~ :p ORDER BY email"),
                                 {"p": f"\\.{SEED}\\.[0-9]+@"}).scalars().all()
        assert len(templates) == TEMPLATES
        for table, cloned in made.rows.items():
            key = "id" if table == "users" else "user_id"
            per_template = [conn.execute(text(f"SELECT count(*) FROM {table} WHERE {key} = :u"), {"u": t}).scalar_one()
                            for t in templates]
            expected = sum(per_template[k % TEMPLATES] for k in range(1, USERS - TEMPLATES + 1))
            assert cloned == expected == _clone_rows(conn, table, key), table


def _clone_rows(conn, table: str, key: str) -> int:
    return conn.execute(text(
        f"SELECT count(*) FROM {table} t JOIN users u ON u.id = t.{key} "
        f"WHERE u.email ~ :pattern"), {"pattern": f"\\.{SEED}\\.[0-9]+\\.c[0-9]+@"}).scalar_one()


def test_clones_vary_and_stay_in_the_past(made, engine):
    with engine.connect() as conn:
        steps = conn.execute(text(
            f"SELECT count(DISTINCT o.current_step) FROM onboarding_states o JOIN users u ON u.id = o.user_id "
            f"WHERE {MINE.replace('email', 'u.email')}")).scalar_one()
        starts = conn.execute(text(
            f"SELECT count(DISTINCT date_trunc('day', o.started_at)) FROM onboarding_states o JOIN users u "
            f"ON u.id = o.user_id WHERE {MINE.replace('email', 'u.email')}")).scalar_one()
        latest = conn.execute(text(
            f"SELECT max(e.occurred_at) FROM onboarding_step_events e JOIN users u ON u.id = e.user_id "
            f"WHERE {MINE.replace('email', 'u.email')}")).scalar_one()
    assert steps >= 5 and starts >= 30
    assert latest < datetime.now(UTC)


def test_every_clone_is_consistent_like_a_service_made_user(made, engine):
    reference = load_reference_data()
    with engine.connect() as conn:
        clones = conn.execute(text(
            "SELECT u.id, u.email, u.onboarding_completed, u.onboarding_completed_at, u.metadata, o.current_step, "
            "o.completed_steps, o.step_data, o.started_at, o.last_activity_at, o.completed_at, "
            "(SELECT min(occurred_at) FROM onboarding_step_events e WHERE e.user_id = u.id) AS first_event "
            "FROM users u JOIN onboarding_states o ON o.user_id = u.id WHERE u.email ~ :p"),
            {"p": f"\\.{SEED}\\.[0-9]+\\.c[0-9]+@"}).all()
        assert len(clones) == USERS - TEMPLATES
        for user in clones:
            assert user.first_event is None or user.first_event >= user.started_at
            if not user.onboarding_completed:
                assert user.completed_steps == list(range(user.current_step))
                continue
            assert user.completed_at == user.onboarding_completed_at
            checked_answers(user.step_data, user.completed_steps, reference)
            versions = conn.execute(text(
                "SELECT version, valid_from, valid_until, profile_snapshot FROM user_profile_versions "
                "WHERE user_id = :u ORDER BY version"), {"u": user.id}).all()
            assert versions[0].valid_from == user.completed_at
            assert [v.valid_until for v in versions[:-1]] == [v.valid_from for v in versions[1:]]
            # Times inside the documents moved with the clone's other times.
            consent = versions[0].profile_snapshot["users"]["consent_given_at"]
            assert consent == user.metadata["consent_given_at"]
            assert datetime.fromisoformat(consent) < user.completed_at
            assert profile_views.current_profile(user.id).version == len(versions)


def test_clones_are_read_by_the_services_under_row_level_security(made, engine):
    with engine.connect() as conn:
        clone = conn.execute(text(
            "SELECT u.id, o.current_step, u.email FROM users u JOIN onboarding_states o ON o.user_id = u.id "
            "WHERE u.email ~ :p ORDER BY u.email LIMIT 1"), {"p": f"\\.{SEED}\\.[0-9]+\\.c[0-9]+@"}).one()
    assert onboarding.load(clone.id).current_step == clone.current_step
    assert auth.sign_in(clone.email, DEMO_PASSWORD).user.user_id == clone.id


def test_out_of_range_is_refused_with_a_message(made, capsys):
    with pytest.raises(synthetic.SyntheticError, match="between 1"):
        synthetic.generate(0)
    assert cli.main(["synthetic", "--users", "3", "--seed", str(SEED)]) == 1  # the seed's templates exist
    assert "exist already" in capsys.readouterr().err


def test_a_big_load_rebuilds_the_indexes_exactly_as_they_were(made, engine, monkeypatch):
    definitions = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
    with engine.connect() as conn:
        before = conn.execute(text(definitions)).all()
    monkeypatch.setattr(synthetic, "REBUILD_INDEXES_FROM", 1)
    result = synthetic.generate(8, seed=SEED + 1, templates=3)
    with engine.connect() as conn:
        after = conn.execute(text(definitions)).all()
    assert "idx_step_events_user_time" in result.index_seconds  # dropped and built again
    assert after == before
