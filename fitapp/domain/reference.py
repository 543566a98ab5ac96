"""Reference data (the ``ref_*`` lookup tables) as plain frozen values.

The service layer loads the rows from the database and builds one ``ReferenceData``; the
domain only reads it. Nothing here hard-codes the rows, so the lookup tables stay the single
source of which equipment exists and which goals may be primary or secondary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from fitapp.domain.choices import EQUIPMENT_CATEGORIES, label_of, values


def _as_tuple(items: Iterable[str] | None) -> tuple[str, ...]:
    """Database arrays arrive as lists (or NULL); frozen values want tuples."""
    return tuple(items or ())


@dataclass(frozen=True)
class FitnessLevel:
    """A row of ref_fitness_levels: shown with its description so users place themselves."""

    code: str
    display_name: str
    description: str | None = None
    sort_order: int = 0


@dataclass(frozen=True)
class GoalCategory:
    """A row of ref_goal_categories; the flags decide where a goal may be chosen."""

    code: str
    display_name: str
    description: str | None = None
    compatible_with_primary: bool = True
    compatible_with_secondary: bool = True


@dataclass(frozen=True)
class DietType:
    """A row of ref_diet_types."""

    code: str
    display_name: str
    description: str | None = None
    excludes_food_groups: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "excludes_food_groups", _as_tuple(self.excludes_food_groups))


@dataclass(frozen=True)
class EquipmentType:
    """A row of ref_equipment_types; ``code`` is the slug stored in available_equipment."""

    code: str
    display_name: str
    category: str | None = None
    typical_locations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "typical_locations", _as_tuple(self.typical_locations))


@dataclass(frozen=True)
class ReferenceData:
    """All lookup tables at once, so validation needs one argument and no database."""

    fitness_levels: tuple[FitnessLevel, ...] = ()
    goal_categories: tuple[GoalCategory, ...] = ()
    diet_types: tuple[DietType, ...] = ()
    equipment_types: tuple[EquipmentType, ...] = ()
    _index: dict[str, dict[str, object]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        levels = tuple(sorted(self.fitness_levels, key=lambda level: level.sort_order))
        object.__setattr__(self, "fitness_levels", levels)
        for name in ("goal_categories", "diet_types", "equipment_types"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        self._index.update(
            {
                "fitness_levels": {row.code: row for row in self.fitness_levels},
                "goal_categories": {row.code: row for row in self.goal_categories},
                "diet_types": {row.code: row for row in self.diet_types},
                "equipment_types": {row.code: row for row in self.equipment_types},
            }
        )

    # Lookups by code: None when the code is not in the table.
    def fitness_level(self, code: str) -> FitnessLevel | None:
        return self._index["fitness_levels"].get(code)  # type: ignore[return-value]

    def goal_category(self, code: str) -> GoalCategory | None:
        return self._index["goal_categories"].get(code)  # type: ignore[return-value]

    def diet_type(self, code: str) -> DietType | None:
        return self._index["diet_types"].get(code)  # type: ignore[return-value]

    def equipment_type(self, code: str) -> EquipmentType | None:
        return self._index["equipment_types"].get(code)  # type: ignore[return-value]

    @property
    def fitness_level_codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.fitness_levels)

    @property
    def equipment_codes(self) -> frozenset[str]:
        return frozenset(row.code for row in self.equipment_types)

    @property
    def primary_goal_codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.goal_categories if row.compatible_with_primary)

    @property
    def secondary_goal_codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.goal_categories if row.compatible_with_secondary)

    def equipment_for_location(self, location: str) -> tuple[EquipmentType, ...]:
        """Equipment typical of a location, to order the chips the UI shows first."""
        return tuple(row for row in self.equipment_types if location in row.typical_locations)


def equipment_category_name(category: str | None) -> str:
    """A category's readable name: the known ones from EQUIPMENT_CATEGORIES, others from their code."""
    if not category:
        return "Other"
    if category in values(EQUIPMENT_CATEGORIES):
        return label_of(EQUIPMENT_CATEGORIES, category)
    return category.replace("_", " ").capitalize()


def equipment_groups(equipment: Iterable[EquipmentType]) -> list[tuple[str, list[EquipmentType]]]:
    """Equipment grouped by category under readable names, for chips a person can scan.

    Known categories come in the order of ``EQUIPMENT_CATEGORIES``; one added to the table
    later still shows, after them; equipment without a category goes last, under "Other".
    Items keep their order within a group.
    """
    groups: dict[str, list[EquipmentType]] = {}
    for item in equipment:
        groups.setdefault(item.category or "", []).append(item)
    order = values(EQUIPMENT_CATEGORIES)

    def rank(category: str) -> tuple[int, str]:
        return (order.index(category), "") if category in order else (len(order) + (not category), category)

    return [(equipment_category_name(category), groups[category]) for category in sorted(groups, key=rank)]
