"""Every CHECK and UNIQUE constraint of the seed rejects a violating row and accepts a valid one."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from tests.support.rows import insert_row, new_user, valid_values

# (table, constraint name, column overrides that violate only that constraint)
CHECK_VIOLATIONS = [
    ("users", "valid_email", {"email": "not-an-email"}),
    ("users", "valid_email", {"email": "someone@example.c"}),
    ("onboarding_states", "valid_current_step", {"current_step": 12}),
    ("onboarding_states", "valid_current_step", {"current_step": -1}),
    ("user_profiles", "valid_fitness_level", {"fitness_level": "expert"}),
    ("user_profiles", "valid_primary_goal", {"primary_goal": "strength"}),
    ("user_profiles", "valid_energy_level", {"energy_level": "extreme"}),
    ("user_profiles", "valid_stress_level", {"stress_level": "none"}),
    ("user_profiles", "valid_sleep_quality", {"sleep_quality": "terrible"}),
    ("fitness_goals", "valid_goal_type", {"goal_type": "tertiary"}),
    ("fitness_goals", "valid_goal_status", {"status": "done"}),
    ("fitness_goals", "valid_target_weight", {"target_weight_kg": 0}),
    ("fitness_goals", "valid_target_weight", {"target_weight_kg": 500}),
    ("fitness_goals", "valid_body_fat", {"target_body_fat_percentage": 2.99}),
    ("fitness_goals", "valid_body_fat", {"target_body_fat_percentage": 50.01}),
    ("physical_constraints", "valid_constraint_type", {"constraint_type": "mood"}),
    ("physical_constraints", "valid_workout_location", {"workout_location": "office"}),
    ("physical_constraints", "valid_max_duration", {"max_workout_duration_minutes": 14}),
    ("physical_constraints", "valid_max_duration", {"max_workout_duration_minutes": 181}),
    ("dietary_preferences", "valid_diet_type", {"diet_type": "carnivore"}),
    ("dietary_preferences", "valid_cooking_skill", {"cooking_skill_level": "chef"}),
    ("dietary_preferences", "valid_meal_prep", {"meal_prep_willingness": "always"}),
    ("meal_plans", "valid_meals_per_day", {"meals_per_day": 1}),
    ("meal_plans", "valid_meals_per_day", {"meals_per_day": 9}),
    ("meal_plans", "valid_calories", {"daily_calories_target": 999, "daily_calories_min": 900}),
    ("meal_plans", "valid_calories", {"daily_calories_target": 5001, "daily_calories_max": 5500}),
    ("meal_plans", "valid_calories", {"daily_calories_min": 2000}),
    ("meal_plans", "valid_calories", {"daily_calories_max": 2000}),
    ("meal_plans", "valid_macros", {"protein_grams_target": 0}),
    ("meal_plans", "valid_macros", {"carbs_grams_target": -1}),
    ("meal_plans", "valid_macros", {"fats_grams_target": 0}),
    ("meal_plans", "valid_macro_percentages", {"fats_percentage": 29.92}),
    ("meal_schedules", "valid_meal_number", {"meal_number": 0}),
    ("meal_schedules", "valid_meal_number", {"meal_number": 11}),
    ("meal_schedules", "valid_notification_offset", {"notification_offset_minutes": -121}),
    ("meal_schedules", "valid_notification_offset", {"notification_offset_minutes": 1}),
    ("workout_schedules", "at_least_one_workout_day", {"monday_workout": False}),
    ("workout_schedules", "valid_duration", {"preferred_workout_duration_minutes": 14}),
    ("workout_schedules", "valid_duration", {"preferred_workout_duration_minutes": 181}),
    ("hydration_preferences", "valid_water_target", {"daily_water_target_ml": 499}),
    ("hydration_preferences", "valid_water_target", {"daily_water_target_ml": 10001}),
    ("hydration_preferences", "valid_frequency", {"reminder_frequency_minutes": 14}),
    ("hydration_preferences", "valid_frequency", {"reminder_frequency_minutes": 481}),
    ("hydration_preferences", "valid_reminder_tone", {"reminder_tone": "loud"}),
    ("lifestyle_baselines", "valid_energy_level", {"energy_level": "zero"}),
    ("lifestyle_baselines", "valid_stress_level", {"stress_level": "panic"}),
    ("lifestyle_baselines", "valid_sleep_quality", {"sleep_quality": "awful"}),
    ("lifestyle_baselines", "valid_sleep_hours", {"sleep_hours_last_night": 24.1}),
    ("lifestyle_baselines", "valid_sleep_hours", {"sleep_hours_last_night": -0.5}),
    ("body_measurements", "valid_weight", {"weight_kg": 0}),
    ("body_measurements", "valid_height", {"height_cm": 300}),
    ("body_measurements", "measurement_present", {"weight_kg": None, "height_cm": None}),
    ("body_measurements", "valid_measurement_source", {"source": "guess"}),
    ("onboarding_step_events", "valid_event_step", {"step": 12}),
    ("onboarding_step_events", "valid_step_event", {"event": "clicked"}),
    # Extension (migration 008)
    ("user_roles", "valid_role", {"role": "superuser"}),
]

# (table, constraint names that may report it, columns that must be unique together)
UNIQUE_CONSTRAINTS = [
    ("users", {"users_email_key"}, ("email",)),
    ("users", {"users_external_auth_id_key"}, ("external_auth_id",)),
    ("onboarding_states", {"unique_user_onboarding"}, ("user_id",)),
    ("user_profiles", {"user_profiles_user_id_key", "idx_user_profiles_user_id"}, ("user_id",)),
    ("user_profile_versions", {"unique_user_version"}, ("user_id", "version")),
    ("dietary_preferences", {"dietary_preferences_user_id_key", "idx_dietary_preferences_user_id"}, ("user_id",)),
    ("meal_plans", {"meal_plans_user_id_key", "idx_meal_plans_user_id"}, ("user_id",)),
    ("meal_schedules", {"unique_user_meal_number"}, ("user_id", "meal_number")),
    ("workout_schedules", {"unique_user_schedule", "idx_workout_schedules_user_id"}, ("user_id",)),
    ("hydration_preferences", {"hydration_preferences_user_id_key", "idx_hydration_preferences_user_id"}, ("user_id",)),
    # Extensions (migration 006)
    ("user_credentials", {"user_credentials_pkey"}, ("user_id",)),
    ("auth_sessions", {"auth_sessions_token_hash_key"}, ("token_hash",)),
]


def violated_constraint(conn: Connection, table_name: str, values: dict) -> str | None:
    """Insert in a savepoint; return the name of the constraint that refused it, or None."""
    savepoint = conn.begin_nested()
    try:
        insert_row(conn, table_name, values)
    except IntegrityError as error:
        savepoint.rollback()
        return error.orig.diag.constraint_name
    savepoint.commit()
    return None


@pytest.mark.parametrize(
    ("table_name", "constraint", "overrides"),
    CHECK_VIOLATIONS,
    ids=[f"{t}.{c}:{','.join(f'{k}={v}' for k, v in o.items())}" for t, c, o in CHECK_VIOLATIONS],
)
def test_check_constraint_rejects_violating_row_and_accepts_valid_one(db, table_name, constraint, overrides):
    user_id = new_user(db)
    valid = valid_values(db, table_name, user_id)
    assert violated_constraint(db, table_name, {**valid, **overrides}) == constraint
    assert violated_constraint(db, table_name, valid) is None


@pytest.mark.parametrize(
    ("table_name", "constraints", "columns"), UNIQUE_CONSTRAINTS, ids=[f"{t}.{sorted(c)[0]}" for t, c, _ in UNIQUE_CONSTRAINTS]
)
def test_unique_constraint_rejects_duplicate_and_accepts_distinct_row(db, table_name, constraints, columns):
    user_id = new_user(db)
    first = valid_values(db, table_name, user_id)
    assert violated_constraint(db, table_name, first) is None

    duplicate = valid_values(db, table_name, user_id)
    duplicate.update({column: first[column] for column in columns})
    assert violated_constraint(db, table_name, duplicate) in constraints

    distinct = valid_values(db, table_name, new_user(db))
    assert violated_constraint(db, table_name, distinct) is None


def test_every_check_constraint_in_the_database_is_exercised(db):
    in_database = set(
        db.execute(
            text(
                "SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint "
                "WHERE contype = 'c' AND connamespace = 'public'::regnamespace"
            )
        ).scalars()
    )
    exercised = {f"{t}.{c}" for t, c, _ in CHECK_VIOLATIONS}
    assert in_database == exercised


def test_email_regex_accepts_plus_addressing_and_subdomains(db):
    for email in ("first.last+fit@mail.example.co.uk", "a_b%c@x-y.io"):
        assert violated_constraint(db, "users", {"external_auth_id": f"local|{email}", "email": email}) is None
