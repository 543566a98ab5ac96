"""Seed 6.13 reference (lookup) tables; their rows come from migration 005."""

from __future__ import annotations

from sqlalchemy import Column, String, Text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from fitapp.models._columns import boolean, integer, text_col, varchar


def code_pk() -> Column:
    return Column("code", String(50), primary_key=True)


class RefFitnessLevel(SQLModel, table=True):
    __tablename__ = "ref_fitness_levels"

    code: str = Field(sa_column=code_pk())
    display_name: str = Field(sa_column=varchar("display_name", 100, nullable=False))
    description: str | None = Field(default=None, sa_column=text_col("description"))
    sort_order: int = Field(sa_column=integer("sort_order", nullable=False))


class RefGoalCategory(SQLModel, table=True):
    __tablename__ = "ref_goal_categories"

    code: str = Field(sa_column=code_pk())
    display_name: str = Field(sa_column=varchar("display_name", 100, nullable=False))
    description: str | None = Field(default=None, sa_column=text_col("description"))
    compatible_with_primary: bool | None = Field(default=True, sa_column=boolean("compatible_with_primary", True))
    compatible_with_secondary: bool | None = Field(default=True, sa_column=boolean("compatible_with_secondary", True))


class RefDietType(SQLModel, table=True):
    __tablename__ = "ref_diet_types"

    code: str = Field(sa_column=code_pk())
    display_name: str = Field(sa_column=varchar("display_name", 100, nullable=False))
    description: str | None = Field(default=None, sa_column=text_col("description"))
    excludes_food_groups: list[str] | None = Field(default=None, sa_column=Column("excludes_food_groups", ARRAY(Text)))


class RefEquipmentType(SQLModel, table=True):
    __tablename__ = "ref_equipment_types"

    code: str = Field(sa_column=code_pk())
    display_name: str = Field(sa_column=varchar("display_name", 100, nullable=False))
    category: str | None = Field(default=None, sa_column=varchar("category", 50))
    typical_locations: list[str] | None = Field(default=None, sa_column=Column("typical_locations", ARRAY(Text)))
