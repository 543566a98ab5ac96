"""Migration 003: schedules and plans (seed 6.8-6.10)

Revision ID: 003
Revises: 002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "003"
down_revision: str | None = '002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meal_plans",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('meals_per_day', sa.Integer(), nullable=False),
        sa.Column('daily_calories_target', sa.Integer(), nullable=False),
        sa.Column('daily_calories_min', sa.Integer(), nullable=False),
        sa.Column('daily_calories_max', sa.Integer(), nullable=False),
        sa.Column('protein_grams_target', sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column('carbs_grams_target', sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column('fats_grams_target', sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column('protein_percentage', sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column('carbs_percentage', sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column('fats_percentage', sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column('plan_rationale', sa.Text(), nullable=True),
        sa.Column('is_locked', sa.Boolean(), server_default=sa.text('true'), nullable=True),
        sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_recalculated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('recalculation_reason', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='meal_plans_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', name='meal_plans_user_id_key'),
    )
    op.create_table(
        "meal_schedules",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('meal_plan_id', sa.UUID(), nullable=False),
        sa.Column('meal_number', sa.Integer(), nullable=False),
        sa.Column('meal_name', sa.String(length=50), nullable=True),
        sa.Column('scheduled_time', sa.Time(), nullable=False),
        sa.Column('notification_offset_minutes', sa.Integer(), server_default=sa.text('-15'), nullable=True),
        sa.Column('earliest_time', sa.Time(), nullable=True),
        sa.Column('latest_time', sa.Time(), nullable=True),
        sa.Column('is_active', sa.Boolean(), server_default=sa.text('true'), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.ForeignKeyConstraint(['meal_plan_id'], ['meal_plans.id'], name='meal_schedules_meal_plan_id_fkey', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='meal_schedules_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'meal_number', name='unique_user_meal_number'),
    )
    op.create_table(
        "workout_schedules",
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('monday_workout', sa.Boolean(), server_default=sa.text('false'), nullable=True),
        sa.Column('tuesday_workout', sa.Boolean(), server_default=sa.text('false'), nullable=True),
        sa.Column('wednesday_workout', sa.Boolean(), server_default=sa.text('false'), nullable=True),
        sa.Column('thursday_workout', sa.Boolean(), server_default=sa.text('false'), nullable=True),
        sa.Column('friday_workout', sa.Boolean(), server_default=sa.text('false'), nullable=True),
        sa.Column('saturday_workout', sa.Boolean(), server_default=sa.text('false'), nullable=True),
        sa.Column('sunday_workout', sa.Boolean(), server_default=sa.text('false'), nullable=True),
        sa.Column('preferred_workout_time', sa.Time(), nullable=True),
        sa.Column('preferred_workout_duration_minutes', sa.Integer(), nullable=True),
        sa.Column('workout_reminder_enabled', sa.Boolean(), server_default=sa.text('true'), nullable=True),
        sa.Column('reminder_offset_minutes', sa.Integer(), server_default=sa.text('-30'), nullable=True),
        sa.Column('rest_day_preference', sa.String(length=50), nullable=True),
        sa.Column('is_locked', sa.Boolean(), server_default=sa.text('true'), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='workout_schedules_user_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', name='unique_user_schedule'),
    )


def downgrade() -> None:
    op.drop_table("workout_schedules")
    op.drop_table("meal_schedules")
    op.drop_table("meal_plans")
