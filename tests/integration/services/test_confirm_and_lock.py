"""Confirm and lock (step 11) against the real database: all rows or none, exactly once."""

from __future__ import annotations

import json
import threading
from datetime import time
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from fitapp.core.db import session_scope
from fitapp.services.profile_lock import (
    AlreadyConfirmed,
    LockResult,
    NotReadyToConfirm,
    confirm_and_lock,
)
from fitapp.services.profile_views import load_locked_profile
from fitapp.services.snapshot import SECTIONS, build_profile_snapshot
from tests.support.factories import sign_up_new_user
from tests.support.onboarding import (
    PROFILE_TABLES,
    answers_aged_36,
    answers_for_today,
    audit_rows,
    complete_onboarding_answers,
    onboarding_row,
    row_counts,
)

pytestmark = pytest.mark.usefixtures("app_database")

NOTHING_WRITTEN = dict.fromkeys(PROFILE_TABLES, 0)


def _new_user_with_answers(answers=None):
    user_id = sign_up_new_user().user.user_id
    return user_id, complete_onboarding_answers(user_id, answers)


def _lock_audit(engine, user_id):
    """Audit rows written by the lock (the sign-up's users INSERT excluded)."""
    return [row for row in audit_rows(engine, user_id) if not (row.table_name == "users" and row.operation == "INSERT")]


def _one(engine, sql, user_id):
    with engine.connect() as conn:
        return conn.execute(text(sql), {"u": user_id}).one()


def test_confirm_writes_exactly_one_locked_profile_with_every_related_row(engine):
    user_id, answers = _new_user_with_answers()

    result = confirm_and_lock(user_id, user_agent="pytest-agent")

    assert isinstance(result, LockResult) and result.version == 1
    assert row_counts(engine, user_id) == {
        "user_profiles": 1,
        "user_profile_versions": 1,
        "fitness_goals": 2,
        "physical_constraints": 4,  # one knee injury, location, equipment, time
        "dietary_preferences": 1,
        "meal_plans": 1,
        "meal_schedules": answers[7]["meals_per_day"],
        "workout_schedules": 1,
        "hydration_preferences": 1,
        "lifestyle_baselines": 1,
        "body_measurements": 1,
    }
    state = onboarding_row(engine, user_id)
    assert state.completed_at == result.locked_at == state.onboarding_completed_at
    assert state.current_step == 11 and state.onboarding_completed is True
    assert {key: state.metadata[key] for key in ("units", "sex", "birth_date", "time_zone")} == {
        "units": "metric",
        "sex": "female",
        "birth_date": "1990-05-14",
        "time_zone": "Europe/Berlin",
    }
    assert state.metadata["consent_given_at"]

    profile = _one(engine, "SELECT * FROM user_profiles WHERE user_id = :u", user_id)
    assert profile.id == result.profile_id and profile.version == 1 and profile.previous_version_id is None
    assert (profile.fitness_level, profile.primary_goal, profile.secondary_goal) == (
        "intermediate",
        "fat_loss",
        "strength",
    )
    assert (profile.energy_level, profile.stress_level, profile.sleep_quality) == ("medium", "low", "good")
    assert profile.is_locked is True and profile.locked_at == result.locked_at and profile.last_modified_by == "user"

    version = _one(engine, "SELECT * FROM user_profile_versions WHERE user_id = :u", user_id)
    assert (version.version, version.valid_until, version.valid_from) == (1, None, result.locked_at)
    assert version.change_reason == "Onboarding confirmed" and version.changed_by == "user"
    assert sorted(version.changed_fields) == sorted(SECTIONS)
    assert version.profile_snapshot["user_profiles"]["fitness_level"] == "intermediate"


