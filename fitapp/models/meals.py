"""Seed 6.8 `meal_plans` and 6.9 `meal_schedules`."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Numeric, Time, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import UUID
from sqlmodel import Field, SQLModel

from fitapp.models._columns import boolean, integer, text_col, tstz, user_fk, uuid_pk, varchar


class MealPlan(SQLModel, table=True):
    __tablename__ = "meal_plans"
    __table_args__ = (
        UniqueConstraint("user_id", name="meal_plans_user_id_key"),
        CheckConstraint("meals_per_day >= 2 AND meals_per_day <= 8", name="valid_meals_per_day"),
        CheckConstraint(
            "daily_calories_target >= 1000 AND daily_calories_target <= 5000 AND "
            "daily_calories_min < daily_calories_target AND daily_calories_target < daily_calories_max",
            name="valid_calories",
        ),
        CheckConstraint(
            "protein_grams_target > 0 AND carbs_grams_target > 0 AND fats_grams_target > 0", name="valid_macros"
        ),
        CheckConstraint("protein_percentage + carbs_percentage + fats_percentage = 100", name="valid_macro_percentages"),
        Index("idx_meal_plans_updated", text("updated_at DESC")),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("meal_plans"))
    meals_per_day: int = Field(sa_column=integer("meals_per_day", nullable=False))
    daily_calories_target: int = Field(sa_column=integer("daily_calories_target", nullable=False))
    daily_calories_min: int = Field(sa_column=integer("daily_calories_min", nullable=False))
    daily_calories_max: int = Field(sa_column=integer("daily_calories_max", nullable=False))
    protein_grams_target: Decimal = Field(sa_column=Column("protein_grams_target", Numeric(6, 2), nullable=False))
    carbs_grams_target: Decimal = Field(sa_column=Column("carbs_grams_target", Numeric(6, 2), nullable=False))
    fats_grams_target: Decimal = Field(sa_column=Column("fats_grams_target", Numeric(6, 2), nullable=False))
    protein_percentage: Decimal | None = Field(default=None, sa_column=Column("protein_percentage", Numeric(4, 2)))
    carbs_percentage: Decimal | None = Field(default=None, sa_column=Column("carbs_percentage", Numeric(4, 2)))
    fats_percentage: Decimal | None = Field(default=None, sa_column=Column("fats_percentage", Numeric(4, 2)))
    plan_rationale: str | None = Field(default=None, sa_column=text_col("plan_rationale"))
    is_locked: bool | None = Field(default=True, sa_column=boolean("is_locked", True))
    locked_at: datetime | None = Field(default=None, sa_column=tstz("locked_at"))
    last_recalculated_at: datetime | None = Field(default=None, sa_column=tstz("last_recalculated_at"))
    recalculation_reason: str | None = Field(default=None, sa_column=text_col("recalculation_reason"))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    updated_at: datetime | None = Field(default=None, sa_column=tstz("updated_at", default_now=True))


class MealSchedule(SQLModel, table=True):
    __tablename__ = "meal_schedules"
    __table_args__ = (
        CheckConstraint("meal_number >= 1 AND meal_number <= 10", name="valid_meal_number"),
        CheckConstraint(
            "notification_offset_minutes >= -120 AND notification_offset_minutes <= 0", name="valid_notification_offset"
        ),
        UniqueConstraint("user_id", "meal_number", name="unique_user_meal_number"),
        Index("idx_meal_schedules_meal_plan", "meal_plan_id"),
        Index("idx_meal_schedules_time", "user_id", "scheduled_time"),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("meal_schedules"))
    meal_plan_id: uuid.UUID = Field(
        sa_column=Column(
            "meal_plan_id",
            UUID(as_uuid=True),
            ForeignKey("meal_plans.id", ondelete="CASCADE", name="meal_schedules_meal_plan_id_fkey"),
            nullable=False,
        )
    )
    meal_number: int = Field(sa_column=integer("meal_number", nullable=False))
    meal_name: str | None = Field(default=None, sa_column=varchar("meal_name", 50))
    scheduled_time: time = Field(sa_column=Column("scheduled_time", Time, nullable=False))
    notification_offset_minutes: int | None = Field(default=-15, sa_column=integer("notification_offset_minutes", -15))
    earliest_time: time | None = Field(default=None, sa_column=Column("earliest_time", Time))
    latest_time: time | None = Field(default=None, sa_column=Column("latest_time", Time))
    is_active: bool | None = Field(default=True, sa_column=boolean("is_active", True))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    updated_at: datetime | None = Field(default=None, sa_column=tstz("updated_at", default_now=True))
