"""A small ReferenceData mirroring the seed's lookup tables, for tests without a database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from fitapp.domain import (
    DietType,
    EquipmentType,
    FitnessLevel,
    GoalCategory,
    ReferenceData,
    StepContext,
)

TODAY = date(2025, 6, 1)


def reference_data() -> ReferenceData:
    """Fitness levels, goal categories, the 8 diet types and some equipment."""
    return ReferenceData(
        fitness_levels=(
            FitnessLevel("advanced", "Advanced", "Years of training experience", 3),
            FitnessLevel("beginner", "Beginner", "New to fitness or returning after long break", 1),
            FitnessLevel("intermediate", "Intermediate", "Consistent training for 6+ months", 2),
        ),
        goal_categories=(
            GoalCategory("fat_loss", "Fat loss", None, True, True),
            GoalCategory("muscle_gain", "Muscle gain", None, True, True),
            GoalCategory("general_fitness", "General fitness", None, True, True),
            GoalCategory("strength", "Strength", None, False, True),
            GoalCategory("endurance", "Endurance", None, False, True),
            GoalCategory("flexibility", "Flexibility", None, False, True),
            GoalCategory("athletic_performance", "Athletic performance", None, False, True),
        ),
        diet_types=tuple(
            DietType(code, code.capitalize(), None, excludes)
            for code, excludes in (
                ("omnivore", []),
                ("vegetarian", ["meat", "fish"]),
                ("vegan", ["meat", "fish", "dairy", "eggs"]),
                ("pescatarian", ["meat"]),
                ("keto", ["grains", "sugar"]),
                ("paleo", ["grains", "dairy"]),
                ("mediterranean", []),
                ("other", []),
            )
        ),
        equipment_types=(
            EquipmentType("dumbbells", "Dumbbells", "free_weights", ["home", "gym"]),
            EquipmentType("barbell", "Barbell", "free_weights", ["gym"]),
            EquipmentType("kettlebell", "Kettlebell", "free_weights", ["home", "gym"]),
            EquipmentType("resistance_bands", "Resistance bands", "accessories", ["home", "outdoor"]),
            EquipmentType("pull_up_bar", "Pull-up bar", "bodyweight", ["home", "gym", "outdoor"]),
            EquipmentType("bench", "Bench", "furniture", ["home", "gym"]),
            EquipmentType("yoga_mat", "Yoga mat", "accessories", ["home"]),
        ),
    )


def make_context(
    answers: Mapping[int, Mapping[str, Any]] | None = None, today: date = TODAY
) -> StepContext:
    """A StepContext over the fixture reference data."""
    return StepContext(answers=dict(answers or {}), reference=reference_data(), today=today)
