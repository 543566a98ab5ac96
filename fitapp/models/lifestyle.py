"""Seed 6.12 `lifestyle_baselines` and Appendix B v1.3 `body_measurements`."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Index, Numeric, text
from sqlmodel import Field, SQLModel

from fitapp.models._columns import text_col, tstz, user_fk, uuid_pk, varchar
from fitapp.models.profile import ENERGY_LEVELS, SLEEP_QUALITIES, STRESS_LEVELS, in_list

MEASUREMENT_SOURCES = ("onboarding", "user_input", "wearable", "system")


class LifestyleBaseline(SQLModel, table=True):
    __tablename__ = "lifestyle_baselines"
    __table_args__ = (
        CheckConstraint(in_list("energy_level", ENERGY_LEVELS), name="valid_energy_level"),
        CheckConstraint(in_list("stress_level", STRESS_LEVELS), name="valid_stress_level"),
        CheckConstraint(in_list("sleep_quality", SLEEP_QUALITIES), name="valid_sleep_quality"),
        CheckConstraint(
            "sleep_hours_last_night IS NULL OR (sleep_hours_last_night >= 0 AND sleep_hours_last_night <= 24)",
            name="valid_sleep_hours",
        ),
        # The seed's two 30-day partial indexes cannot exist as written (an index predicate
        # must be immutable); migration 004 explains the equivalents built instead.
        Index("idx_lifestyle_baselines_recent", "recorded_at", "user_id"),
        Index(
            "idx_lifestyle_trends",
            "user_id",
            text("recorded_at DESC"),
            postgresql_include=["energy_level", "stress_level", "sleep_quality", "sleep_hours_last_night"],
        ),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("lifestyle_baselines"))
    energy_level: str = Field(sa_column=varchar("energy_level", 50, nullable=False))
    stress_level: str = Field(sa_column=varchar("stress_level", 50, nullable=False))
    sleep_quality: str = Field(sa_column=varchar("sleep_quality", 50, nullable=False))
    sleep_hours_last_night: Decimal | None = Field(default=None, sa_column=Column("sleep_hours_last_night", Numeric(3, 1)))
    sleep_quality_notes: str | None = Field(default=None, sa_column=text_col("sleep_quality_notes"))
    recorded_at: datetime | None = Field(default=None, sa_column=tstz("recorded_at", default_now=True))
    data_source: str | None = Field(default="user_input", sa_column=varchar("data_source", 50, default="user_input"))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))


class BodyMeasurement(SQLModel, table=True):
    """Extension (Appendix B v1.3, pulled forward): step 0 records height and weight here."""

    __tablename__ = "body_measurements"
    __table_args__ = (
        CheckConstraint("weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 500)", name="valid_weight"),
        CheckConstraint("height_cm IS NULL OR (height_cm > 0 AND height_cm < 300)", name="valid_height"),
        CheckConstraint("weight_kg IS NOT NULL OR height_cm IS NOT NULL", name="measurement_present"),
        CheckConstraint(in_list("source", MEASUREMENT_SOURCES), name="valid_measurement_source"),
        Index("idx_body_measurements_user_recorded", "user_id", text("recorded_at DESC")),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("body_measurements"))
    weight_kg: Decimal | None = Field(default=None, sa_column=Column("weight_kg", Numeric(5, 2)))
    height_cm: Decimal | None = Field(default=None, sa_column=Column("height_cm", Numeric(5, 2)))
    recorded_at: datetime | None = Field(default=None, sa_column=tstz("recorded_at", default_now=True, nullable=False))
    source: str = Field(default="user_input", sa_column=varchar("source", 50, nullable=False, default="user_input"))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
