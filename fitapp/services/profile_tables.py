"""The profile's tables: one registry that every writer and reader of a profile loops over.

Confirm (``profile_lock``), change and rollback (``profile_changes``), the admin's reset,
the snapshot, the demo data, the display and the export all take the list of tables from
``PROFILE_TABLES``. Adding a preference table means a model, its row builder here and one
``ProfileTable`` entry; ``tests/unit/test_profile_tables.py`` fails for a consumer that does
not follow.

A table is one of three kinds:
- ``one``: a single row per user, updated in place by a change (id and history kept);
- ``many``: a set of rows, replaced as a whole by a change;
- ``series``: a time series (a change adds a row, never edits one; a reset keeps it).

``steps`` are the onboarding answers a table is built from: a change rewrites the table when
one of them changes (only ``keys`` of them, when given). ``user_profiles`` is written by the
lock and the change themselves (it carries the version), so it has no builder.
"""

from __future__ import annotations

import uuid
from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import Any, Literal

from sqlmodel import SQLModel

from fitapp.domain import parq_limitations
from fitapp.domain.choices import WEEKDAYS, values
from fitapp.domain.dependencies import value_changed
from fitapp.models import (
    BodyMeasurement,
    DietaryPreference,
    FitnessGoal,
    HydrationPreference,
    LifestyleBaseline,
    MealPlan,
    MealSchedule,
    PhysicalConstraint,
    UserProfile,
    WorkoutSchedule,
)

Answers = Mapping[int, Mapping[str, Any]]
Kind = Literal["one", "many", "series"]
# Row bookkeeping that an in-place update leaves alone.
KEPT_COLUMNS = frozenset({"id", "user_id", "created_at", "updated_at"})
# The section of the snapshot that is users.metadata, not a profile table.
USERS_SECTION = "users"
DIET_COLUMNS = (
    "diet_type",
    "diet_type_other",
    "allergies",
    "intolerances",
    "dislikes",
    "religious_restrictions",
    "preferred_cuisines",
    "cooking_skill_level",
    "meal_prep_willingness",
    "max_meal_prep_time_minutes",
    "additional_notes",
)


@dataclass(frozen=True)
class RowInputs:
    """What a builder needs: the answers, the moment, and rows of tables built before it
    (``parents``: the meal schedules point at the meal plan)."""

    user_id: uuid.UUID
    answers: Answers
    now: datetime
    parents: Mapping[str, list[SQLModel]]
    body_source: str = "onboarding"


@dataclass(frozen=True)
class ProfileTable:
    model: type[SQLModel]
    kind: Kind
    steps: tuple[int, ...]
    build: Callable[[RowInputs], list[SQLModel]] | None
    keys: tuple[str, ...] = ()  # only these keys of ``steps`` count as a change (all when empty)
    snapshot_order: tuple[str, ...] = ()  # the order of a ``many`` section's rows
    title: str = ""  # how the plan and its history name the section ("Meal times")

    @property
    def section(self) -> str:
        """The snapshot section, named after the table."""
        return self.model.__tablename__

    def changed_by(self, old: Answers, new: Answers) -> bool:
        """Whether the answers this table is built from differ between ``old`` and ``new``."""
        if not self.keys:
            return any(old.get(step) != new.get(step) for step in self.steps)
        return any(
            value_changed((old.get(step) or {}).get(key), (new.get(step) or {}).get(key))
            for step in self.steps
            for key in self.keys
        )


# ---------------------------------------------------------------- row builders


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _time(value: str | None) -> time | None:
    return None if value is None else time.fromisoformat(value)


def profile_fields(answers: Answers) -> dict[str, Any]:
    """The user_profiles columns that come from the answers (steps 1, 2 and 9)."""
    experience, goals, lifestyle = answers[1], answers[2], answers[9]
    return {
        "fitness_level": experience["fitness_level"],
        "primary_goal": goals["primary_goal"],
        "secondary_goal": goals["secondary_goal"],
        "energy_level": lifestyle["energy_level"],
        "stress_level": lifestyle["stress_level"],
        "sleep_quality": lifestyle["sleep_quality"],
    }


def about_metadata(about: Mapping[str, Any]) -> dict[str, Any]:
    """The users.metadata keys that step 0 sets (consent time aside)."""
    return {key: about[key] for key in ("units", "sex", "birth_date", "time_zone")}


