"""Resetting an onboarding (all of it in one transaction, or nothing) and a user's detail view."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from fitapp.core.db import session_scope
from fitapp.services import admin, onboarding, profile_changes, profile_views
from fitapp.services.admin import ResetRefused, UserNotFound
from fitapp.services.profile_lock import confirm_and_lock
from fitapp.services.snapshot import build_profile_snapshot
from tests.support.factories import sign_up_new_user
from tests.support.onboarding import (
    PROFILE_TABLES,
    answers_for_today,
    audit_rows,
    complete_onboarding_answers,
    onboarding_row,
    row_counts,
)

pytestmark = pytest.mark.usefixtures("app_database")

REASON = "user asked to start over after an injury"


def confirmed_user() -> uuid.UUID:
    user_id = sign_up_new_user().user.user_id
    complete_onboarding_answers(user_id)
    assert confirm_and_lock(user_id).version == 1
    return user_id


def versions(engine, user_id):
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT id, version, changed_by, change_reason, valid_from, valid_until, profile_snapshot "
                 "FROM user_profile_versions WHERE user_id = :u ORDER BY version"),
            {"u": user_id},
        ).all()


def state_row(engine, user_id):
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT current_step, completed_steps, step_data, completed_at, started_at, last_activity_at "
                 "FROM onboarding_states WHERE user_id = :u"),
            {"u": user_id},
        ).one()


def everything(engine, user_id):
    """What a refused reset must leave exactly as it was."""
    return (row_counts(engine, user_id), versions(engine, user_id), state_row(engine, user_id),
            onboarding_row(engine, user_id), audit_rows(engine, user_id))


# ---------------------------------------------------------------- reset


def test_reset_archives_the_profile_and_starts_the_onboarding_again(admin_id, engine):
    user_id = confirmed_user()
    with session_scope() as db:
        before = build_profile_snapshot(db, user_id)
    audit_before = len(audit_rows(engine, user_id))

    result = admin.reset_onboarding(admin_id, user_id, reason=f"  {REASON} ", consent_confirmed=True,
                                    user_agent="admin-browser")

    assert result.archived_version == 2
    # The profile tables are empty; the measurements (history) and the versions stay.
    assert row_counts(engine, user_id) == {**dict.fromkeys(PROFILE_TABLES, 0), "user_profile_versions": 2,
                                           "lifestyle_baselines": 1, "body_measurements": 1}
    assert result.deleted_rows["user_profiles"] == 1 and result.deleted_rows["meal_schedules"] == 3
    first, archive = versions(engine, user_id)
    assert first.valid_until == result.reset_at  # the version in force is closed...
    assert archive.changed_by == "admin"  # ...and the archive holds the profile as it was
    assert archive.change_reason == f"onboarding reset by admin: {REASON}"
    assert archive.profile_snapshot == before
    assert archive.valid_from == archive.valid_until == result.reset_at  # no profile in force now

    state = state_row(engine, user_id)
    assert (state.current_step, state.completed_steps, state.step_data, state.completed_at) == (0, [], {}, None)
    assert state.started_at == state.last_activity_at == result.reset_at
    user = onboarding_row(engine, user_id)
    assert (user.onboarding_completed, user.onboarding_completed_at) == (False, None)
    assert user.metadata["reset_consent_confirmed_by_admin"] == {
        "admin_id": str(admin_id), "at": result.reset_at.isoformat(), "reason": REASON}
    assert not {"consent_given_at", "birth_date", "sex", "time_zone", "units"} & set(user.metadata)

    written = audit_rows(engine, user_id)[audit_before:]
    assert {row.changed_by for row in written} == {"admin"}
    assert {row.user_agent for row in written} == {"admin-browser"}
    assert sorted((row.table_name, row.operation) for row in written) == sorted([
        ("user_profile_versions", "UPDATE"), ("user_profile_versions", "INSERT"),
        ("user_profiles", "DELETE"), ("fitness_goals", "DELETE"), ("physical_constraints", "DELETE"),
        ("dietary_preferences", "DELETE"), ("meal_plans", "DELETE"), ("meal_schedules", "DELETE"),
        ("workout_schedules", "DELETE"), ("hydration_preferences", "DELETE"),
        ("onboarding_states", "UPDATE"), ("users", "UPDATE"),
    ])
    deleted_schedules = next(r for r in written if r.table_name == "meal_schedules")
    assert deleted_schedules.old_values["count"] == 3 and deleted_schedules.new_values is None
    reset_state = next(r for r in written if r.table_name == "onboarding_states")
    assert reset_state.old_values["current_step"] == 11 and set(reset_state.old_values["step_data"]) == {
        f"step_{n}" for n in range(11)}
    assert onboarding.load(user_id).current_step == 0


@pytest.mark.parametrize(
    ("reason", "consent", "message"),
    [("", True, "reason"), ("   ", True, "reason"), (None, True, "reason"), (REASON, False, "agreed"),
     (REASON, None, "agreed"), ("x" * 501, True, "500")],
)
def test_a_refused_reset_writes_nothing(admin_id, engine, reason, consent, message):
    user_id = confirmed_user()
    before = everything(engine, user_id)
    with pytest.raises(ResetRefused, match=message):
        admin.reset_onboarding(admin_id, user_id, reason=reason, consent_confirmed=consent)
    assert everything(engine, user_id) == before


def test_a_non_admin_cannot_reset(member_id, engine):
    user_id = confirmed_user()
    before = everything(engine, user_id)
    with pytest.raises(admin.NotAllowed):
        admin.reset_onboarding(member_id, user_id, reason=REASON, consent_confirmed=True)
    assert everything(engine, user_id) == before


def test_reset_of_an_unknown_user_is_refused(admin_id):
    with pytest.raises(UserNotFound):
        admin.reset_onboarding(admin_id, uuid.uuid4(), reason=REASON, consent_confirmed=True)


def test_after_a_reset_the_user_answers_and_confirms_again_and_versions_continue(admin_id, engine):
    user_id = confirmed_user()
    profile = profile_views.current_profile(user_id)
    profile_changes.request_change(user_id, topic="hydration", base_version=profile.version,
                                   changes={10: {"daily_water_target_ml": 2600}}, reason="thirsty")
    admin.reset_onboarding(admin_id, user_id, reason=REASON, consent_confirmed=True)
    assert profile_views.current_profile(user_id) is None

    for step, answer in answers_for_today().items():
        outcome = onboarding.answer_step(user_id, step, answer, user_agent="pytest")
        assert outcome.accepted, outcome.messages
    result = confirm_and_lock(user_id)

    assert result.version == 4  # 1 confirmed, 2 changed, 3 archived by the reset, 4 confirmed again
    rows = versions(engine, user_id)
    assert [(r.version, r.changed_by, r.valid_until is None) for r in rows] == [
        (1, "user", False), (2, "user", False), (3, "admin", False), (4, "user", True)]
    with engine.connect() as conn:
        previous = conn.execute(text("SELECT previous_version_id, version FROM user_profiles WHERE user_id = :u"),
                                {"u": user_id}).one()
    assert (previous.previous_version_id, previous.version) == (rows[2].id, 4)
    assert onboarding_row(engine, user_id).onboarding_completed is True
    assert profile_views.current_profile(user_id).version == 4


def test_reset_of_an_unfinished_onboarding_archives_nothing(admin_id, engine):
    user_id = sign_up_new_user().user.user_id
    onboarding.answer_step(user_id, 0, answers_for_today()[0])
    result = admin.reset_onboarding(admin_id, user_id, reason=REASON, consent_confirmed=True)
    assert result.archived_version is None and set(result.deleted_rows.values()) == {0}
    assert versions(engine, user_id) == []
    written = [(r.table_name, r.operation) for r in audit_rows(engine, user_id) if r.changed_by == "admin"]
    assert sorted(written) == [("onboarding_states", "UPDATE"), ("users", "UPDATE")]
    assert onboarding.load(user_id).completed_steps == []


def test_reset_twice_keeps_one_archive_per_profile(admin_id, engine):
    user_id = confirmed_user()
    admin.reset_onboarding(admin_id, user_id, reason=REASON, consent_confirmed=True)
    second = admin.reset_onboarding(admin_id, user_id, reason="again", consent_confirmed=True)
    assert second.archived_version is None  # no profile any more: nothing new to archive
    assert [r.version for r in versions(engine, user_id)] == [1, 2]


# ---------------------------------------------------------------- user detail


def test_user_detail_shows_state_answers_profile_versions_and_audit(admin_id):
    user_id = confirmed_user()
    profile = profile_views.current_profile(user_id)
    profile_changes.request_change(user_id, topic="hydration", base_version=profile.version,
                                   changes={10: {"daily_water_target_ml": 2600}}, reason="thirsty")

    detail = admin.user_detail(admin_id, user_id)

    assert detail.user_id == user_id and detail.account_status == "active"
    assert detail.onboarding_completed is True and detail.is_admin is False
    assert detail.onboarding.current_step == 11 and detail.onboarding.completed_steps == list(range(11))
    assert set(detail.onboarding.answers) == set(range(11))
    assert detail.onboarding.answers[0]["time_zone"] == "Europe/Berlin"
    assert detail.profile_version == 2
    assert detail.profile["hydration_preferences"]["daily_water_target_ml"] == 2600
    assert [(v.version, v.changed_by, v.change_reason) for v in detail.versions] == [
        (2, "user", "thirsty"), (1, "user", "Onboarding confirmed")]
    assert detail.versions[0].changed_fields == ["hydration_preferences.daily_water_target_ml"]
    assert detail.versions[1].valid_until == detail.versions[0].valid_from
    times = [row.created_at for row in detail.audit]
    assert times == sorted(times, reverse=True)
    assert (detail.audit[-1].table_name, detail.audit[-1].operation) == ("users", "INSERT")  # the sign-up
    assert detail.last_reset is None


def test_user_detail_after_a_reset_and_for_unknown_users(admin_id):
    user_id = confirmed_user()
    admin.reset_onboarding(admin_id, user_id, reason=REASON, consent_confirmed=True)
    detail = admin.user_detail(admin_id, user_id)
    assert detail.profile is None and detail.profile_version is None
    assert detail.onboarding.current_step == 0 and detail.onboarding.answers == {}
    assert detail.versions[0].changed_by == "admin" and detail.last_reset["reason"] == REASON
    assert admin.user_detail(admin_id, uuid.uuid4()) is None
    assert admin.user_detail(admin_id, admin_id).is_admin is True
