"""Migration 004: CHECK constraints and indexes (seed sections 6 and 7)

Every CHECK constraint and index of the seed, as written, with one exception the
database forces: the two 30-day partial indexes

    idx_lifestyle_baselines_recent ON lifestyle_baselines(user_id)
        WHERE recorded_at > CURRENT_TIMESTAMP - INTERVAL '30 days'
    idx_lifestyle_trends ON lifestyle_baselines(user_id, recorded_at DESC)
        WHERE recorded_at > CURRENT_TIMESTAMP - INTERVAL '30 days'

are refused by PostgreSQL ("functions in index predicate must be marked IMMUTABLE"): an
index predicate is evaluated when a row is written, so it cannot move with the clock. The
closest valid equivalents keep the names and serve the same queries through a range
condition on recorded_at instead of a predicate:

- idx_lifestyle_baselines_recent ON (recorded_at, user_id): "which users have data in the
  last 30 days" is a range scan on its leading column, answered from the index alone.
- idx_lifestyle_trends ON (user_id, recorded_at DESC) INCLUDE (energy_level, stress_level,
  sleep_quality, sleep_hours_last_night): one user's last 30 days is an index range scan
  that also carries the trend columns (an index-only scan), so it differs in purpose from
  idx_lifestyle_baselines_user_id, which has the same key columns.

Extension (not in the seed): a trigger keeps every `updated_at` column current on UPDATE,
so no code path can forget it.

Revision ID: 004
Revises: 003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "004"
down_revision: str | None = "003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECK_CONSTRAINTS: list[tuple[str, str, str]] = [
    ('users', 'valid_email', "email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'"),
    ('onboarding_states', 'valid_current_step', 'current_step >= 0 AND current_step <= 11'),
    ('user_profiles', 'valid_energy_level', "energy_level IN ('low', 'medium', 'high')"),
    ('user_profiles', 'valid_fitness_level', "fitness_level IN ('beginner', 'intermediate', 'advanced')"),
    ('user_profiles', 'valid_primary_goal', "primary_goal IN ('fat_loss', 'muscle_gain', 'general_fitness')"),
    ('user_profiles', 'valid_sleep_quality', "sleep_quality IN ('poor', 'fair', 'good', 'excellent')"),
    ('user_profiles', 'valid_stress_level', "stress_level IN ('low', 'medium', 'high')"),
    ('fitness_goals', 'valid_goal_type', "goal_type IN ('primary', 'secondary')"),
    ('fitness_goals', 'valid_goal_status', "status IN ('active', 'completed', 'paused', 'abandoned')"),
    ('fitness_goals', 'valid_body_fat', 'target_body_fat_percentage IS NULL OR (target_body_fat_percentage >= 3 AND target_body_fat_percentage <= 50)'),
    ('fitness_goals', 'valid_target_weight', 'target_weight_kg IS NULL OR (target_weight_kg > 0 AND target_weight_kg < 500)'),
    ('physical_constraints', 'valid_constraint_type', "constraint_type IN ('injury', 'limitation', 'equipment', 'location_preference', 'time_constraint')"),
    ('physical_constraints', 'valid_workout_location', "workout_location IS NULL OR workout_location IN ('home', 'gym', 'outdoor', 'hybrid')"),
    ('physical_constraints', 'valid_max_duration', 'max_workout_duration_minutes IS NULL OR (max_workout_duration_minutes >= 15 AND max_workout_duration_minutes <= 180)'),
    ('dietary_preferences', 'valid_cooking_skill', "cooking_skill_level IS NULL OR cooking_skill_level IN ('beginner', 'intermediate', 'advanced')"),
    ('dietary_preferences', 'valid_diet_type', "diet_type IN ('omnivore', 'vegetarian', 'vegan', 'pescatarian', 'keto', 'paleo', 'mediterranean', 'other')"),
    ('dietary_preferences', 'valid_meal_prep', "meal_prep_willingness IS NULL OR meal_prep_willingness IN ('none', 'minimal', 'moderate', 'extensive')"),
    ('hydration_preferences', 'valid_reminder_tone', "reminder_tone IN ('gentle', 'motivational', 'minimal')"),
    ('hydration_preferences', 'valid_water_target', 'daily_water_target_ml >= 500 AND daily_water_target_ml <= 10000'),
    ('hydration_preferences', 'valid_frequency', 'reminder_frequency_minutes >= 15 AND reminder_frequency_minutes <= 480'),
    ('lifestyle_baselines', 'valid_energy_level', "energy_level IN ('low', 'medium', 'high')"),
    ('lifestyle_baselines', 'valid_sleep_quality', "sleep_quality IN ('poor', 'fair', 'good', 'excellent')"),
    ('lifestyle_baselines', 'valid_stress_level', "stress_level IN ('low', 'medium', 'high')"),
    ('lifestyle_baselines', 'valid_sleep_hours', 'sleep_hours_last_night IS NULL OR (sleep_hours_last_night >= 0 AND sleep_hours_last_night <= 24)'),
    ('body_measurements', 'valid_measurement_source', "source IN ('onboarding', 'user_input', 'wearable', 'system')"),
    ('body_measurements', 'valid_height', 'height_cm IS NULL OR (height_cm > 0 AND height_cm < 300)'),
    ('body_measurements', 'measurement_present', 'weight_kg IS NOT NULL OR height_cm IS NOT NULL'),
    ('body_measurements', 'valid_weight', 'weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 500)'),
    ('meal_plans', 'valid_calories', 'daily_calories_target >= 1000 AND daily_calories_target <= 5000 AND daily_calories_min < daily_calories_target AND daily_calories_target < daily_calories_max'),
    ('meal_plans', 'valid_meals_per_day', 'meals_per_day >= 2 AND meals_per_day <= 8'),
    ('meal_plans', 'valid_macros', 'protein_grams_target > 0 AND carbs_grams_target > 0 AND fats_grams_target > 0'),
    ('meal_plans', 'valid_macro_percentages', 'protein_percentage + carbs_percentage + fats_percentage = 100'),
    ('meal_schedules', 'valid_meal_number', 'meal_number >= 1 AND meal_number <= 10'),
    ('meal_schedules', 'valid_notification_offset', 'notification_offset_minutes >= -120 AND notification_offset_minutes <= 0'),
    ('workout_schedules', 'at_least_one_workout_day', 'monday_workout OR tuesday_workout OR wednesday_workout OR thursday_workout OR friday_workout OR saturday_workout OR sunday_workout'),
    ('workout_schedules', 'valid_duration', 'preferred_workout_duration_minutes IS NULL OR (preferred_workout_duration_minutes >= 15 AND preferred_workout_duration_minutes <= 180)'),
]

TABLES_WITH_UPDATED_AT = ['users', 'onboarding_states', 'user_profiles', 'fitness_goals', 'physical_constraints', 'dietary_preferences', 'meal_plans', 'meal_schedules', 'workout_schedules', 'hydration_preferences']


def upgrade() -> None:
    for table, name, condition in CHECK_CONSTRAINTS:
        op.create_check_constraint(name, table, condition)
    op.create_index('idx_users_email', 'users', ['email'], unique=False, postgresql_where=sa.text('deleted_at IS NULL'))
    op.create_index('idx_users_external_auth_id', 'users', ['external_auth_id'], unique=False)
    op.create_index('idx_users_onboarding', 'users', ['onboarding_completed', 'created_at'], unique=False)
    op.create_index('idx_onboarding_analytics', 'onboarding_states', ['completed_at', sa.literal_column('started_at DESC')], unique=False, postgresql_where=sa.text('completed_at IS NULL'))
    op.create_index('idx_onboarding_incomplete', 'onboarding_states', ['user_id', 'completed_at'], unique=False, postgresql_where=sa.text('completed_at IS NULL'))
    op.create_index('idx_onboarding_last_activity', 'onboarding_states', ['last_activity_at'], unique=False, postgresql_where=sa.text('completed_at IS NULL'))
    op.create_index('idx_onboarding_user_id', 'onboarding_states', ['user_id'], unique=False)
    op.create_index('idx_audit_log_user_created', 'audit_log', ['user_id', sa.literal_column('created_at DESC')], unique=False)
    op.create_index('idx_profile_versions_user_current', 'user_profile_versions', ['user_id', 'valid_until'], unique=False, postgresql_where=sa.text('valid_until IS NULL'))
    op.create_index('idx_profile_versions_user_id', 'user_profile_versions', ['user_id', sa.literal_column('version DESC')], unique=False)
    op.create_index('idx_profile_versions_valid_from', 'user_profile_versions', ['valid_from'], unique=False)
    op.create_index('idx_user_complete_profile', 'user_profiles', ['user_id', 'is_locked'], unique=False)
    op.create_index('idx_user_profiles_goals', 'user_profiles', ['primary_goal', 'secondary_goal'], unique=False)
    op.create_index('idx_user_profiles_updated', 'user_profiles', [sa.literal_column('updated_at DESC')], unique=False)
    op.create_index('idx_user_profiles_user_id', 'user_profiles', ['user_id'], unique=True)
    op.create_index('idx_active_user_context', 'fitness_goals', ['user_id', 'status', 'priority'], unique=False, postgresql_where=sa.text("status = 'active'"))
    op.create_index('idx_fitness_goals_active', 'fitness_goals', ['user_id', 'status'], unique=False, postgresql_where=sa.text("status = 'active'"))
    op.create_index('idx_fitness_goals_priority', 'fitness_goals', ['user_id', 'priority'], unique=False)
    op.create_index('idx_fitness_goals_user_id', 'fitness_goals', ['user_id'], unique=False)
    op.create_index('idx_physical_constraints_active', 'physical_constraints', ['user_id', 'is_active'], unique=False, postgresql_where=sa.text('is_active = TRUE'))
    op.create_index('idx_physical_constraints_equipment', 'physical_constraints', ['available_equipment'], unique=False, postgresql_using='gin', postgresql_where=sa.text("constraint_type = 'equipment'"))
    op.create_index('idx_physical_constraints_type', 'physical_constraints', ['user_id', 'constraint_type'], unique=False)
    op.create_index('idx_physical_constraints_user_id', 'physical_constraints', ['user_id'], unique=False)
    op.create_index('idx_dietary_preferences_diet_type', 'dietary_preferences', ['diet_type'], unique=False)
    op.create_index('idx_dietary_preferences_user_id', 'dietary_preferences', ['user_id'], unique=True)
    op.create_index('idx_hydration_preferences_user_id', 'hydration_preferences', ['user_id'], unique=True)
    # Seed: ... WHERE recorded_at > CURRENT_TIMESTAMP - INTERVAL '30 days' (see module docstring).
    op.create_index('idx_lifestyle_baselines_recent', 'lifestyle_baselines', ['recorded_at', 'user_id'], unique=False)
    op.create_index('idx_lifestyle_baselines_user_id', 'lifestyle_baselines', ['user_id', sa.literal_column('recorded_at DESC')], unique=False)
    # Seed: ... WHERE recorded_at > CURRENT_TIMESTAMP - INTERVAL '30 days' (see module docstring).
    op.create_index('idx_lifestyle_trends', 'lifestyle_baselines', ['user_id', sa.literal_column('recorded_at DESC')], unique=False, postgresql_include=['energy_level', 'stress_level', 'sleep_quality', 'sleep_hours_last_night'])
    op.create_index('idx_body_measurements_user_recorded', 'body_measurements', ['user_id', sa.literal_column('recorded_at DESC')], unique=False)
    op.create_index('idx_meal_plans_updated', 'meal_plans', [sa.literal_column('updated_at DESC')], unique=False)
    op.create_index('idx_meal_plans_user_id', 'meal_plans', ['user_id'], unique=True)
    op.create_index('idx_meal_schedules_meal_plan', 'meal_schedules', ['meal_plan_id'], unique=False)
    op.create_index('idx_meal_schedules_time', 'meal_schedules', ['user_id', 'scheduled_time'], unique=False)
    op.create_index('idx_meal_schedules_user_id', 'meal_schedules', ['user_id'], unique=False)
    op.create_index('idx_workout_schedules_user_id', 'workout_schedules', ['user_id'], unique=True)
    op.execute(
        """
        CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := CURRENT_TIMESTAMP;
            RETURN NEW;
        END $$
        """
    )
    for table in TABLES_WITH_UPDATED_AT:
        op.execute(f"CREATE TRIGGER trg_{table}_updated_at BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()")


def downgrade() -> None:
    for table in reversed(TABLES_WITH_UPDATED_AT):
        op.execute(f"DROP TRIGGER trg_{table}_updated_at ON {table}")
    op.execute("DROP FUNCTION set_updated_at()")
    op.drop_index('idx_workout_schedules_user_id', table_name='workout_schedules')
    op.drop_index('idx_meal_schedules_user_id', table_name='meal_schedules')
    op.drop_index('idx_meal_schedules_time', table_name='meal_schedules')
    op.drop_index('idx_meal_schedules_meal_plan', table_name='meal_schedules')
    op.drop_index('idx_meal_plans_user_id', table_name='meal_plans')
    op.drop_index('idx_meal_plans_updated', table_name='meal_plans')
    op.drop_index('idx_body_measurements_user_recorded', table_name='body_measurements')
    op.drop_index('idx_lifestyle_trends', table_name='lifestyle_baselines')
    op.drop_index('idx_lifestyle_baselines_user_id', table_name='lifestyle_baselines')
    op.drop_index('idx_lifestyle_baselines_recent', table_name='lifestyle_baselines')
    op.drop_index('idx_hydration_preferences_user_id', table_name='hydration_preferences')
    op.drop_index('idx_dietary_preferences_user_id', table_name='dietary_preferences')
    op.drop_index('idx_dietary_preferences_diet_type', table_name='dietary_preferences')
    op.drop_index('idx_physical_constraints_user_id', table_name='physical_constraints')
    op.drop_index('idx_physical_constraints_type', table_name='physical_constraints')
    op.drop_index('idx_physical_constraints_equipment', table_name='physical_constraints')
    op.drop_index('idx_physical_constraints_active', table_name='physical_constraints')
    op.drop_index('idx_fitness_goals_user_id', table_name='fitness_goals')
    op.drop_index('idx_fitness_goals_priority', table_name='fitness_goals')
    op.drop_index('idx_fitness_goals_active', table_name='fitness_goals')
    op.drop_index('idx_active_user_context', table_name='fitness_goals')
    op.drop_index('idx_user_profiles_user_id', table_name='user_profiles')
    op.drop_index('idx_user_profiles_updated', table_name='user_profiles')
    op.drop_index('idx_user_profiles_goals', table_name='user_profiles')
    op.drop_index('idx_user_complete_profile', table_name='user_profiles')
    op.drop_index('idx_profile_versions_valid_from', table_name='user_profile_versions')
    op.drop_index('idx_profile_versions_user_id', table_name='user_profile_versions')
    op.drop_index('idx_profile_versions_user_current', table_name='user_profile_versions')
    op.drop_index('idx_audit_log_user_created', table_name='audit_log')
    op.drop_index('idx_onboarding_user_id', table_name='onboarding_states')
    op.drop_index('idx_onboarding_last_activity', table_name='onboarding_states')
    op.drop_index('idx_onboarding_incomplete', table_name='onboarding_states')
    op.drop_index('idx_onboarding_analytics', table_name='onboarding_states')
    op.drop_index('idx_users_onboarding', table_name='users')
    op.drop_index('idx_users_external_auth_id', table_name='users')
    op.drop_index('idx_users_email', table_name='users')
    for table, name, _ in reversed(CHECK_CONSTRAINTS):
        op.drop_constraint(name, table, type_="check")