def test_confirmed_rows_hold_the_answers_with_their_column_types(engine):
    user_id, answers = _new_user_with_answers()
    confirm_and_lock(user_id)

    with engine.connect() as conn:

        def rows(sql):
            return conn.execute(text(sql), {"u": user_id}).all()

        goals = rows("SELECT * FROM fitness_goals WHERE user_id = :u ORDER BY priority")
        constraints = {r.constraint_type: r for r in rows("SELECT * FROM physical_constraints WHERE user_id = :u")}
        diet = rows("SELECT * FROM dietary_preferences WHERE user_id = :u")[0]
        plan = rows("SELECT * FROM meal_plans WHERE user_id = :u")[0]
        meals = rows("SELECT * FROM meal_schedules WHERE user_id = :u ORDER BY meal_number")
        workout = rows("SELECT * FROM workout_schedules WHERE user_id = :u")[0]
        water = rows("SELECT * FROM hydration_preferences WHERE user_id = :u")[0]
        lifestyle = rows("SELECT * FROM lifestyle_baselines WHERE user_id = :u")[0]
        body = rows("SELECT * FROM body_measurements WHERE user_id = :u")[0]

    assert [(g.goal_type, g.goal_category, g.priority) for g in goals] == [
        ("primary", "fat_loss", 1),
        ("secondary", "strength", 2),
    ]
    assert goals[0].target_weight_kg == Decimal("58.00") and goals[0].target_timeline_weeks == 12
    assert goals[0].user_explanation == "I want to feel fitter for hiking."

    injury = constraints["injury"]
    assert (injury.constraint_category, injury.severity, injury.description) == ("knee", "mild", "Old running injury")
    assert constraints["location_preference"].workout_location == "home"
    assert constraints["equipment"].available_equipment == ["dumbbells", "resistance_bands", "yoga_mat"]
    assert constraints["time_constraint"].max_workout_duration_minutes == 60

    assert (
        diet.diet_type == "omnivore"
        and diet.allergies == ["peanuts"]
        and diet.preferred_cuisines == ["italian", "indian"]
    )
    assert diet.budget_per_day_usd == Decimal("15.00") and diet.max_meal_prep_time_minutes == 30

    proposal = answers[7]
    assert (plan.meals_per_day, plan.daily_calories_target) == (3, proposal["daily_calories_target"])
    assert plan.daily_calories_min < plan.daily_calories_target < plan.daily_calories_max
    assert plan.protein_grams_target == Decimal(str(proposal["protein_grams_target"]))
    assert plan.protein_percentage + plan.carbs_percentage + plan.fats_percentage == Decimal("100.00")
    assert plan.plan_rationale == proposal["plan_rationale"] and plan.is_locked is True and plan.locked_at is not None

    assert [(m.meal_number, m.meal_name, m.scheduled_time) for m in meals] == [
        (1, "Breakfast", time(7, 30)),
        (2, "Lunch", time(12, 30)),
        (3, "Dinner", time(19, 30)),
    ]
    assert {m.meal_plan_id for m in meals} == {plan.id}
    assert (meals[0].earliest_time, meals[0].latest_time, meals[0].notification_offset_minutes) == (
        time(7),
        time(8, 30),
        -15,
    )

    weekdays = [
        workout.monday_workout,
        workout.tuesday_workout,
        workout.wednesday_workout,
        workout.thursday_workout,
        workout.friday_workout,
        workout.saturday_workout,
        workout.sunday_workout,
    ]
    assert weekdays == [True, False, True, False, True, True, False]
    assert (workout.preferred_workout_time, workout.preferred_workout_duration_minutes) == (time(18), 45)
    assert (workout.workout_reminder_enabled, workout.reminder_offset_minutes, workout.rest_day_preference) == (
        True,
        -30,
        "flexible",
    )

    assert (water.daily_water_target_ml, water.reminder_start_time, water.reminder_end_time) == (
        2200,
        time(8),
        time(22),
    )
    assert (water.reminder_frequency_minutes, water.reminder_tone, water.auto_remind_with_meals) == (60, "gentle", True)

    assert (lifestyle.energy_level, lifestyle.sleep_hours_last_night, lifestyle.data_source) == (
        "medium",
        Decimal("7.5"),
        "user_input",
    )
    assert (body.weight_kg, body.height_cm, body.source) == (Decimal("62.50"), Decimal("168.00"), "onboarding")


def test_confirm_writes_an_audit_row_for_every_table_it_touches(engine):
    user_id, _ = _new_user_with_answers()
    confirm_and_lock(user_id, changed_by="user", user_agent="pytest-agent")

    audit = _lock_audit(engine, user_id)
    assert sorted((row.table_name, row.operation) for row in audit) == sorted(
        [(table, "INSERT") for table in PROFILE_TABLES] + [("users", "UPDATE"), ("onboarding_states", "UPDATE")]
    )
    assert {(row.changed_by, row.user_agent) for row in audit} == {("user", "pytest-agent")}
    by_table = {row.table_name: row for row in audit}
    assert by_table["meal_schedules"].new_values["count"] == 3
    assert by_table["meal_plans"].new_values["meals_per_day"] == 3
    assert by_table["onboarding_states"].old_values["completed_at"] is None
    assert by_table["users"].new_values["onboarding_completed"] is True


