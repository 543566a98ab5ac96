"""GDPR rights against the real database and Redis: export, erasure, the 90-day purge, inactivity."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import ARRAY, Engine, String, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import INET, JSONB

from fitapp import cli
from fitapp.domain.accounts import AccountError
from fitapp.domain.privacy import ERASED_AUDIT_VALUES, SCRUBBED_COLUMNS, ErasureRefused
from fitapp.models import metadata
from fitapp.services import admin, auth, privacy
from fitapp.services.profile_lock import confirm_and_lock
from fitapp.services.profile_views import locked_profile
from tests.integration.test_user_deletion import USER_OWNED_TABLES, fill_every_table
from tests.support.factories import DEFAULT_PASSWORD, random_email, sign_up_new_user
from tests.support.onboarding import audit_rows, complete_onboarding_answers, version_rows
from tests.support.rows import new_user, table

pytestmark = pytest.mark.usefixtures("app_database")

MARK = "PII-MARK private words"


@pytest.fixture
def filled_users(engine: Engine) -> Iterator[tuple[uuid.UUID, uuid.UUID]]:
    """Two committed users with a row in every user-owned table; removed afterwards."""
    with engine.begin() as conn:
        users = (new_user(conn), new_user(conn))
        for user_id in users:
            fill_every_table(conn, user_id)
    yield users
    with engine.begin() as conn:
        conn.execute(delete(table("users")).where(table("users").c.id.in_(users)))


def confirmed_member(email: str | None = None) -> auth.SignedIn:
    """Signed up through the service, onboarding confirmed, with a step event on record."""
    signed_in = sign_up_new_user(email)
    user_id = signed_in.user.user_id
    complete_onboarding_answers(user_id)
    confirm_and_lock(user_id)
    return signed_in


def _marker_for(column) -> object:
    if isinstance(column.type, ARRAY):
        return [MARK]
    if isinstance(column.type, JSONB):
        return {"note": MARK}
    if isinstance(column.type, INET):
        return "203.0.113.7"
    return MARK


def write_free_text_everywhere(engine: Engine, user_id: uuid.UUID) -> None:
    """Every scrubbed column of the user's rows gets recognisable text (and a step event exists)."""
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO onboarding_step_events (user_id, step, event) VALUES (:u, 3, 'rejected')"),
                     {"u": user_id})
        conn.execute(text("UPDATE audit_log SET ip_address = '203.0.113.7' WHERE user_id = :u"), {"u": user_id})
        for name, replacements in SCRUBBED_COLUMNS.items():
            t = metadata.tables[name]
            values = {column: _marker_for(t.c[column]) for column in replacements if column != "ip_address"}
            conn.execute(update(t).where(t.c.user_id == user_id).values(**values))


def current_rows(engine: Engine, table_name: str, user_id: uuid.UUID) -> list:
    t = metadata.tables[table_name]
    with engine.connect() as conn:
        return conn.execute(select(t).where(t.c.user_id == user_id)).mappings().all()


def user_row(engine: Engine, user_id: uuid.UUID):
    with engine.connect() as conn:
        return conn.execute(text("SELECT * FROM users WHERE id = :u"), {"u": user_id}).mappings().one_or_none()


def count(engine: Engine, table_name: str, user_id: uuid.UUID) -> int:
    t = metadata.tables[table_name]
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t).where(t.c.user_id == user_id)).scalar_one()


# ---------------------------------------------------------------- right to access


def test_export_holds_every_row_of_every_user_table_and_nothing_of_another_user(engine, filled_users):
    mine, theirs = filled_users

    exported = privacy.export_user_data(mine)

    assert exported["user_id"] == str(mine) and exported["format"] == "fitapp-personal-data/1"
    assert datetime.fromisoformat(exported["exported_at"]) > datetime.now(UTC) - timedelta(minutes=1)
    tables = exported["tables"]
    assert [row["id"] for row in tables["users"]] == [str(mine)]
    for name in (*USER_OWNED_TABLES, "audit_log"):
        assert len(tables[name]) == count(engine, name, mine) >= 1, name
        assert {row["user_id"] for row in tables[name]} == {str(mine)}, name
    assert str(theirs) not in json.dumps(exported)
    json.dumps(exported, allow_nan=False)  # plain JSON, nothing left to convert


