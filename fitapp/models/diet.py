"""Seed 6.7 `dietary_preferences`."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Index, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from fitapp.domain import choices
from fitapp.domain.choices import values
from fitapp.models._columns import integer, text_array, text_col, tstz, user_fk, uuid_pk, varchar
from fitapp.models.profile import in_list

DIET_TYPES = values(choices.DIET_TYPES)
COOKING_SKILLS = values(choices.COOKING_SKILLS)
MEAL_PREP_WILLINGNESS = values(choices.MEAL_PREP_WILLINGNESS)


class DietaryPreference(SQLModel, table=True):
    __tablename__ = "dietary_preferences"
    __table_args__ = (
        UniqueConstraint("user_id", name="dietary_preferences_user_id_key"),
        CheckConstraint(in_list("diet_type", DIET_TYPES), name="valid_diet_type"),
        CheckConstraint(in_list("cooking_skill_level", COOKING_SKILLS, nullable=True), name="valid_cooking_skill"),
        CheckConstraint(in_list("meal_prep_willingness", MEAL_PREP_WILLINGNESS, nullable=True), name="valid_meal_prep"),
        Index("idx_dietary_preferences_diet_type", "diet_type"),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("dietary_preferences"))
    diet_type: str = Field(sa_column=varchar("diet_type", 50, nullable=False))
    diet_type_other: str | None = Field(default=None, sa_column=varchar("diet_type_other", 100))
    allergies: list[str] | None = Field(default=None, sa_column=text_array("allergies"))
    intolerances: list[str] | None = Field(default=None, sa_column=text_array("intolerances"))
    dislikes: list[str] | None = Field(default=None, sa_column=text_array("dislikes"))
    religious_restrictions: list[str] | None = Field(default=None, sa_column=text_array("religious_restrictions"))
    preferred_cuisines: list[str] | None = Field(default=None, sa_column=text_array("preferred_cuisines"))
    cooking_skill_level: str | None = Field(default=None, sa_column=varchar("cooking_skill_level", 50))
    meal_prep_willingness: str | None = Field(default=None, sa_column=varchar("meal_prep_willingness", 50))
    max_meal_prep_time_minutes: int | None = Field(default=None, sa_column=integer("max_meal_prep_time_minutes"))
    budget_per_day_usd: Decimal | None = Field(default=None, sa_column=Column("budget_per_day_usd", Numeric(6, 2)))
    additional_notes: str | None = Field(default=None, sa_column=text_col("additional_notes"))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    updated_at: datetime | None = Field(default=None, sa_column=tstz("updated_at", default_now=True))
