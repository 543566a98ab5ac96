"""Seed 6.3 `user_profiles` (the current configuration) and 6.4 `user_profile_versions`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlmodel import Field, SQLModel

from fitapp.domain import choices
from fitapp.domain.choices import values
from fitapp.models._columns import boolean, integer, text_col, tstz, user_fk, uuid_pk, varchar

FITNESS_LEVELS = values(choices.FITNESS_LEVELS)
PRIMARY_GOALS = values(choices.PRIMARY_GOALS)
ENERGY_LEVELS = values(choices.ENERGY_LEVELS)
STRESS_LEVELS = values(choices.STRESS_LEVELS)
SLEEP_QUALITIES = values(choices.SLEEP_QUALITIES)


def in_list(column: str, values: tuple[str, ...], *, nullable: bool = False) -> str:
    """The seed's `column IN (...)` CHECK text, optionally allowing NULL."""
    listed = ", ".join(f"'{v}'" for v in values)
    clause = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {clause}" if nullable else clause


class UserProfileVersion(SQLModel, table=True):
    __tablename__ = "user_profile_versions"
    __table_args__ = (
        UniqueConstraint("user_id", "version", name="unique_user_version"),
        Index("idx_profile_versions_valid_from", "valid_from"),
        Index("idx_profile_versions_user_current", "user_id", "valid_until", postgresql_where=text("valid_until IS NULL")),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("user_profile_versions"))
    version: int = Field(sa_column=integer("version", nullable=False))
    profile_snapshot: dict[str, Any] = Field(sa_column=Column("profile_snapshot", JSONB, nullable=False))
    changed_fields: list[str] | None = Field(default=None, sa_column=Column("changed_fields", ARRAY(Text)))
    change_reason: str | None = Field(default=None, sa_column=text_col("change_reason"))
    changed_by: str = Field(sa_column=varchar("changed_by", 50, nullable=False))
    valid_from: datetime | None = Field(default=None, sa_column=tstz("valid_from", default_now=True, nullable=False))
    valid_until: datetime | None = Field(default=None, sa_column=tstz("valid_until"))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))


class UserProfile(SQLModel, table=True):
    __tablename__ = "user_profiles"
    __table_args__ = (
        UniqueConstraint("user_id", name="user_profiles_user_id_key"),
        CheckConstraint(in_list("fitness_level", FITNESS_LEVELS), name="valid_fitness_level"),
        CheckConstraint(in_list("primary_goal", PRIMARY_GOALS), name="valid_primary_goal"),
        CheckConstraint(in_list("energy_level", ENERGY_LEVELS), name="valid_energy_level"),
        CheckConstraint(in_list("stress_level", STRESS_LEVELS), name="valid_stress_level"),
        CheckConstraint(in_list("sleep_quality", SLEEP_QUALITIES), name="valid_sleep_quality"),
        Index("idx_user_profiles_goals", "primary_goal", "secondary_goal"),
        Index("idx_user_profiles_updated", text("updated_at DESC")),
        # Section 7
        Index("idx_user_complete_profile", "user_id", "is_locked"),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("user_profiles"))
    version: int = Field(default=1, sa_column=integer("version", 1, nullable=False))
    previous_version_id: uuid.UUID | None = Field(
        default=None,
        sa_column=Column(
            "previous_version_id",
            UUID(as_uuid=True),
            ForeignKey("user_profile_versions.id", name="user_profiles_previous_version_id_fkey"),
        ),
    )
    fitness_level: str = Field(sa_column=varchar("fitness_level", 50, nullable=False))
    primary_goal: str = Field(sa_column=varchar("primary_goal", 50, nullable=False))
    secondary_goal: str | None = Field(default=None, sa_column=varchar("secondary_goal", 50))
    energy_level: str = Field(sa_column=varchar("energy_level", 50, nullable=False))
    stress_level: str = Field(sa_column=varchar("stress_level", 50, nullable=False))
    sleep_quality: str = Field(sa_column=varchar("sleep_quality", 50, nullable=False))
    last_modified_by: str = Field(default="user", sa_column=varchar("last_modified_by", 50, nullable=False, default="user"))
    modification_reason: str | None = Field(default=None, sa_column=text_col("modification_reason"))
    is_locked: bool | None = Field(default=True, sa_column=boolean("is_locked", True))
    locked_at: datetime | None = Field(default=None, sa_column=tstz("locked_at"))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    updated_at: datetime | None = Field(default=None, sa_column=tstz("updated_at", default_now=True))
