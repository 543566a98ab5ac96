"""Reference data (seed 6.13) loaded once per process: it changes only with a migration."""

from __future__ import annotations

from functools import lru_cache

from sqlmodel import select

from fitapp.core.db import session_scope
from fitapp.domain.reference import DietType, EquipmentType, FitnessLevel, GoalCategory, ReferenceData
from fitapp.models import RefDietType, RefEquipmentType, RefFitnessLevel, RefGoalCategory


@lru_cache
def load_reference_data() -> ReferenceData:
    with session_scope() as db:
        return ReferenceData(
            fitness_levels=tuple(
                FitnessLevel(r.code, r.display_name, r.description, r.sort_order) for r in db.exec(select(RefFitnessLevel))
            ),
            goal_categories=tuple(
                GoalCategory(r.code, r.display_name, r.description, bool(r.compatible_with_primary),
                             bool(r.compatible_with_secondary))
                for r in db.exec(select(RefGoalCategory).order_by(RefGoalCategory.code))
            ),
            diet_types=tuple(
                DietType(r.code, r.display_name, r.description, tuple(r.excludes_food_groups or ()))
                for r in db.exec(select(RefDietType).order_by(RefDietType.code))
            ),
            equipment_types=tuple(
                EquipmentType(r.code, r.display_name, r.category, tuple(r.typical_locations or ()))
                for r in db.exec(select(RefEquipmentType).order_by(RefEquipmentType.category, RefEquipmentType.display_name))
            ),
        )