def test_export_never_contains_password_or_session_token_hashes(engine):
    signed_in = sign_up_new_user()
    user_id = signed_in.user.user_id
    with engine.connect() as conn:
        password_hash = conn.execute(text("SELECT password_hash FROM user_credentials WHERE user_id = :u"),
                                     {"u": user_id}).scalar_one()
        token_hash = conn.execute(text("SELECT token_hash FROM auth_sessions WHERE user_id = :u"),
                                  {"u": user_id}).scalar_one()

    exported = privacy.export_user_data(user_id)

    dumped = json.dumps(exported)
    assert password_hash not in dumped and token_hash not in dumped and signed_in.token not in dumped
    assert "password_hash" not in dumped and "token_hash" not in dumped
    assert len(exported["tables"]["auth_sessions"]) == 1 and len(exported["tables"]["user_credentials"]) == 1


def test_export_includes_the_sign_in_attempts_made_with_the_users_email():
    signed_in = sign_up_new_user()
    with pytest.raises(AccountError):
        auth.sign_in(signed_in.user.email, "not the password at all")

    attempts = privacy.export_user_data(signed_in.user.user_id)["tables"]["sign_in_attempts"]

    assert [(a["email"], a["succeeded"]) for a in attempts] == [(signed_in.user.email, False)]


def test_export_of_an_unknown_user_is_refused():
    with pytest.raises(privacy.AccountNotFound):
        privacy.export_user_data(uuid.uuid4())


# ---------------------------------------------------------------- right to erasure


def test_erasure_anonymizes_the_user_as_the_seed_says_and_audits_it_without_the_email(engine):
    signed_in = confirmed_member()
    user_id, email = signed_in.user.user_id, signed_in.user.email

    result = privacy.erase_user(user_id, requested_by="user", password=DEFAULT_PASSWORD, reason="Moving on")

    row = user_row(engine, user_id)
    assert row["email"] == f"deleted_{user_id}@anonymized.local"
    assert row["external_auth_id"] == f"deleted_{user_id}"
    assert row["account_status"] == "deleted" and row["deleted_at"] == result.erased_at
    assert row["metadata"] == {}
    erasure = audit_rows(engine, user_id)[-1]
    assert (erasure.table_name, erasure.operation, erasure.changed_by) == ("users", "UPDATE", "user")
    assert erasure.new_values["erasure_reason"] == "Moving on" and erasure.new_values["account_status"] == "deleted"
    assert erasure.user_agent is None
    assert email not in json.dumps([list(r) for r in audit_rows(engine, user_id)], default=str)


def test_erasure_scrubs_every_free_text_column_and_blanks_earlier_audit_values(engine):
    signed_in = confirmed_member()
    user_id = signed_in.user.user_id
    write_free_text_everywhere(engine, user_id)
    versions_before = version_rows(engine, user_id)

    result = privacy.erase_user(user_id, requested_by="user", password=DEFAULT_PASSWORD)

    for name, replacements in SCRUBBED_COLUMNS.items():
        rows = current_rows(engine, name, user_id)
        assert rows, f"{name} has no rows to check"
        erasure_row = 1 if name == "audit_log" else 0  # written after the scrub
        assert result.scrubbed_rows[name] == len(rows) - erasure_row
        for row in rows:
            for column, replacement in replacements.items():
                assert row[column] == replacement, f"{name}.{column}"
    earlier_audit = audit_rows(engine, user_id)[:-1]
    assert earlier_audit and all(
        value in (None, ERASED_AUDIT_VALUES) for r in earlier_audit for value in (r.old_values, r.new_values)
    )
    everything_but_versions = {
        name: rows for name, rows in privacy.export_user_data(user_id)["tables"].items()
        if name != "user_profile_versions"
    }
    assert MARK not in json.dumps(everything_but_versions)
    assert signed_in.user.email not in json.dumps(everything_but_versions)
    # Immutable versions keep their snapshots until the hard delete (documented in erase_user).
    assert version_rows(engine, user_id) == versions_before