def goal_rows(user_id: uuid.UUID, goals: Mapping[str, Any]) -> list[FitnessGoal]:
    rows = [
        FitnessGoal(
            user_id=user_id,
            goal_type="primary",
            goal_category=goals["primary_goal"],
            priority=1,
            target_weight_kg=_dec(goals["target_weight_kg"]),
            target_body_fat_percentage=_dec(goals["target_body_fat_percentage"]),
            target_muscle_gain_kg=_dec(goals["target_muscle_gain_kg"]),
            target_timeline_weeks=goals["target_timeline_weeks"],
            user_explanation=goals["user_explanation"],
        )
    ]
    if goals["secondary_goal"]:
        rows.append(
            FitnessGoal(user_id=user_id, goal_type="secondary", goal_category=goals["secondary_goal"], priority=2)
        )
    return rows


def constraint_rows(
    user_id: uuid.UUID, health: Mapping[str, Any], place: Mapping[str, Any]
) -> list[PhysicalConstraint]:
    rows = [
        PhysicalConstraint(
            user_id=user_id,
            constraint_type="injury",
            constraint_category=injury["area"],
            severity=injury["severity"],
            description=injury["description"],
        )
        for injury in health["injuries"]
    ]
    rows += [
        PhysicalConstraint(user_id=user_id, constraint_type="limitation", description=text)
        for text in health["limitations"]
    ]
    rows += [
        PhysicalConstraint(user_id=user_id, constraint_type="limitation", constraint_category="parq", description=text)
        for text in parq_limitations(health)
    ]
    rows += [
        PhysicalConstraint(
            user_id=user_id, constraint_type="location_preference", workout_location=place["workout_location"]
        ),
        PhysicalConstraint(
            user_id=user_id, constraint_type="equipment", available_equipment=list(place["available_equipment"])
        ),
        PhysicalConstraint(
            user_id=user_id,
            constraint_type="time_constraint",
            max_workout_duration_minutes=place["max_workout_duration_minutes"],
        ),
    ]
    return rows


def diet_row(user_id: uuid.UUID, diet: Mapping[str, Any]) -> DietaryPreference:
    copied = {key: diet[key] for key in DIET_COLUMNS}  # chosen columns, never the whole answer
    return DietaryPreference(user_id=user_id, **copied, budget_per_day_usd=_dec(diet["budget_per_day_usd"]))


def meal_plan_row(user_id: uuid.UUID, plan: Mapping[str, Any], now: datetime) -> MealPlan:
    decimals = {
        key: _dec(plan[key])
        for key in (
            "protein_grams_target",
            "carbs_grams_target",
            "fats_grams_target",
            "protein_percentage",
            "carbs_percentage",
            "fats_percentage",
        )
    }
    return MealPlan(
        id=uuid.uuid4(),
        user_id=user_id,
        meals_per_day=plan["meals_per_day"],
        daily_calories_target=plan["daily_calories_target"],
        daily_calories_min=plan["daily_calories_min"],
        daily_calories_max=plan["daily_calories_max"],
        **decimals,
        plan_rationale=plan["plan_rationale"],
        is_locked=True,
        locked_at=now,
    )


def meal_schedule_rows(user_id: uuid.UUID, meals: Mapping[str, Any], plan: MealPlan) -> list[MealSchedule]:
    return [
        MealSchedule(
            user_id=user_id,
            meal_plan_id=plan.id,
            meal_number=meal["meal_number"],
            meal_name=meal["meal_name"],
            scheduled_time=_time(meal["scheduled_time"]),
            earliest_time=_time(meal["earliest_time"]),
            latest_time=_time(meal["latest_time"]),
            notification_offset_minutes=meal["notification_offset_minutes"],
        )
        for meal in meals["meals"]
    ]


def workout_row(user_id: uuid.UUID, schedule: Mapping[str, Any]) -> WorkoutSchedule:
    days = {f"{day}_workout": day in schedule["workout_days"] for day in values(WEEKDAYS)}
    return WorkoutSchedule(
        user_id=user_id,
        **days,
        preferred_workout_time=_time(schedule["preferred_workout_time"]),
        preferred_workout_duration_minutes=schedule["preferred_workout_duration_minutes"],
        workout_reminder_enabled=schedule["workout_reminder_enabled"],
        reminder_offset_minutes=schedule["reminder_offset_minutes"],
        rest_day_preference=schedule["rest_day_preference"],
        is_locked=True,
    )


def hydration_row(user_id: uuid.UUID, water: Mapping[str, Any]) -> HydrationPreference:
    return HydrationPreference(
        user_id=user_id,
        daily_water_target_ml=water["daily_water_target_ml"],
        reminder_enabled=water["reminder_enabled"],
        reminder_frequency_minutes=water["reminder_frequency_minutes"],
        reminder_start_time=_time(water["reminder_start_time"]),
        reminder_end_time=_time(water["reminder_end_time"]),
        reminder_tone=water["reminder_tone"],
        auto_remind_with_meals=water["auto_remind_with_meals"],
    )


