"""The one-statement reads (profile_documents.LOCKED_PROFILE_SQL, CONTEXT_SQL) against the
documents the per-table snapshot builds, and the read-only unit of work."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from fitapp.core.db import get_engine, member_read_one, member_read_scope, member_scope
from fitapp.domain.errors import AccountClosed
from fitapp.services import onboarding, privacy, profile_documents, profile_views
from fitapp.services.profile_changes import request_change
from fitapp.services.snapshot import build_profile_snapshot
from tests.support.factories import sign_up_new_user
from tests.support.onboarding import answers_for_today, confirmed_user

pytestmark = pytest.mark.usefixtures("app_database")


def _old_document(user_id: uuid.UUID) -> dict:
    """Today's build: one query per table (build_profile_snapshot) plus locked_at and version."""
    with Session(get_engine()) as db:
        profile = db.execute(text("SELECT locked_at, version FROM user_profiles WHERE user_id = :u"),
                             {"u": user_id}).one()
        return profile_views.profile_document(build_profile_snapshot(db, user_id), profile.locked_at, profile.version)


def _users() -> list[uuid.UUID]:
    plain, _ = confirmed_user()
    answers = answers_for_today()
    answers[3]["injuries"] = [
        {"area": "knee", "severity": "mild", "description": "Old running injury"},
        {"area": "shoulder", "severity": "moderate", "description": "Rotator cuff"},
        {"area": "back", "severity": "mild", "description": "Lower back"},
    ]
    answers[3]["limitations"] = ["No jumping", "No overhead presses"]
    answers[2]["secondary_goal"] = None
    injured, _ = confirmed_user(answers)
    changed, _ = confirmed_user()
    request_change(changed, topic="hydration", base_version=1, changes={10: {"daily_water_target_ml": 2700}},
                   reason="Summer heat")
    request_change(changed, topic="lifestyle", base_version=2,
                   changes={9: {"sleep_quality": "poor", "sleep_hours_last_night": 5.5}}, reason="New baby")
    request_change(changed, topic="goals", base_version=3, changes={2: {"secondary_goal": None}},
                   reason="Focus on one goal")
    # An inactive constraint and a completed goal: kept in the profile, left out of the context.
    with get_engine().begin() as conn:
        conn.execute(text("UPDATE physical_constraints SET is_active = false WHERE user_id = :u "
                          "AND constraint_category = 'knee'"), {"u": changed})
    return [plain, injured, changed]


def test_the_one_statement_documents_equal_todays():
    for user_id in _users():
        old = _old_document(user_id)
        new = profile_views.load_locked_profile(user_id)
        assert new == old
        assert list(new) == list(old)  # the same key order too (the cache holds it as JSON)
        found = profile_views.context(user_id)
        assert found.pop("lifestyle_trend")["check_ins"] >= 1
        assert found == profile_views.agent_context(user_id, old)
    assert len(old["meal_schedules"]) >= 3 and old["version"] == 4


def test_microseconds_and_whole_seconds_format_as_python_does():
    user_id, _ = confirmed_user()
    with get_engine().begin() as conn:
        conn.execute(text("UPDATE user_profiles SET locked_at = '2026-03-01 10:00:00+00' WHERE user_id = :u"),
                     {"u": user_id})
        conn.execute(text("UPDATE lifestyle_baselines SET recorded_at = '2026-03-01 10:00:00.000042+02' "
                          "WHERE user_id = :u"), {"u": user_id})
    new = profile_views.load_locked_profile(user_id)
    assert new == _old_document(user_id)
    assert new["locked_at"] == "2026-03-01T10:00:00+00:00"
    assert new["lifestyle_baselines"]["recorded_at"] == "2026-03-01T08:00:00.000042+00:00"


def test_before_confirm_there_is_no_document():
    user_id = sign_up_new_user().user.user_id
    assert profile_views.load_locked_profile(user_id) is None
    assert profile_views.context(user_id) is None


def test_a_read_only_unit_gets_no_transaction_id_and_refuses_writes():
    user_id, _ = confirmed_user()
    with member_read_scope(user_id) as db:
        db.execute(text("SELECT * FROM user_profiles")).all()
        assert db.execute(text("SELECT current_setting('transaction_read_only')")).scalar() == "on"
        assert db.execute(text("SELECT current_user")).scalar() == "fitapp_member"
        assert db.execute(text("SELECT txid_current_if_assigned()")).scalar() is None
    with member_scope(user_id) as db:  # the write unit does take one (its key-share lock)
        assert db.execute(text("SELECT txid_current_if_assigned()")).scalar() is not None
    with pytest.raises(Exception, match="read-only transaction"):
        with member_read_scope(user_id) as db:
            db.execute(text("UPDATE hydration_preferences SET daily_water_target_ml = 1 WHERE user_id = :u"),
                       {"u": user_id})


def test_a_read_only_unit_sees_only_the_members_rows():
    mine, _ = confirmed_user()
    confirmed_user()
    with member_read_scope(mine) as db:
        assert set(db.execute(text("SELECT user_id FROM physical_constraints")).scalars()) == {mine}


def test_an_erased_accounts_reads_raise_account_closed():
    user_id, _ = confirmed_user()
    privacy.erase_user(user_id, requested_by="operator", reason="A test erasure")
    for read in (profile_views.load_locked_profile, profile_views.context, profile_views.history, onboarding.load):
        with pytest.raises(AccountClosed):
            read(user_id)


def test_an_erasure_between_entry_and_read_is_seen_by_the_one_statement():
    """The entry check passed; the erasure commits before the data statement: the statement
    itself finds the account closed (its own snapshot), never the scrubbed rows."""
    user_id, _ = confirmed_user()
    with pytest.raises(AccountClosed):
        with member_read_scope(user_id) as db:
            privacy.erase_user(user_id, requested_by="operator", reason="A test erasure")
            found = db.execute(text(profile_documents.LOCKED_PROFILE_SQL), {"user_id": user_id}).one()
            if not found.account_open:
                raise AccountClosed()


def test_a_user_without_onboarding_state_loads_step_zero_and_writes_nothing():
    user_id = sign_up_new_user().user.user_id
    with get_engine().begin() as conn:
        conn.execute(text("DELETE FROM onboarding_states WHERE user_id = :u"), {"u": user_id})
    view = onboarding.load(user_id)
    assert view.current_step == 0 and view.completed_steps == []
    with get_engine().connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM onboarding_states WHERE user_id = :u"),
                            {"u": user_id}).scalar() == 0


def test_the_one_round_trip_read_is_read_only_confined_and_gets_no_transaction_id():
    mine, _ = confirmed_user()
    confirmed_user()
    row = member_read_one(mine, "SELECT txid_current_if_assigned(), current_setting('transaction_read_only'), "
                                "current_user, (SELECT array_agg(DISTINCT user_id) FROM physical_constraints)", {})
    assert row[0] is None and row[1] == "on" and row[2] == "fitapp_member" and row[3] == [mine]


def test_a_failing_one_round_trip_read_raises_sqlalchemys_error_and_the_pool_goes_on():
    user_id, _ = confirmed_user()
    with pytest.raises(DBAPIError):
        member_read_one(user_id, "UPDATE hydration_preferences SET daily_water_target_ml = 1", {})
    assert profile_views.load_locked_profile(user_id)["version"] == 1
    with pytest.raises(AccountClosed):
        member_read_one(uuid.uuid4(), "SELECT 1", {})