# Written out by hand, not read from SCRUBBED_COLUMNS: what erasure must leave without the
# person's words. (table, column) -> how to write a marker into it.
FREE_TEXT_BY_HAND = {
    ("dietary_preferences", "additional_notes"): MARK,
    ("dietary_preferences", "diet_type_other"): MARK,
    ("dietary_preferences", "allergies"): [MARK],
    ("dietary_preferences", "intolerances"): [MARK],
    ("dietary_preferences", "dislikes"): [MARK],
    ("dietary_preferences", "religious_restrictions"): [MARK],
    ("dietary_preferences", "preferred_cuisines"): [MARK],
    ("physical_constraints", "description"): MARK,
    ("fitness_goals", "user_explanation"): MARK,
    ("lifestyle_baselines", "sleep_quality_notes"): MARK,
    ("meal_plans", "plan_rationale"): MARK,
    ("meal_plans", "recalculation_reason"): MARK,
    ("meal_schedules", "meal_name"): MARK,
    ("user_profiles", "modification_reason"): MARK,
    ("onboarding_states", "step_data"): {"0": {"note": MARK}},
    ("onboarding_states", "session_id"): MARK,
    ("onboarding_states", "user_agent"): MARK,
    ("onboarding_step_events", "details"): {"note": MARK},
    ("onboarding_step_events", "session_id"): MARK,
    ("auth_sessions", "user_agent"): MARK,
    ("audit_log", "user_agent"): MARK,
    ("audit_log", "old_values"): {"note": MARK},
    ("audit_log", "new_values"): {"note": MARK},
}
TEXT_LIKE = (String, ARRAY, JSONB)


def _text_like_values(engine: Engine, user_id: uuid.UUID) -> dict[str, str]:
    """Every VARCHAR, TEXT, array and JSONB value the user owns, as text, by table.column.

    Versions are left out: they are immutable and keep their snapshots until the hard delete.
    """
    found: dict[str, str] = {}
    with engine.connect() as conn:
        for t in metadata.sorted_tables:
            owner = t.c.id if t.name == "users" else t.c.get("user_id")
            if owner is None or t.name == "user_profile_versions":
                continue
            for column in t.c:
                if isinstance(column.type, TEXT_LIKE):
                    values = conn.execute(select(column).where(owner == user_id)).scalars().all()
                    found[f"{t.name}.{column.name}"] = json.dumps(values, default=str)
    return found


def test_erasure_leaves_no_marked_text_in_any_text_like_column(engine):
    signed_in = confirmed_member()
    user_id = signed_in.user.user_id
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO onboarding_step_events (user_id, step, event) VALUES (:u, 3, 'rejected')"),
                     {"u": user_id})
        conn.execute(text("UPDATE users SET metadata = metadata || :m WHERE id = :u"),
                     {"u": user_id, "m": json.dumps({"note": MARK})})
        for (table_name, column), marker in FREE_TEXT_BY_HAND.items():
            t = metadata.tables[table_name]
            changed = conn.execute(update(t).where(t.c.user_id == user_id).values({column: marker})).rowcount
            assert changed, f"{table_name} has no row to mark"
    marked = {name for name, value in _text_like_values(engine, user_id).items() if MARK in value}
    assert marked == {f"{t}.{c}" for t, c in FREE_TEXT_BY_HAND} | {"users.metadata"}

    privacy.erase_user(user_id, requested_by="user", password=DEFAULT_PASSWORD)

    left = {name for name, value in _text_like_values(engine, user_id).items() if MARK in value}
    assert left == set()


