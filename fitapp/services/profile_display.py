"""Profile snapshots and diffs as rows a person can read (no Reflex here)."""

from __future__ import annotations

from typing import Any

from fitapp.domain.diff import FieldDiff

SECTION_TITLES = {
    "users": "About you",
    "user_profiles": "Profile",
    "fitness_goals": "Goals",
    "physical_constraints": "Health, place and equipment",
    "dietary_preferences": "Diet",
    "meal_plans": "Meal plan",
    "meal_schedules": "Meal times",
    "workout_schedules": "Workouts",
    "hydration_preferences": "Hydration",
    "lifestyle_baselines": "Lifestyle",
    "body_measurements": "Body",
}
HIDDEN_SECTIONS = {"answers"}
# Bookkeeping a person does not need to read in their plan.
HIDDEN_FIELDS = {"is_locked", "locked_at", "version", "recorded_at", "source", "data_source", "last_modified_by",
                 "modification_reason", "status", "is_active", "resolved_at", "completed_at"}


def readable(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
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
    return field.replace("_", " ")


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
            rows.extend({"section": title, "field": field_label(k), "value": readable(v)} for k, v in content.items()
                        if k not in HIDDEN_FIELDS)
    return rows


def diff_rows(diff: list[FieldDiff]) -> list[dict[str, str]]:
    return [
        {"section": SECTION_TITLES.get(d.section, d.section), "field": field_label(d.field), "before": readable(d.before),
         "after": readable(d.after)}
        for d in diff
    ]


def changed_field_labels(changed_fields: list[str] | None) -> str:
    """`meal_plans.daily_calories_target` as "Meal plan: daily calories target"; bookkeeping left out."""
    labels = []
    for name in changed_fields or []:
        section, _, field = name.partition(".")
        if section in HIDDEN_SECTIONS or field in HIDDEN_FIELDS:
            continue
        title = SECTION_TITLES.get(section, section)
        labels.append(f"{title}: {field_label(field)}" if field else title)
    return ", ".join(labels) or "—"
