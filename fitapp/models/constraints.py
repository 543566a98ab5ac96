"""Seed 6.6 `physical_constraints`: injuries, limitations, equipment, location and time."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field, SQLModel

from fitapp.domain import choices
from fitapp.domain.choices import values
from fitapp.models._columns import boolean, integer, jsonb, text_col, tstz, user_fk, uuid_pk, varchar
from fitapp.models.profile import in_list

CONSTRAINT_TYPES = ("injury", "limitation", "equipment", "location_preference", "time_constraint")
WORKOUT_LOCATIONS = values(choices.WORKOUT_LOCATIONS)


class PhysicalConstraint(SQLModel, table=True):
    __tablename__ = "physical_constraints"
    __table_args__ = (
        CheckConstraint(in_list("constraint_type", CONSTRAINT_TYPES), name="valid_constraint_type"),
        CheckConstraint(in_list("workout_location", WORKOUT_LOCATIONS, nullable=True), name="valid_workout_location"),
        CheckConstraint(
            "max_workout_duration_minutes IS NULL OR (max_workout_duration_minutes >= 15 AND max_workout_duration_minutes <= 180)",
            name="valid_max_duration",
        ),
        Index("idx_physical_constraints_active", "user_id", "is_active", postgresql_where=text("is_active = TRUE")),
        Index("idx_physical_constraints_type", "user_id", "constraint_type"),
        Index(
            "idx_physical_constraints_equipment",
            "available_equipment",
            postgresql_using="gin",
            postgresql_where=text("constraint_type = 'equipment'"),
        ),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("physical_constraints"))
    constraint_type: str = Field(sa_column=varchar("constraint_type", 50, nullable=False))
    constraint_category: str | None = Field(default=None, sa_column=varchar("constraint_category", 100))
    description: str | None = Field(default=None, sa_column=text_col("description"))
    severity: str | None = Field(default=None, sa_column=varchar("severity", 50))
    workout_location: str | None = Field(default=None, sa_column=varchar("workout_location", 50))
    available_equipment: list[str] | None = Field(default=None, sa_column=jsonb("available_equipment", "[]"))
    max_workout_duration_minutes: int | None = Field(default=None, sa_column=integer("max_workout_duration_minutes"))
    available_time_slots: list[dict[str, Any]] | None = Field(default=None, sa_column=jsonb("available_time_slots"))
    is_active: bool | None = Field(default=True, sa_column=boolean("is_active", True))
    resolved_at: datetime | None = Field(default=None, sa_column=tstz("resolved_at"))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    updated_at: datetime | None = Field(default=None, sa_column=tstz("updated_at", default_now=True))
