"""Seed 6.10 `workout_schedules` and 6.11 `hydration_preferences`."""

from __future__ import annotations

import uuid
from datetime import datetime, time

from sqlalchemy import CheckConstraint, Column, Index, Time, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from fitapp.domain import choices
from fitapp.domain.choices import values
from fitapp.models._columns import boolean, integer, tstz, user_fk, uuid_pk, varchar
from fitapp.models.profile import in_list

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
REMINDER_TONES = values(choices.REMINDER_TONES)


class WorkoutSchedule(SQLModel, table=True):
    __tablename__ = "workout_schedules"
    __table_args__ = (
        CheckConstraint(
            "preferred_workout_duration_minutes IS NULL OR "
            "(preferred_workout_duration_minutes >= 15 AND preferred_workout_duration_minutes <= 180)",
            name="valid_duration",
        ),
        CheckConstraint(" OR ".join(f"{day}_workout" for day in WEEKDAYS), name="at_least_one_workout_day"),
        UniqueConstraint("user_id", name="unique_user_schedule"),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("workout_schedules"))
    monday_workout: bool | None = Field(default=False, sa_column=boolean("monday_workout", False))
    tuesday_workout: bool | None = Field(default=False, sa_column=boolean("tuesday_workout", False))
    wednesday_workout: bool | None = Field(default=False, sa_column=boolean("wednesday_workout", False))
    thursday_workout: bool | None = Field(default=False, sa_column=boolean("thursday_workout", False))
    friday_workout: bool | None = Field(default=False, sa_column=boolean("friday_workout", False))
    saturday_workout: bool | None = Field(default=False, sa_column=boolean("saturday_workout", False))
    sunday_workout: bool | None = Field(default=False, sa_column=boolean("sunday_workout", False))
    preferred_workout_time: time | None = Field(default=None, sa_column=Column("preferred_workout_time", Time))
    preferred_workout_duration_minutes: int | None = Field(default=None, sa_column=integer("preferred_workout_duration_minutes"))
    workout_reminder_enabled: bool | None = Field(default=True, sa_column=boolean("workout_reminder_enabled", True))
    reminder_offset_minutes: int | None = Field(default=-30, sa_column=integer("reminder_offset_minutes", -30))
    rest_day_preference: str | None = Field(default=None, sa_column=varchar("rest_day_preference", 50))
    is_locked: bool | None = Field(default=True, sa_column=boolean("is_locked", True))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    updated_at: datetime | None = Field(default=None, sa_column=tstz("updated_at", default_now=True))


class HydrationPreference(SQLModel, table=True):
    __tablename__ = "hydration_preferences"
    __table_args__ = (
        UniqueConstraint("user_id", name="hydration_preferences_user_id_key"),
        CheckConstraint("daily_water_target_ml >= 500 AND daily_water_target_ml <= 10000", name="valid_water_target"),
        CheckConstraint("reminder_frequency_minutes >= 15 AND reminder_frequency_minutes <= 480", name="valid_frequency"),
        CheckConstraint(in_list("reminder_tone", REMINDER_TONES), name="valid_reminder_tone"),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("hydration_preferences"))
    daily_water_target_ml: int = Field(default=2000, sa_column=integer("daily_water_target_ml", 2000, nullable=False))
    reminder_enabled: bool | None = Field(default=True, sa_column=boolean("reminder_enabled", True))
    reminder_frequency_minutes: int | None = Field(default=60, sa_column=integer("reminder_frequency_minutes", 60))
    reminder_start_time: time | None = Field(default=None, sa_column=Column("reminder_start_time", Time, server_default=text("'08:00'")))
    reminder_end_time: time | None = Field(default=None, sa_column=Column("reminder_end_time", Time, server_default=text("'22:00'")))
    reminder_tone: str | None = Field(default="gentle", sa_column=varchar("reminder_tone", 50, default="gentle"))
    auto_remind_with_meals: bool | None = Field(default=True, sa_column=boolean("auto_remind_with_meals", True))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    updated_at: datetime | None = Field(default=None, sa_column=tstz("updated_at", default_now=True))
