"""Profile snapshots and diffs as rows a person can read (no Reflex here)."""

from __future__ import annotations

from typing import Any

from fitapp.domain.answer_reader import FIELD_LABELS, fmt
from fitapp.domain.diff import FieldDiff
from fitapp.services.profile_tables import PROFILE_TABLES, USERS_SECTION

# The section titles come with the tables (services.profile_tables); users.metadata is step 0.
SECTION_TITLES = {USERS_SECTION: "About you", **{table.section: table.title for table in PROFILE_TABLES}}
HIDDEN_SECTIONS = {"answers"}
# Bookkeeping a person does not need to read in their plan.
HIDDEN_FIELDS = {"is_locked", "locked_at", "version", "recorded_at", "source", "data_source", "last_modified_by",
                 "modification_reason", "status", "is_active", "resolved_at", "completed_at"}


# Column names whose last part names a unit, and how the unit is written after a value.
UNIT_SUFFIXES = (
    ("_ml", "ml"), ("_kg", "kg"), ("_cm", "cm"), ("_minutes", "min"), ("_weeks", "weeks"), ("_usd", "USD"),
    ("_percentage", "%"), ("_grams_target", "g"), ("_calories_target", "kcal"), ("_calories_min", "kcal"),
    ("_calories_max", "kcal"), ("_hours_last_night", "h"), ("_hours", "h"),
)
# Columns the answers' labels (the review's words) do not cover.
COLUMN_LABELS = {
    "daily_calories_min": "Lowest daily calories",
    "daily_calories_max": "Highest daily calories",
    "protein_percentage": "Protein share",
    "carbs_percentage": "Carbs share",
    "fats_percentage": "Fat share",
    "plan_rationale": "How the plan was worked out",
    "current_energy_level": "Energy",
    "current_stress_level": "Stress",
    "sleep_quality": "Sleep quality",
    "fitness_level": "Fitness level",
    "primary_goal": "Primary goal",
    "meal_number": "Meal number",
}
# Who made a version, in the history's words ("by you").
CHANGED_BY_WORDS = {"user": "you", "admin": "an admin", "system": "the system", "ai_agent": "your AI coach"}


def unit_of(field: str) -> str:
    return next((unit for suffix, unit in UNIT_SUFFIXES if field.endswith(suffix)), "")


def readable(value: Any, unit: str = "") -> str:
    if value is None or value == [] or value == "":
        return "—"
    if unit and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{fmt(value)}\u00a0{unit}" if unit != "%" else f"{fmt(value)}\u00a0%"
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        return value[:16].replace("T", " ") + " UTC"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(readable(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {readable(item)}" for key, item in value.items())
    return str(value)


def field_label(field: str) -> str:
    """A column as the review names it ("Daily water target"); a row's column as "Meal 2: meal time"."""
    row, _, column = field.rpartition(" ")
    if row and column in FIELD_LABELS | COLUMN_LABELS:
        return f"{row[:1].upper()}{row[1:]}: {field_label(column).lower()}"
    return COLUMN_LABELS.get(field) or FIELD_LABELS.get(field) or field.replace("_", " ").capitalize()


def changed_by_words(changed_by: str | None) -> str:
    return CHANGED_BY_WORDS.get(changed_by or "", (changed_by or "").replace("_", " "))


def snapshot_rows(snapshot: dict[str, Any]) -> list[dict[str, str]]:
    """Every section of a snapshot as (section, field, value) rows, in the snapshot's order."""
    rows: list[dict[str, str]] = []
    for section, content in snapshot.items():
        if section in HIDDEN_SECTIONS or section not in SECTION_TITLES:
            continue
        title = SECTION_TITLES[section]
        if isinstance(content, list):
            for index, item in enumerate(content, start=1):
                shown = {k: v for k, v in item.items() if k not in HIDDEN_FIELDS and v not in (None, [], "")} \
                    if isinstance(item, dict) else item
                rows.append({"section": title, "field": f"#{index}", "value": readable(shown)})
        elif isinstance(content, dict):
            rows.extend({"section": title, "field": field_label(k), "value": readable(v, unit_of(k))}
                        for k, v in content.items() if k not in HIDDEN_FIELDS)
    return rows


def diff_rows(diff: list[FieldDiff]) -> list[dict[str, str]]:
    return [
        {"section": SECTION_TITLES.get(d.section, d.section), "field": field_label(d.field),
         "before": readable(d.before, unit_of(d.field)), "after": readable(d.after, unit_of(d.field))}
        for d in diff
    ]


def changed_field_labels(changed_fields: list[str] | None) -> str:
    """`meal_plans.daily_calories_target` as "Meal plan: daily calories"; bookkeeping left out."""
    labels = []
    for name in changed_fields or []:
        section, _, field = name.partition(".")
        if section in HIDDEN_SECTIONS or field in HIDDEN_FIELDS:
            continue
        title = SECTION_TITLES.get(section, section)
        labels.append(f"{title}: {field_label(field).lower()}" if field else title)
    return ", ".join(labels) or "—"