def test_parq_yes_answers_and_limitations_become_limitations_and_no_secondary_goal_means_one_goal(engine):
    answers = answers_for_today()
    answers[3]["parq"]["dizziness"] = True
    answers[3]["parq"]["bp_medication"] = True
    answers[3]["limitations"] = ["No jumping"]
    answers[3]["injuries"] = []
    answers[4]["available_equipment"] = []
    answers[2]["secondary_goal"] = None
    user_id, _ = _new_user_with_answers(answers)

    confirm_and_lock(user_id)

    counts = row_counts(engine, user_id)
    assert counts["fitness_goals"] == 1 and counts["physical_constraints"] == 6
    with engine.connect() as conn:
        limits = conn.execute(
            text(
                "SELECT constraint_category, description FROM physical_constraints "
                "WHERE user_id = :u AND constraint_type = 'limitation' ORDER BY description"
            ),
            {"u": user_id},
        ).all()
        equipment = conn.execute(
            text(
                "SELECT available_equipment FROM physical_constraints WHERE user_id = :u AND constraint_type = 'equipment'"
            ),
            {"u": user_id},
        ).scalar_one()
    assert equipment == []
    assert ("", "No jumping") in [(c or "", d) for c, d in limits]
    parq = [d for c, d in limits if c == "parq"]
    assert len(parq) == 2 and all("doctor's clearance" in d for d in parq)


def _assert_nothing_locked(engine, user_id):
    assert row_counts(engine, user_id) == NOTHING_WRITTEN
    state = onboarding_row(engine, user_id)
    assert state.completed_at is None and state.onboarding_completed is False
    assert _lock_audit(engine, user_id) == []


def test_a_missing_step_refuses_the_confirm_and_writes_nothing(engine):
    answers = answers_for_today()
    del answers[8]
    user_id, _ = _new_user_with_answers(answers)

    with pytest.raises(NotReadyToConfirm) as refused:
        confirm_and_lock(user_id)

    assert list(refused.value.problems) == [8]
    assert "Meal times" in str(refused.value)
    _assert_nothing_locked(engine, user_id)


def test_a_stored_answer_that_is_no_longer_valid_refuses_the_confirm_and_writes_nothing(engine):
    answers = answers_for_today()
    answers[8]["meals"][0]["notification_offset_minutes"] = -200  # would break the meal_schedules CHECK
    answers[5]["preferred_workout_duration_minutes"] = 90  # longer than step 4's longest workout
    user_id, _ = _new_user_with_answers(answers)

    with pytest.raises(NotReadyToConfirm) as refused:
        confirm_and_lock(user_id)

    assert sorted(refused.value.problems) == [5, 8]
    _assert_nothing_locked(engine, user_id)


def test_a_database_refusal_mid_transaction_rolls_back_every_row(engine):
    user_id, _ = _new_user_with_answers()
    with engine.begin() as conn:  # a stray row: hydration_preferences allows one per user
        conn.execute(
            text("INSERT INTO hydration_preferences (user_id, daily_water_target_ml) VALUES (:u, 1500)"), {"u": user_id}
        )

    with pytest.raises(IntegrityError, match="hydration_preferences"):
        confirm_and_lock(user_id)

    # user_profiles, goals, constraints, diet, meal plan and schedules were flushed before the refusal.
    assert row_counts(engine, user_id) == {**NOTHING_WRITTEN, "hydration_preferences": 1}
    state = onboarding_row(engine, user_id)
    assert state.completed_at is None and state.onboarding_completed is False and "units" not in state.metadata
    assert _lock_audit(engine, user_id) == []


