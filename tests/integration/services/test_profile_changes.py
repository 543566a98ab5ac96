"""Locked profile changes against the real database: reasons, versions, history, rollback."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from fitapp.domain import StepContext, StepRejected, suggested_meals, validate_answer
from fitapp.domain.clock import today_for
from fitapp.domain.diff import FieldDiff, diff_snapshots, same_configuration
from fitapp.services import profile_changes
from fitapp.services.profile_changes import (
    TOPICS,
    ChangeResult,
    NoChange,
    ProfileChangedMeanwhile,
    ReasonRequired,
    VersionNotFound,
    plan_change,
    request_change,
    restore_version,
)
from fitapp.services.profile_views import VERSION_AT_SQL, current_profile, history, version_at, version_detail
from fitapp.services.reference import load_reference_data
from tests.support.factories import sign_up_new_user
from tests.support.onboarding import (
    answers_aged_36,
    answers_for_today,
    audit_rows,
    confirmed_user,
    row_counts,
    version_rows,
)
from tests.unit.answers_fixture import valid_answers

pytestmark = pytest.mark.usefixtures("app_database")


def _one(engine, sql, user_id):
    with engine.connect() as conn:
        return conn.execute(text(sql), {"u": user_id}).one()


def _change_water(user_id, ml=2600, *, base_version=1, reason="Summer heat"):
    return request_change(
        user_id,
        topic="hydration",
        base_version=base_version,
        changes={10: {"daily_water_target_ml": ml}},
        reason=reason,
        user_agent="pytest-agent",
    )


def _nothing_written(engine, user_id, counts, audit):
    assert row_counts(engine, user_id) == counts
    assert len(audit_rows(engine, user_id)) == len(audit)
    assert [row.version for row in version_rows(engine, user_id)] == [1]
    assert _one(engine, "SELECT version FROM user_profiles WHERE user_id = :u", user_id).version == 1


def test_a_change_creates_exactly_one_version_with_exactly_the_changed_fields(engine):
    user_id, _ = confirmed_user()
    counts_before = row_counts(engine, user_id)

    result = _change_water(user_id)

    assert result == ChangeResult(version=2, changed_fields=["hydration_preferences.daily_water_target_ml"])
    assert row_counts(engine, user_id) == {**counts_before, "user_profile_versions": 2}
    first, second = version_rows(engine, user_id)
    assert first.valid_until == second.valid_from and second.valid_until is None
    assert (second.version, second.changed_by, second.change_reason) == (2, "user", "Summer heat")
    assert second.changed_fields == ["hydration_preferences.daily_water_target_ml"]
    assert second.profile_snapshot["hydration_preferences"]["daily_water_target_ml"] == 2600
    assert second.profile_snapshot["answers"]["10"]["daily_water_target_ml"] == 2600
    assert second.profile_snapshot["user_profiles"]["version"] == 2

    profile = _one(engine, "SELECT * FROM user_profiles WHERE user_id = :u", user_id)
    assert (profile.version, profile.previous_version_id) == (2, first.id)
    assert (profile.last_modified_by, profile.modification_reason) == ("user", "Summer heat")
    assert profile.is_locked is True and profile.locked_at == second.valid_from
    water = _one(engine, "SELECT daily_water_target_ml FROM hydration_preferences WHERE user_id = :u", user_id)
    assert water.daily_water_target_ml == 2600

    change_audit = [row for row in audit_rows(engine, user_id) if row.old_values is not None or
                    row.table_name == "user_profile_versions" and row.new_values.get("version") == 2]
    by_table = {(row.table_name, row.operation): row for row in change_audit}
    hydration = by_table[("hydration_preferences", "UPDATE")]
    assert hydration.old_values == {"daily_water_target_ml": 2200}
    assert hydration.new_values == {"daily_water_target_ml": 2600}
    assert (hydration.changed_by, hydration.user_agent) == ("user", "pytest-agent")
    versioning = by_table[("user_profiles", "UPDATE")]
    assert (versioning.old_values["version"], versioning.new_values["version"]) == (1, 2)
    assert versioning.new_values["modification_reason"] == "Summer heat"
    assert by_table[("user_profile_versions", "UPDATE")].new_values["valid_until"] is not None
    assert by_table[("user_profile_versions", "INSERT")].new_values["changed_fields"] == result.changed_fields


def test_a_goal_change_recalculates_an_accepted_meal_plan(engine):
    user_id, answers = confirmed_user(answers_aged_36())
    plan_before = _one(engine, "SELECT * FROM meal_plans WHERE user_id = :u", user_id)
    # Worked out by hand (ONBOARDING_SPEC "Energy and macros"): resting 10*62.5 + 6.25*168 - 5*36
    # - 161 = 1334 kcal; moderate 1.55 + 0.05 for a 4th workout day = 1.60: 2134.4 kcal.
    # Fat loss -20 %: 1707.52 -> 1708 kcal, protein 2.0 g/kg = 125 g.
    assert (plan_before.daily_calories_target, plan_before.protein_grams_target) == (1708, Decimal("125.0"))

    result = request_change(
        user_id, topic="goals", base_version=1, changes={2: {"primary_goal": "general_fitness"}},
        reason="Less dieting, more hiking",
    )

    # General fitness +-0: 2134 kcal (range -/+10 %: 1921..2347), protein 1.6 g/kg = 100 g,
    # fat 25 % of 2134 / 9 = 59.28 -> 59.5 g, carbs (2134 - 400 - 535.5) / 4 = 299.625 -> 299.5 g.
    plan = _one(engine, "SELECT * FROM meal_plans WHERE user_id = :u", user_id)
    version = version_rows(engine, user_id)[-1]
    assert plan.id == plan_before.id
    assert (plan.daily_calories_target, plan.daily_calories_min, plan.daily_calories_max) == (2134, 1921, 2347)
    assert (plan.protein_grams_target, plan.fats_grams_target, plan.carbs_grams_target) == (
        Decimal("100.0"), Decimal("59.5"), Decimal("299.5"))
    assert plan.last_recalculated_at == version.valid_from
    assert plan.recalculation_reason == "Recalculated after a change to Goals: Less dieting, more hiking"
    assert {"user_profiles.primary_goal", "fitness_goals.goal_category", "meal_plans.daily_calories_target",
            "meal_plans.protein_grams_target", "meal_plans.plan_rationale"} <= set(result.changed_fields)
    assert "meal_plans.last_recalculated_at" not in result.changed_fields  # volatile
    assert version.profile_snapshot["answers"]["7"]["accept_proposal"] is True
    with engine.connect() as conn:
        meal_plan_ids = conn.execute(
            text("SELECT DISTINCT meal_plan_id FROM meal_schedules WHERE user_id = :u"), {"u": user_id}
        ).scalars().all()
    assert meal_plan_ids == [plan.id]


def test_a_plan_the_user_adjusted_keeps_its_numbers_when_the_goal_changes(engine):
    answers = answers_for_today()
    answers[7] = validate_answer(
        7,
        {"meals_per_day": 3, "accept_proposal": False, "daily_calories_target": 1800,
         "protein_grams_target": 120.0, "carbs_grams_target": 200.0, "fats_grams_target": 56.0},
        StepContext(answers, load_reference_data(), today_for(answers)),
    ).answer
    user_id, _ = confirmed_user(answers)

    request_change(user_id, topic="goals", base_version=1, changes={2: {"primary_goal": "general_fitness"}},
                   reason="Changed my mind")

    plan = _one(engine, "SELECT * FROM meal_plans WHERE user_id = :u", user_id)
    assert (plan.daily_calories_target, plan.protein_grams_target) == (1800, Decimal("120.00"))


def test_a_save_that_changes_nothing_is_refused_and_writes_nothing(engine):
    user_id, answers = confirmed_user()
    counts, audit = row_counts(engine, user_id), audit_rows(engine, user_id)

    with pytest.raises(NoChange) as refused:
        request_change(user_id, topic="hydration", base_version=1, changes={10: answers[10]}, reason="Just checking")

    assert refused.value.message == "That is what your plan already says; nothing was changed."
    _nothing_written(engine, user_id, counts, audit)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_change_without_a_reason_is_refused(engine, reason):
    user_id, _ = confirmed_user()
    counts, audit = row_counts(engine, user_id), audit_rows(engine, user_id)

    with pytest.raises(ReasonRequired) as refused:
        _change_water(user_id, reason=reason)

    assert refused.value.message == "Please say why you are changing your plan."
    _nothing_written(engine, user_id, counts, audit)


def test_an_invalid_answer_is_refused_with_the_onboarding_message_and_writes_nothing(engine):
    user_id, answers = confirmed_user()
    counts, audit = row_counts(engine, user_id), audit_rows(engine, user_id)
    wrong = {**answers[10], "daily_water_target_ml": 100}
    with pytest.raises(StepRejected) as onboarding_says:
        validate_answer(10, wrong, StepContext(answers, load_reference_data(), today_for(answers)))

    with pytest.raises(StepRejected) as refused:
        _change_water(user_id, ml=100)

    assert refused.value.messages == onboarding_says.value.messages and refused.value.step == 10
    _nothing_written(engine, user_id, counts, audit)


def test_an_edit_that_contradicts_another_answer_is_refused(engine):
    user_id, _ = confirmed_user()  # fat loss to 58 kg
    counts, audit = row_counts(engine, user_id), audit_rows(engine, user_id)

    with pytest.raises(StepRejected) as refused:
        request_change(user_id, topic="about_you", base_version=1, changes={0: {"weight_kg": 57.0}},
                       reason="Lost weight")

    assert refused.value.messages and all(message.startswith("Goals: ") for message in refused.value.messages)
    _nothing_written(engine, user_id, counts, audit)


def test_meals_per_day_changes_together_with_the_meal_times(engine):
    user_id, answers = confirmed_user()
    plan_before = _one(engine, "SELECT * FROM meal_plans WHERE user_id = :u", user_id)

    with pytest.raises(StepRejected, match="Meal times"):
        request_change(user_id, topic="meal_plan", base_version=1, changes={7: {"meals_per_day": 4}},
                       reason="Smaller meals")
    result = request_change(
        user_id, topic="meal_times", base_version=1,
        changes={"7": {"meals_per_day": 4, "daily_calories_target": 3000}, "8": {"meals": suggested_meals(4)}},
        reason="Smaller meals",
    )

    plan = _one(engine, "SELECT * FROM meal_plans WHERE user_id = :u", user_id)
    assert plan.meals_per_day == 4
    assert (plan.daily_calories_target, plan.protein_grams_target) == (
        plan_before.daily_calories_target, plan_before.protein_grams_target,
    )
    assert plan.recalculation_reason == "Recalculated after a change to Meal times: Smaller meals"
    assert row_counts(engine, user_id)["meal_schedules"] == 4
    assert "meal_plans.meals_per_day" in result.changed_fields
    assert "meal_schedules.scheduled_time" in result.changed_fields

    # Without an explicit number, the number of meal times given is the number of meals a day.
    request_change(user_id, topic="meal_times", base_version=2, changes={8: answers[8]}, reason="Back to three")
    plan = _one(engine, "SELECT * FROM meal_plans WHERE user_id = :u", user_id)
    assert plan.meals_per_day == 3 and row_counts(engine, user_id)["meal_schedules"] == 3


def test_an_accepted_plan_that_only_time_has_outdated_does_not_block_an_unrelated_change():
    answers = valid_answers(date(2026, 12, 1))  # born 1990-05-14: 36 then
    years_later = date(2031, 12, 1)  # 41: the coach would propose less now
    reference = load_reference_data()

    kept, recomputed = plan_change(
        TOPICS["hydration"], answers, {10: {"daily_water_target_ml": 2500}}, reference, years_later
    )
    assert kept[7] == answers[7] and recomputed is False

    changed, recomputed = plan_change(TOPICS["experience"], answers, {1: {"activity_level": "light"}}, reference,
                                      years_later)
    assert recomputed is True
    # By hand: resting 10*62.5 + 6.25*168 - 5*41 - 161 = 1309 kcal; light 1.375 + 0.05 (4 workout
    # days) = 1.425: 1865.3 kcal; fat loss -20 %: 1492.3 -> 1492 kcal.
    assert changed[7]["daily_calories_target"] == 1492


def test_a_lifestyle_change_adds_a_baseline_and_a_weight_change_a_measurement(engine):
    user_id, answers = confirmed_user()

    request_change(user_id, topic="lifestyle", base_version=1, changes={9: {"stress_level": "high"}},
                   reason="New job")
    result = request_change(user_id, topic="about_you", base_version=2, changes={0: {"weight_kg": 63.5}},
                            reason="Weighed myself")

    counts = row_counts(engine, user_id)
    assert (counts["lifestyle_baselines"], counts["body_measurements"]) == (2, 2)
    assert _one(engine, "SELECT stress_level FROM user_profiles WHERE user_id = :u", user_id).stress_level == "high"
    assert "body_measurements.weight_kg" in result.changed_fields
    assert "body_measurements.recorded_at" not in result.changed_fields
    assert "meal_plans.daily_calories_target" in result.changed_fields  # weight is a proposal input


def test_a_save_from_an_older_version_is_refused_with_the_current_plan(engine):
    user_id, _ = confirmed_user()
    _change_water(user_id, 2600)
    counts = row_counts(engine, user_id)

    with pytest.raises(ProfileChangedMeanwhile) as refused:
        _change_water(user_id, 2400, base_version=1)

    current = refused.value.current
    assert current.version == 2 and current.answers[10]["daily_water_target_ml"] == 2600
    assert current.snapshot["hydration_preferences"]["daily_water_target_ml"] == 2600
    assert refused.value.message == (
        "Your plan was changed meanwhile (now version 2). Here is the current plan; make your change again."
    )
    assert row_counts(engine, user_id) == counts


def test_two_saves_from_the_same_version_at_the_same_moment_make_exactly_one_version(engine):
    user_id, _ = confirmed_user()
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def save(ml: int) -> None:
        barrier.wait()
        try:
            outcomes.append(_change_water(user_id, ml))
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes.append(error)

    threads = [threading.Thread(target=save, args=(ml,)) for ml in (2500, 2700)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["ChangeResult", "ProfileChangedMeanwhile"]
    rows = version_rows(engine, user_id)
    assert [row.version for row in rows] == [1, 2]
    assert rows[0].valid_until == rows[1].valid_from
    winner = next(outcome for outcome in outcomes if isinstance(outcome, ChangeResult))
    assert winner.version == 2


def test_current_profile_has_the_answers_and_the_snapshot_of_the_current_version(engine):
    user_id, answers = confirmed_user()
    assert current_profile(sign_up_new_user().user.user_id) is None

    view = current_profile(user_id)

    assert view.version == 1 and view.locked_at is not None
    assert sorted(view.answers) == sorted(answers)
    assert all(view.answers[step] == answers[step] for step in answers)
    assert view.snapshot["meal_plans"]["meals_per_day"] == 3


def test_history_lists_every_version_newest_first_and_details_diff_against_the_previous(engine):
    user_id, _ = confirmed_user()
    _change_water(user_id, 2600)

    versions = history(user_id)
    detail = version_detail(user_id, 2)
    first = version_detail(user_id, 1)

    assert [(v.version, v.changed_by, v.change_reason) for v in versions] == [
        (2, "user", "Summer heat"),
        (1, "user", "Onboarding confirmed"),
    ]
    assert versions[0].is_current and not versions[1].is_current
    assert versions[0].changed_fields == ["hydration_preferences.daily_water_target_ml"]
    assert versions[1].valid_until == versions[0].valid_from
    assert detail.summary == versions[0] and detail.previous_snapshot == first.snapshot
    assert detail.diff == [FieldDiff("hydration_preferences", "daily_water_target_ml", 2200, 2600)]
    assert first.previous_snapshot is None and first.diff == []
    assert version_detail(user_id, 3) is None


def test_the_version_at_an_instant_respects_both_boundaries(engine):
    user_id, _ = confirmed_user()
    _change_water(user_id, 2600)
    first, second = version_rows(engine, user_id)
    tick = timedelta(microseconds=1)

    assert version_at(user_id, second.valid_from).version == 2
    assert version_at(user_id, second.valid_from - tick).version == 1
    assert version_at(user_id, first.valid_from).version == 1
    assert version_at(user_id, first.valid_from - tick) is None
    assert version_at(user_id, datetime(2999, 1, 1, tzinfo=UTC)).version == 2
    assert version_at(user_id, datetime.now(UTC)).valid_until is None


def test_the_version_at_query_is_answered_from_an_index(db):
    """On a realistic table (10,000 users with 5 versions each, analyzed) the planner reads
    one user's versions through an index on user_id (unique_user_version since migration 013
    dropped its duplicate idx_profile_versions_user_id), never the whole table."""
    db.execute(text(
        "INSERT INTO users (external_auth_id, email) "
        "SELECT 'local|explain-' || g, 'explain-' || g || '@example.com' FROM generate_series(1, 10000) g"
    ))
    db.execute(text(
        "INSERT INTO user_profile_versions (user_id, version, profile_snapshot, changed_by, valid_from, valid_until) "
        "SELECT u.id, v, '{}'::jsonb, 'user', now() - (6 - v) * interval '1 day', "
        "       CASE WHEN v < 5 THEN now() - (5 - v) * interval '1 day' END "
        "FROM users u CROSS JOIN generate_series(1, 5) v WHERE u.email LIKE 'explain-%'"
    ))
    db.execute(text("ANALYZE users, user_profile_versions"))
    user_id = db.execute(text("SELECT id FROM users WHERE email = 'explain-42@example.com'")).scalar_one()

    plan = db.execute(
        text(f"EXPLAIN (FORMAT JSON) {VERSION_AT_SQL}"), {"user_id": user_id, "instant": datetime.now(UTC)}
    ).scalar_one()

    rendered = json.dumps(plan)
    assert '"Index Name": "unique_user_version"' in rendered or '"Index Name": "idx_profile_versions_user_current"' in rendered
    assert "Seq Scan" not in rendered


def test_restoring_an_earlier_version_makes_a_new_version_equal_to_it(engine):
    user_id, _ = confirmed_user()
    request_change(user_id, topic="about_you", base_version=1, changes={0: {"weight_kg": 63.0}}, reason="Heavier")
    request_change(user_id, topic="goals", base_version=2, changes={2: {"primary_goal": "general_fitness"}},
                   reason="New goal")
    counts = row_counts(engine, user_id)

    result = restore_version(user_id, version=1, base_version=3, reason="The first plan suited me better")

    rows = version_rows(engine, user_id)
    assert result.version == 4 and [row.version for row in rows] == [1, 2, 3, 4]
    restored = rows[-1]
    assert restored.change_reason == "restored version 1: The first plan suited me better"
    assert same_configuration(rows[0].profile_snapshot, restored.profile_snapshot)
    assert diff_snapshots(rows[0].profile_snapshot, restored.profile_snapshot) == []
    assert restored.profile_snapshot["user_profiles"]["version"] == 4
    assert rows[2].valid_until == restored.valid_from
    assert set(result.changed_fields) >= {"user_profiles.primary_goal", "body_measurements.weight_kg"}
    assert row_counts(engine, user_id)["body_measurements"] == counts["body_measurements"] + 1
    plan = _one(engine, "SELECT recalculation_reason FROM meal_plans WHERE user_id = :u", user_id)
    assert plan.recalculation_reason == restored.change_reason

    with pytest.raises(NoChange):
        restore_version(user_id, version=1, base_version=4, reason="Again")
    with pytest.raises(VersionNotFound, match="no version 9"):
        restore_version(user_id, version=9, base_version=4, reason="Missing")
    with pytest.raises(ReasonRequired):
        restore_version(user_id, version=2, base_version=4, reason=" ")
    with pytest.raises(ProfileChangedMeanwhile):
        restore_version(user_id, version=2, base_version=3, reason="Stale tab")
    assert len(version_rows(engine, user_id)) == 4


def test_every_topic_edits_known_steps():
    assert {key: topic.steps for key, topic in TOPICS.items()} == {
        "about_you": (0,), "experience": (1,), "goals": (2,), "injuries": (3,), "equipment": (4,),
        "workouts": (5,), "diet": (6,), "meal_plan": (7,), "meal_times": (7, 8), "lifestyle": (9,),
        "hydration": (10,),
    }


def test_a_change_invalidates_the_cached_profile_after_commit(profile_cache):
    cached, redis_client = profile_cache
    user_id, _ = confirmed_user()
    cached.put(str(user_id), {"version": 1})
    assert redis_client.exists(f"fitapp:profile:{user_id}")

    _change_water(user_id)

    assert not redis_client.exists(f"fitapp:profile:{user_id}")


def test_a_restore_invalidates_the_cached_profile_after_commit(profile_cache):
    cached, redis_client = profile_cache
    user_id, _ = confirmed_user()
    _change_water(user_id)
    cached.put(str(user_id), {"version": 2})
    assert redis_client.exists(f"fitapp:profile:{user_id}")

    restore_version(user_id, version=1, base_version=2, reason="Back to the first plan")

    assert not redis_client.exists(f"fitapp:profile:{user_id}")


def test_a_document_without_answers_falls_back_to_the_plans_answers():
    from fitapp.services.profile_views import document_answers

    user_id, answers = confirmed_user()
    assert document_answers(user_id, {"version": 1, "answers": {"10": {"daily_water_target_ml": 1}}}) == {
        10: {"daily_water_target_ml": 1}}
    assert document_answers(user_id, {"version": 1}) == answers  # saved before snapshots carried answers
    assert document_answers(sign_up_new_user().user.user_id, {"version": 1}) == {}
