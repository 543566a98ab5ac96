"""Seed 6.5 `fitness_goals`."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Index, Numeric, text
from sqlmodel import Field, SQLModel

from fitapp.models._columns import integer, text_col, tstz, user_fk, uuid_pk, varchar
from fitapp.models.profile import in_list

GOAL_TYPES = ("primary", "secondary")
GOAL_CATEGORIES = ("fat_loss", "muscle_gain", "general_fitness", "strength", "endurance", "flexibility", "athletic_performance")
GOAL_STATUSES = ("active", "completed", "paused", "abandoned")


class FitnessGoal(SQLModel, table=True):
    __tablename__ = "fitness_goals"
    __table_args__ = (
        CheckConstraint(in_list("goal_type", GOAL_TYPES), name="valid_goal_type"),
        CheckConstraint(in_list("status", GOAL_STATUSES), name="valid_goal_status"),
        CheckConstraint("target_weight_kg IS NULL OR (target_weight_kg > 0 AND target_weight_kg < 500)", name="valid_target_weight"),
        CheckConstraint(
            "target_body_fat_percentage IS NULL OR (target_body_fat_percentage >= 3 AND target_body_fat_percentage <= 50)",
            name="valid_body_fat",
        ),
        Index("idx_fitness_goals_priority", "user_id", "priority"),
        # Section 7
        Index("idx_active_user_context", "user_id", "status", "priority", postgresql_where=text("status = 'active'")),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("fitness_goals"))
    goal_type: str = Field(sa_column=varchar("goal_type", 50, nullable=False))
    goal_category: str = Field(sa_column=varchar("goal_category", 50, nullable=False))
    target_weight_kg: Decimal | None = Field(default=None, sa_column=Column("target_weight_kg", Numeric(5, 2)))
    target_body_fat_percentage: Decimal | None = Field(default=None, sa_column=Column("target_body_fat_percentage", Numeric(4, 2)))
    target_muscle_gain_kg: Decimal | None = Field(default=None, sa_column=Column("target_muscle_gain_kg", Numeric(4, 2)))
    target_timeline_weeks: int | None = Field(default=None, sa_column=integer("target_timeline_weeks"))
    priority: int = Field(default=1, sa_column=integer("priority", 1, nullable=False))
    status: str = Field(default="active", sa_column=varchar("status", 50, nullable=False, default="active"))
    user_explanation: str | None = Field(default=None, sa_column=text_col("user_explanation"))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    updated_at: datetime | None = Field(default=None, sa_column=tstz("updated_at", default_now=True))
    completed_at: datetime | None = Field(default=None, sa_column=tstz("completed_at"))