def test_erasure_revokes_every_session_deletes_credentials_and_the_old_password_fails(engine):
    signed_in = confirmed_member()
    user_id, email = signed_in.user.user_id, signed_in.user.email
    second = auth.sign_in(email, DEFAULT_PASSWORD)

    result = privacy.erase_user(user_id, requested_by="user", password=DEFAULT_PASSWORD)

    assert result.sessions_revoked == 2
    assert auth.current_user(signed_in.token) is None and auth.current_user(second.token) is None
    assert all(row["revoked_at"] is not None for row in current_rows(engine, "auth_sessions", user_id))
    assert count(engine, "user_credentials", user_id) == 0
    with pytest.raises(AccountError, match="Wrong e-mail or password"):
        auth.sign_in(email, DEFAULT_PASSWORD)
    assert privacy.account_id_for_email(email) is None


def test_the_erased_email_can_sign_up_again_as_a_new_account():
    signed_in = sign_up_new_user()
    privacy.erase_user(signed_in.user.user_id, requested_by="user", password=DEFAULT_PASSWORD)

    again = auth.sign_up(signed_in.user.email.upper(), "another good passphrase 7")

    assert again.user.user_id != signed_in.user.user_id and again.user.email == signed_in.user.email
    assert privacy.account_id_for_email(signed_in.user.email) == again.user.user_id


def test_erasure_drops_the_cached_profile(profile_cache):
    _, redis_client = profile_cache
    signed_in = confirmed_member()
    user_id = signed_in.user.user_id
    assert locked_profile(user_id) is not None
    assert redis_client.exists(f"fitapp:profile:{user_id}")

    privacy.erase_user(user_id, requested_by="user", password=DEFAULT_PASSWORD)

    assert not redis_client.exists(f"fitapp:profile:{user_id}")


def test_erasure_deletes_the_admin_role_and_the_sign_in_attempts_of_the_old_email(engine):
    signed_in = sign_up_new_user()
    user_id, email = signed_in.user.user_id, signed_in.user.email
    admin.grant_admin(email)
    with pytest.raises(AccountError):
        auth.sign_in(email, "a wrong password here")

    privacy.erase_user(user_id, requested_by="user", password=DEFAULT_PASSWORD)

    assert count(engine, "user_roles", user_id) == 0 and not admin.is_admin(user_id)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sign_in_attempts WHERE email = :e"), {"e": email}).scalar_one() == 0


def test_a_wrong_password_erases_nothing_and_counts_as_a_failed_sign_in(engine):
    signed_in = confirmed_member()
    user_id = signed_in.user.user_id
    before = privacy.export_user_data(user_id)["tables"]

    with pytest.raises(privacy.WrongPassword, match="Nothing was deleted"):
        privacy.erase_user(user_id, requested_by="user", password="not my password at all")

    after = privacy.export_user_data(user_id)["tables"]
    assert [attempt["succeeded"] for attempt in after.pop("sign_in_attempts")] == [False]
    assert before.pop("sign_in_attempts") == []
    assert after == before
    assert auth.current_user(signed_in.token) is not None


def test_a_person_must_give_their_password(engine):
    signed_in = sign_up_new_user()
    with pytest.raises(ErasureRefused, match="Enter your password"):
        privacy.erase_user(signed_in.user.user_id, requested_by="user", password="")
    assert user_row(engine, signed_in.user.user_id)["account_status"] == "active"


def test_a_second_erasure_is_refused():
    signed_in = sign_up_new_user()
    user_id = signed_in.user.user_id
    privacy.erase_user(user_id, requested_by="operator", reason="ticket 7")

    with pytest.raises(privacy.AlreadyErased):
        privacy.erase_user(user_id, requested_by="operator", reason="ticket 7 again")