def lifestyle_row(user_id: uuid.UUID, lifestyle: Mapping[str, Any], now: datetime) -> LifestyleBaseline:
    """A lifestyle_baselines entry (a time series: a change adds a row, never edits one)."""
    return LifestyleBaseline(
        user_id=user_id,
        energy_level=lifestyle["energy_level"],
        stress_level=lifestyle["stress_level"],
        sleep_quality=lifestyle["sleep_quality"],
        sleep_hours_last_night=_dec(lifestyle["sleep_hours_last_night"]),
        recorded_at=now,
        data_source="user_input",
    )


def body_row(user_id: uuid.UUID, about: Mapping[str, Any], now: datetime, *, source: str) -> BodyMeasurement:
    """A body_measurements entry with step 0's weight and height (a time series, like lifestyle)."""
    return BodyMeasurement(
        user_id=user_id,
        weight_kg=_dec(about["weight_kg"]),
        height_cm=_dec(about["height_cm"]),
        recorded_at=now,
        source=source,
    )


# ---------------------------------------------------------------- the registry

# In insert order (a parent before its children); a reset deletes in the reverse order.
PROFILE_TABLES: tuple[ProfileTable, ...] = (
    ProfileTable(UserProfile, "one", (1, 2, 9), None, title="Profile"),
    ProfileTable(FitnessGoal, "many", (2,), lambda i: goal_rows(i.user_id, i.answers[2]),
                 snapshot_order=("priority", "goal_type"), title="Goals"),
    ProfileTable(PhysicalConstraint, "many", (3, 4), lambda i: constraint_rows(i.user_id, i.answers[3], i.answers[4]),
                 snapshot_order=("constraint_type", "constraint_category"), title="Health, place and equipment"),
    ProfileTable(DietaryPreference, "one", (6,), lambda i: [diet_row(i.user_id, i.answers[6])], title="Diet"),
    ProfileTable(MealPlan, "one", (7,), lambda i: [meal_plan_row(i.user_id, i.answers[7], i.now)], title="Meal plan"),
    ProfileTable(MealSchedule, "many", (8,),
                 lambda i: meal_schedule_rows(i.user_id, i.answers[8], i.parents["meal_plans"][0]),
                 snapshot_order=("meal_number",), title="Meal times"),
    ProfileTable(WorkoutSchedule, "one", (5,), lambda i: [workout_row(i.user_id, i.answers[5])], title="Workouts"),
    ProfileTable(HydrationPreference, "one", (10,), lambda i: [hydration_row(i.user_id, i.answers[10])],
                 title="Hydration"),
    ProfileTable(LifestyleBaseline, "series", (9,), lambda i: [lifestyle_row(i.user_id, i.answers[9], i.now)],
                 title="Lifestyle"),
    ProfileTable(BodyMeasurement, "series", (0,),
                 lambda i: [body_row(i.user_id, i.answers[0], i.now, source=i.body_source)],
                 keys=("weight_kg", "height_cm"), title="Body"),
)
BY_SECTION: dict[str, ProfileTable] = {table.section: table for table in PROFILE_TABLES}
# The tables a reset removes, children first; the time series stay as history.
RESET_ORDER: tuple[ProfileTable, ...] = tuple(t for t in reversed(PROFILE_TABLES) if t.kind != "series")
TIME_SERIES: tuple[str, ...] = tuple(t.section for t in PROFILE_TABLES if t.kind == "series")
# Every table section of a snapshot (the users.metadata section included), alphabetical.
TABLE_SECTIONS: tuple[str, ...] = tuple(sorted((*BY_SECTION, USERS_SECTION)))


def build_rows(
    user_id: uuid.UUID,
    answers: Answers,
    now: datetime,
    *,
    tables: tuple[ProfileTable, ...] | None = None,
    parents: Mapping[str, list[SQLModel]] | None = None,
    body_source: str = "onboarding",
) -> list[tuple[ProfileTable, list[SQLModel]]]:
    """Fresh rows of every table with a builder (or of ``tables``), in insert order.

    ``parents`` gives rows a builder needs that are not rebuilt (a change keeps the user's
    meal plan row when only the meal times change).
    """
    built: dict[str, list[SQLModel]] = {}
    known = ChainMap(built, parents or {})
    out: list[tuple[ProfileTable, list[SQLModel]]] = []
    for table in tables if tables is not None else PROFILE_TABLES:
        if table.build is None:
            continue
        rows = table.build(RowInputs(user_id, answers, now, known, body_source))
        built[table.section] = rows
        out.append((table, rows))
    return out


def copy_columns(row: SQLModel, built: SQLModel) -> None:
    """Copy a freshly built row's columns onto an existing row (id and bookkeeping kept)."""
    for column in type(row).__table__.columns:
        if column.name not in KEPT_COLUMNS:
            setattr(row, column.key, getattr(built, column.key))
