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


def readable(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
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
                rows.append({"section": title, "field": f"#{index}", "value": readable(item)})
        elif isinstance(content, dict):
            rows.extend({"section": title, "field": field_label(k), "value": readable(v)} for k, v in content.items())
    return rows


def diff_rows(diff: list[FieldDiff]) -> list[dict[str, str]]:
    return [
        {"section": SECTION_TITLES.get(d.section, d.section), "field": field_label(d.field), "before": readable(d.before),
         "after": readable(d.after)}
        for d in diff
    ]
