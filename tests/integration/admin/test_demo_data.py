"""Demo data: a small run must be as consistent as data the real services write."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from fitapp import cli
from fitapp.domain import REVIEW_STEP, step_key
from fitapp.services import analytics, auth, profile_changes, profile_views
from fitapp.tools import demo_data
from fitapp.tools.demo_data import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DemoDataError
from fitapp.services.profile_lock import checked_answers
from fitapp.services.reference import load_reference_data

pytestmark = pytest.mark.usefixtures("app_database")

SEED = 424242  # e-mails carry the seed; each test run has its own fresh database
USERS = 30


@pytest.fixture(scope="module")
def demo(app_database):
    return demo_data.generate(USERS, seed=SEED)


def _users(engine):
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT u.id, u.email, u.onboarding_completed, u.onboarding_completed_at, u.metadata, "
                 "o.current_step, o.completed_steps, o.step_data, o.started_at, o.last_activity_at, o.completed_at, "
                 "(SELECT count(*) FROM user_profiles p WHERE p.user_id = u.id) AS profiles, "
                 "(SELECT min(occurred_at) FROM onboarding_step_events e WHERE e.user_id = u.id) AS first_event, "
                 "(SELECT max(occurred_at) FROM onboarding_step_events e WHERE e.user_id = u.id) AS last_event "
                 "FROM users u JOIN onboarding_states o ON o.user_id = u.id WHERE u.email LIKE :pattern"),
            {"pattern": f"%.{SEED}.%@{DEMO_EMAIL_DOMAIN}"},
        ).all()


def test_counts_match_what_was_asked(demo, engine):
    users = _users(engine)
    assert demo.users == len(users) == USERS
    assert demo.completed == sum(u.onboarding_completed for u in users) == round(USERS * 0.65)
    assert sum(demo.dropped_at_step.values()) == USERS - demo.completed
    assert len(demo.dropped_at_step) == USERS - demo.completed  # fewer than 12 dropped: each at another step
    assert demo.password == DEMO_PASSWORD


def test_every_completed_user_has_a_locked_profile_and_a_first_version(demo, engine):
    reference = load_reference_data()
    with engine.connect() as conn:
        for user in (u for u in _users(engine) if u.onboarding_completed):
            assert user.profiles == 1 and user.completed_at == user.onboarding_completed_at
            assert user.current_step == REVIEW_STEP and user.completed_steps == list(range(11))
            checked_answers(user.step_data, user.completed_steps, reference)  # the answers validate today
            assert {"consent_given_at", "units", "sex", "birth_date", "time_zone"} <= set(user.metadata)
            rows = conn.execute(
                text("SELECT version, valid_from, valid_until, changed_by FROM user_profile_versions "
                     "WHERE user_id = :u ORDER BY version"), {"u": user.id}).all()
            assert rows[0].version == 1 and rows[0].valid_from == user.completed_at
            assert [r.version for r in rows] == list(range(1, len(rows) + 1))
            assert [r.valid_until for r in rows[:-1]] == [r.valid_from for r in rows[1:]]  # closed by the next
            assert rows[-1].valid_until is None
            profile = profile_views.current_profile(user.id)
            assert profile.version == len(rows) and set(profile.answers) == set(range(11))


def test_every_dropped_user_stopped_at_their_step_with_matching_events(demo, engine):
    for user in (u for u in _users(engine) if not u.onboarding_completed):
        step = user.current_step
        assert user.profiles == 0 and user.completed_at is None
        assert user.completed_steps == list(range(step))
        assert set(user.step_data) == {step_key(n) for n in range(step)}
        assert user.first_event >= user.started_at and user.last_activity_at == user.last_event


def test_the_funnel_sees_the_demo_users(demo, engine):
    users = _users(engine)
    start = min(u.started_at for u in users).date()
    report = analytics.funnel_report(start, date.today() + timedelta(days=1))
    assert report.summary.started >= USERS and report.summary.completed >= demo.completed
    steps = report.steps
    assert steps[0].reached >= USERS - sum(1 for u in users if u.first_event is None)
    assert all(0 <= step.drop_off_rate_pct <= 100 for step in steps if step.drop_off_rate_pct is not None)


def test_demo_accounts_sign_in_with_the_printed_password(demo):
    assert auth.sign_in(demo.sample_emails[0], DEMO_PASSWORD).user.email == demo.sample_emails[0]


def test_the_same_seed_twice_is_refused_and_writes_nothing(demo, engine, capsys):
    with pytest.raises(DemoDataError, match="exist already"):
        demo_data.generate(USERS, seed=SEED)
    assert len(_users(engine)) == USERS
    assert cli.main(["demo-data", "--users", "3", "--seed", str(SEED)]) == 1
    assert "exist already" in capsys.readouterr().err