def test_only_an_admin_may_erase_someone_else_and_must_give_a_reason(engine):
    target = sign_up_new_user().user.user_id
    member = sign_up_new_user().user.user_id
    boss = sign_up_new_user(random_email("admin"))
    admin.grant_admin(boss.user.email)

    with pytest.raises(admin.NotAllowed):
        privacy.erase_user(target, requested_by="admin", admin_id=member, reason="because")
    with pytest.raises(ErasureRefused, match="Give a reason"):
        privacy.erase_user(target, requested_by="admin", admin_id=boss.user.user_id, reason=" ")
    assert user_row(engine, target)["account_status"] == "active"

    privacy.erase_user(target, requested_by="admin", admin_id=boss.user.user_id, reason="Support ticket 12",
                       user_agent="admin-browser")

    erasure = audit_rows(engine, target)[-1]
    assert erasure.changed_by == "admin" and erasure.user_agent == "admin-browser"
    assert erasure.new_values["admin_id"] == str(boss.user.user_id)


def test_erasing_an_unknown_user_is_refused():
    with pytest.raises(privacy.AccountNotFound):
        privacy.erase_user(uuid.uuid4(), requested_by="operator", reason="cleanup")


def test_a_failure_mid_erasure_writes_nothing(engine, monkeypatch):
    signed_in = confirmed_member()
    user_id = signed_in.user.user_id
    write_free_text_everywhere(engine, user_id)
    before = privacy.export_user_data(user_id)["tables"]

    def failing_audit(*_args, **_kwargs):  # the last write of the erasure fails
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(privacy.audit, "record", failing_audit)
    with pytest.raises(RuntimeError, match="audit log unavailable"):
        privacy.erase_user(user_id, requested_by="user", password=DEFAULT_PASSWORD)

    assert privacy.export_user_data(user_id)["tables"] == before
    assert auth.current_user(signed_in.token) is not None
    assert auth.sign_in(signed_in.user.email, DEFAULT_PASSWORD).user.user_id == user_id


# ---------------------------------------------------------------- retention


def erased_days_ago(engine: Engine, days: float) -> uuid.UUID:
    user_id = confirmed_member().user.user_id
    privacy.erase_user(user_id, requested_by="operator", reason="test")
    with engine.begin() as conn:
        conn.execute(text("UPDATE users SET deleted_at = now() - make_interval(secs => :s) WHERE id = :u"),
                     {"s": days * 86400, "u": user_id})
    return user_id


def test_purge_hard_deletes_only_accounts_erased_more_than_90_days_ago_with_all_their_rows(engine):
    old = erased_days_ago(engine, 91)
    recent = erased_days_ago(engine, 89)
    live = confirmed_member().user.user_id
    assert version_rows(engine, old)  # the immutable versions must cascade too

    purged = privacy.purge_erased_users()

    assert old in purged and recent not in purged and live not in purged
    assert user_row(engine, old) is None
    for name in USER_OWNED_TABLES:
        assert count(engine, name, old) == 0, name
    assert user_row(engine, recent)["account_status"] == "deleted" and version_rows(engine, recent)
    assert user_row(engine, live)["account_status"] == "active"
    trail = audit_rows(engine, old)
    assert (trail[-1].table_name, trail[-1].operation, trail[-1].changed_by) == ("users", "DELETE", "system")
    assert not any("erasure_reason" in (row.new_values or {}) for row in trail)  # the free text goes too
    assert any("erasure_reason" in (row.new_values or {}) for row in audit_rows(engine, recent))
    assert old not in privacy.purge_erased_users()


def test_purge_honours_a_custom_period_and_a_given_now(engine):
    erased = erased_days_ago(engine, 10)

    assert erased not in privacy.purge_erased_users(timedelta(days=30))
    assert erased in privacy.purge_erased_users(timedelta(days=30), now=datetime.now(UTC) + timedelta(days=21))


