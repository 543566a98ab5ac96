"""Migration 002: profile and preferences (seed 6.3-6.7, 6.11, 6.12, Appendix B body_measurements)

user_profile_versions comes before user_profiles: the profile points at its previous version.

Revision ID: 002
Revises: 001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "002"
down_revision: str | None = '001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_profile_versions",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('profile_snapshot', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('changed_fields', postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column('change_reason', sa.Text(), nullable=True),
        sa.Column('changed_by', sa.String(length=50), nullable=False),
        sa.Column('valid_from', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='user_profile_versions_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'version', name='unique_user_version'),
    )
    op.create_table(
        "user_profiles",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
        sa.Column('previous_version_id', sa.UUID(), nullable=True),
        sa.Column('fitness_level', sa.String(length=50), nullable=False),
        sa.Column('primary_goal', sa.String(length=50), nullable=False),
        sa.Column('secondary_goal', sa.String(length=50), nullable=True),
        sa.Column('energy_level', sa.String(length=50), nullable=False),
        sa.Column('stress_level', sa.String(length=50), nullable=False),
        sa.Column('sleep_quality', sa.String(length=50), nullable=False),
        sa.Column('last_modified_by', sa.String(length=50), server_default=sa.text("'user'"), nullable=False),
        sa.Column('modification_reason', sa.Text(), nullable=True),
        sa.Column('is_locked', sa.Boolean(), server_default=sa.text('true'), nullable=True),
        sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.ForeignKeyConstraint(['previous_version_id'], ['user_profile_versions.id'], name='user_profiles_previous_version_id_fkey'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='user_profiles_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', name='user_profiles_user_id_key'),
    )
    op.create_table(
        "fitness_goals",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('goal_type', sa.String(length=50), nullable=False),
        sa.Column('goal_category', sa.String(length=50), nullable=False),
        sa.Column('target_weight_kg', sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column('target_body_fat_percentage', sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column('target_muscle_gain_kg', sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column('target_timeline_weeks', sa.Integer(), nullable=True),
        sa.Column('priority', sa.Integer(), server_default=sa.text('1'), nullable=False),
        sa.Column('status', sa.String(length=50), server_default=sa.text("'active'"), nullable=False),
        sa.Column('user_explanation', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fitness_goals_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        "physical_constraints",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('constraint_type', sa.String(length=50), nullable=False),
        sa.Column('constraint_category', sa.String(length=100), nullable=True),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('severity', sa.String(length=50), nullable=True),
        sa.Column('workout_location', sa.String(length=50), nullable=True),
        sa.Column('available_equipment', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=True),
        sa.Column('max_workout_duration_minutes', sa.Integer(), nullable=True),
        sa.Column('available_time_slots', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column('is_active', sa.Boolean(), server_default=sa.text('true'), nullable=True),
        sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='physical_constraints_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        "dietary_preferences",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('diet_type', sa.String(length=50), nullable=False),
        sa.Column('diet_type_other', sa.String(length=100), nullable=True),
        sa.Column('allergies', postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column('intolerances', postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column('dislikes', postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column('religious_restrictions', postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column('preferred_cuisines', postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column('cooking_skill_level', sa.String(length=50), nullable=True),
        sa.Column('meal_prep_willingness', sa.String(length=50), nullable=True),
        sa.Column('max_meal_prep_time_minutes', sa.Integer(), nullable=True),
        sa.Column('budget_per_day_usd', sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column('additional_notes', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='dietary_preferences_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', name='dietary_preferences_user_id_key'),
    )
    op.create_table(
        "hydration_preferences",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('daily_water_target_ml', sa.Integer(), server_default=sa.text('2000'), nullable=False),
        sa.Column('reminder_enabled', sa.Boolean(), server_default=sa.text('true'), nullable=True),
        sa.Column('reminder_frequency_minutes', sa.Integer(), server_default=sa.text('60'), nullable=True),
        sa.Column('reminder_start_time', sa.Time(), server_default=sa.text("'08:00'"), nullable=True),
        sa.Column('reminder_end_time', sa.Time(), server_default=sa.text("'22:00'"), nullable=True),
        sa.Column('reminder_tone', sa.String(length=50), server_default=sa.text("'gentle'"), nullable=True),
        sa.Column('auto_remind_with_meals', sa.Boolean(), server_default=sa.text('true'), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='hydration_preferences_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', name='hydration_preferences_user_id_key'),
    )
    op.create_table(
        "lifestyle_baselines",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('energy_level', sa.String(length=50), nullable=False),
        sa.Column('stress_level', sa.String(length=50), nullable=False),
        sa.Column('sleep_quality', sa.String(length=50), nullable=False),
        sa.Column('sleep_hours_last_night', sa.Numeric(precision=3, scale=1), nullable=True),
        sa.Column('sleep_quality_notes', sa.Text(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.Column('data_source', sa.String(length=50), server_default=sa.text("'user_input'"), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='lifestyle_baselines_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        "body_measurements",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('weight_kg', sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column('height_cm', sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.Column('source', sa.String(length=50), server_default=sa.text("'user_input'"), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='body_measurements_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table("body_measurements")
    op.drop_table("lifestyle_baselines")
    op.drop_table("hydration_preferences")
    op.drop_table("dietary_preferences")
    op.drop_table("physical_constraints")
    op.drop_table("fitness_goals")
    op.drop_table("user_profiles")
    op.drop_table("user_profile_versions")