def test_derived_meal_plan_numbers_are_recomputed_not_copied_from_step_data(engine):
    answers = answers_aged_36()
    answers[7].update(protein_percentage=10.0, carbs_percentage=10.0, fats_percentage=10.0)  # CHECK would refuse
    user_id, _ = _new_user_with_answers(answers)

    confirm_and_lock(user_id)

    plan = _one(
        engine,
        "SELECT daily_calories_target, protein_grams_target, carbs_grams_target, fats_grams_target, "
        "protein_percentage, carbs_percentage, fats_percentage FROM meal_plans WHERE user_id = :u",
        user_id,
    )
    # By hand: 1708 kcal (see answers_aged_36); protein 125 g = 500 kcal, fat 25 % of 1708 / 9 =
    # 47.44 -> 47.5 g = 427.5 kcal, carbs (1708 - 500 - 427.5) / 4 = 195.1 -> 195 g = 780 kcal.
    # Shares of the macro energy 1707.5: 29.28 %, 45.68 %, 25.04 % (sum 100.00).
    assert plan.daily_calories_target == 1708
    assert [float(plan.protein_grams_target), float(plan.carbs_grams_target), float(plan.fats_grams_target)] == [
        125.0, 195.0, 47.5]
    assert [float(plan.protein_percentage), float(plan.carbs_percentage), float(plan.fats_percentage)] == [
        29.28, 45.68, 25.04]


def test_two_confirms_at_the_same_moment_lock_exactly_one_profile(engine):
    user_id, _ = _new_user_with_answers()
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def confirm() -> None:
        barrier.wait()
        try:
            outcomes.append(confirm_and_lock(user_id))
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes.append(error)

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["AlreadyConfirmed", "LockResult"]
    counts = row_counts(engine, user_id)
    assert counts["user_profiles"] == 1 and counts["user_profile_versions"] == 1 and counts["meal_schedules"] == 3
    assert len([row for row in _lock_audit(engine, user_id) if row.table_name == "user_profiles"]) == 1


def test_a_second_confirm_after_success_is_refused_and_changes_nothing(engine):
    user_id, _ = _new_user_with_answers()
    first = confirm_and_lock(user_id)
    counts, audit, state = row_counts(engine, user_id), _lock_audit(engine, user_id), onboarding_row(engine, user_id)

    with pytest.raises(AlreadyConfirmed, match="already confirmed"):
        confirm_and_lock(user_id)

    assert row_counts(engine, user_id) == counts
    assert len(_lock_audit(engine, user_id)) == len(audit)
    assert onboarding_row(engine, user_id) == state and state.completed_at == first.locked_at


def test_profile_snapshot_is_json_deterministic_and_matches_the_stored_version(engine):
    user_id, _ = _new_user_with_answers()
    confirm_and_lock(user_id)

    with session_scope() as db:
        first, second = build_profile_snapshot(db, user_id), build_profile_snapshot(db, user_id)

    assert first == second and json.dumps(first) == json.dumps(second)
    assert list(first) == sorted(first) == list(SECTIONS)
    assert all(list(section) == sorted(section) for section in first.values() if isinstance(section, dict))
    assert first["meal_schedules"][0]["scheduled_time"] == "07:30"
    assert first["workout_schedules"]["preferred_workout_time"] == "18:00"
    assert first["body_measurements"]["weight_kg"] == 62.5
    assert first["user_profiles"]["locked_at"].endswith("+00:00") and first["user_profiles"]["version"] == 1
    assert [goal["priority"] for goal in first["fitness_goals"]] == [1, 2]
    assert [c["constraint_type"] for c in first["physical_constraints"]] == [
        "equipment",
        "injury",
        "location_preference",
        "time_constraint",
    ]
    assert first["users"]["time_zone"] == "Europe/Berlin"
    assert not any(key in (first["meal_plans"] or {}) for key in ("id", "user_id", "created_at"))
    stored = _one(engine, "SELECT profile_snapshot FROM user_profile_versions WHERE user_id = :u", user_id)[0]
    assert stored == json.loads(json.dumps(first))


def test_load_locked_profile_is_none_before_confirm_and_the_snapshot_after(engine):
    user_id, _ = _new_user_with_answers()
    assert load_locked_profile(user_id) is None

    result = confirm_and_lock(user_id)
    loaded = load_locked_profile(user_id)

    assert loaded["version"] == 1 and loaded["locked_at"] == result.locked_at.isoformat()
    assert loaded["meal_plans"]["meals_per_day"] == 3
    json.dumps(loaded)