def _age(engine: Engine, user_id: uuid.UUID, *, created: int, session_seen: int | None, onboarding: int) -> None:
    """Move the user's activity columns ``n`` days into the past."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE users SET created_at = now() - make_interval(days => :d) WHERE id = :u"),
                     {"d": created, "u": user_id})
        conn.execute(text("UPDATE onboarding_states SET last_activity_at = now() - make_interval(days => :d) "
                          "WHERE user_id = :u"), {"d": onboarding, "u": user_id})
        if session_seen is not None:
            conn.execute(text("UPDATE auth_sessions SET created_at = now() - make_interval(days => :c), "
                              "last_seen_at = now() - make_interval(days => :d) WHERE user_id = :u"),
                         {"c": created, "d": session_seen, "u": user_id})


def test_inactive_users_are_those_without_sign_in_or_activity_for_two_years(engine):
    dormant = sign_up_new_user()
    recently_seen = sign_up_new_user()
    recently_answered = sign_up_new_user()
    erased = sign_up_new_user()
    _age(engine, dormant.user.user_id, created=1100, session_seen=800, onboarding=1000)
    _age(engine, recently_seen.user.user_id, created=1100, session_seen=300, onboarding=1000)
    _age(engine, recently_answered.user.user_id, created=1100, session_seen=900, onboarding=20)
    _age(engine, erased.user.user_id, created=1100, session_seen=900, onboarding=900)
    privacy.erase_user(erased.user.user_id, requested_by="operator", reason="test")
    _age(engine, erased.user.user_id, created=1100, session_seen=900, onboarding=900)

    found = {account.user_id: account for account in privacy.inactive_users()}

    assert dormant.user.user_id in found
    assert found[dormant.user.user_id].email == dormant.user.email
    assert datetime.now(UTC) - found[dormant.user.user_id].last_activity_at > timedelta(days=799)
    for active in (recently_seen, recently_answered, erased):
        assert active.user.user_id not in found
    assert recently_seen.user.user_id in {a.user_id for a in privacy.inactive_users(years=0)}


# ---------------------------------------------------------------- operator commands


def test_cli_erases_an_account_by_email_with_a_reason(engine, capsys):
    signed_in = sign_up_new_user()

    assert cli.main(["erase-user", signed_in.user.email.upper(), "--reason", "Request by letter, ticket 9"]) == 0

    assert f"erased {signed_in.user.email.upper()}" in capsys.readouterr().out
    assert user_row(engine, signed_in.user.user_id)["account_status"] == "deleted"
    assert audit_rows(engine, signed_in.user.user_id)[-1].changed_by == "operator"
    assert cli.main(["erase-user", signed_in.user.email, "--reason", "again"]) == 1
    assert "no live account" in capsys.readouterr().err


def test_cli_refuses_an_erasure_with_a_blank_reason(engine, capsys):
    signed_in = sign_up_new_user()

    assert cli.main(["erase-user", signed_in.user.email, "--reason", "  "]) == 1

    assert "Give a reason" in capsys.readouterr().err
    assert user_row(engine, signed_in.user.user_id)["account_status"] == "active"


def test_cli_purges_erased_accounts_and_lists_inactive_ones(engine, capsys):
    old = erased_days_ago(engine, 120)
    dormant = sign_up_new_user()
    _age(engine, dormant.user.user_id, created=1000, session_seen=1000, onboarding=1000)

    assert cli.main(["purge-erased", "--older-than-days", "100"]) == 0
    assert re.search(r"purged [1-9]\d* accounts erased more than 100 days ago", capsys.readouterr().out)
    assert user_row(engine, old) is None

    assert cli.main(["inactive-users"]) == 0
    out = capsys.readouterr().out
    assert f"{dormant.user.email}\t{dormant.user.user_id}\tlast active " in out
    assert re.search(r"\d+ accounts without activity for 2 years", out)
    assert cli.main(["purge-erased", "--older-than-days", "-1"]) == 1


def test_nothing_can_be_written_for_an_account_once_it_is_erased(engine):
    """A request that was under way when the account was erased must not put data back."""
    from fitapp.domain.errors import AccountClosed
    from fitapp.services import onboarding, profile_changes

    signed_in = confirmed_member()
    user_id = signed_in.user.user_id
    unfinished = sign_up_new_user()
    privacy.erase_user(user_id, requested_by="user", password=DEFAULT_PASSWORD)
    privacy.erase_user(unfinished.user.user_id, requested_by="user", password=DEFAULT_PASSWORD)
    before = (version_rows(engine, user_id), audit_rows(engine, user_id))

    with pytest.raises(AccountClosed):
        profile_changes.request_change(user_id, topic="hydration", base_version=1, reason="my name is Jane Doe",
                                       changes={10: {"daily_water_target_ml": 2500}})
    with pytest.raises(AccountClosed):
        onboarding.answer_step(unfinished.user.user_id, 0, {"units": "metric", "height_cm": 170})
    with pytest.raises(AccountClosed):
        onboarding.record_shown(unfinished.user.user_id, 0)

    assert (version_rows(engine, user_id), audit_rows(engine, user_id)) == before
    with engine.connect() as conn:
        step_data = conn.execute(text("SELECT step_data FROM onboarding_states WHERE user_id = :u"),
                                 {"u": unfinished.user.user_id}).scalar()
    assert not step_data


def test_a_read_that_raced_the_erasure_does_not_leave_the_profile_cached(profile_cache, monkeypatch):
    from fitapp.services import profile_views

    _, redis_client = profile_cache
    user_id = confirmed_member().user.user_id
    document = profile_views.load_locked_profile(user_id)
    # The read loaded the profile just before the erasure committed and stores it just after.
    privacy.erase_user(user_id, requested_by="user", password=DEFAULT_PASSWORD)
    monkeypatch.setattr(profile_views, "load_locked_profile", lambda _user_id: document)

    locked_profile(user_id)

    assert not redis_client.exists(f"fitapp:profile:{user_id}")


def test_an_erasure_waits_for_a_members_unit_of_work_under_way():
    import threading

    from fitapp.core.db import member_scope

    user_id = confirmed_member().user.user_id
    erased: list[object] = []
    eraser = threading.Thread(target=lambda: erased.append(
        privacy.erase_user(user_id, requested_by="operator", reason="Support ticket 42")))
    with member_scope(user_id) as db:
        db.execute(text("SELECT 1"))
        eraser.start()
        eraser.join(1.0)
        assert eraser.is_alive() and not erased  # waiting for this unit of work
    eraser.join(30)
    assert len(erased) == 1


def test_a_unit_of_work_that_waited_for_an_erasure_finds_the_account_closed():
    import threading

    from fitapp.core.db import session_scope
    from fitapp.domain.errors import AccountClosed
    from fitapp.services import onboarding

    user_id = sign_up_new_user().user.user_id
    outcome: list[object] = []

    def answer() -> None:
        try:
            outcome.append(onboarding.answer_step(user_id, 0, {"units": "metric"}))
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcome.append(error)

    member = threading.Thread(target=answer)
    with session_scope() as db:  # the erasure's own first lock, then its anonymization
        db.execute(text("SELECT id FROM users WHERE id = :u FOR UPDATE"), {"u": user_id})
        db.execute(text("UPDATE users SET deleted_at = now(), account_status = 'deleted' WHERE id = :u"),
                   {"u": user_id})
        member.start()
        member.join(1.0)
        assert member.is_alive()  # waiting for the erasure to commit
    member.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], AccountClosed)


def test_export_shows_the_users_own_devices_but_not_the_admins():
    member = sign_up_new_user()
    user_id = member.user.user_id
    complete_onboarding_answers(user_id)
    confirm_and_lock(user_id, user_agent="MemberPhone/2.0")
    admin_user = sign_up_new_user()
    admin.grant_admin(admin_user.user.email)
    admin.reset_onboarding(admin_user.user.user_id, user_id, reason="Asked to start over", consent_confirmed=True,
                           user_agent="AdminBrowser/1.0")

    dumped = json.dumps(privacy.export_user_data(user_id))

    assert "MemberPhone/2.0" in dumped and "AdminBrowser/1.0" not in dumped
