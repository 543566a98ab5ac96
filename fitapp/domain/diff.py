"""What changed between two profile snapshots, field by field.

A snapshot (``services.snapshot``) is a JSON object with one section per table: a
single-row table is an object of columns (or None), a multi-row table a list of such
objects, and ``answers`` holds the onboarding answers the tables were built from. Pure
functions over those documents, so history, audit and tests all read changes the same way.

Not compared:
- ``answers``: the tables already show every effect of an answer, in the words of the
  schema; comparing both would report each change twice.
- ``VOLATILE_FIELDS``: bookkeeping that differs between any two versions, even when the
  configuration is identical (the version number, when and by whom it was locked, when
  the meal plan was last recalculated and why, when a measurement was recorded). They are
  left out of ``changed_fields``, of the default diff, and of ``same_configuration``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

ANSWERS_SECTION = "answers"
IGNORED_SECTIONS = frozenset({ANSWERS_SECTION})
VOLATILE_FIELDS: Mapping[str, frozenset[str]] = {
    "user_profiles": frozenset({"version", "locked_at", "is_locked", "modification_reason", "last_modified_by"}),
    "meal_plans": frozenset({"locked_at", "is_locked", "last_recalculated_at", "recalculation_reason"}),
    "body_measurements": frozenset({"recorded_at"}),
    "lifestyle_baselines": frozenset({"recorded_at"}),
}
# Multi-row sections: the columns that identify "the same row" in two versions.
LIST_KEYS: Mapping[str, tuple[str, ...]] = {
    "fitness_goals": ("goal_type",),
    "physical_constraints": ("constraint_type", "constraint_category", "description"),
    "meal_schedules": ("meal_number",),
}


@dataclass(frozen=True)
class FieldDiff:
    """One difference: ``field`` is a column, or for a multi-row section the row and the
    column ("meal 2 scheduled_time"), or a whole row "<row> added" / "<row> removed" (its
    columns that have a value in ``after`` / ``before``)."""

    section: str
    field: str
    before: Any
    after: Any

    @property
    def row_added(self) -> bool:
        return self.field.endswith(" added") and self.before is None and isinstance(self.after, Mapping)

    @property
    def row_removed(self) -> bool:
        return self.field.endswith(" removed") and self.after is None and isinstance(self.before, Mapping)


def _volatile(section: str, include_volatile: bool) -> frozenset[str]:
    return frozenset() if include_volatile else VOLATILE_FIELDS.get(section, frozenset())


def _row_label(section: str, row: Mapping[str, Any]) -> str:
    if section == "meal_schedules":
        return f"meal {row.get('meal_number')}"
    if section == "fitness_goals":
        return f"{row.get('goal_type')} goal"
    if section == "physical_constraints":
        parts = [str(row.get("constraint_type"))]
        if row.get("constraint_category"):
            parts.append(str(row["constraint_category"]))
        if row.get("description"):
            parts.append(json.dumps(row["description"], ensure_ascii=False))
        return " ".join(parts)
    return "row"


def _keyed(section: str, rows: list[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """Rows by natural key; equal keys are told apart by their order (occurrence 1, 2, ...)."""
    columns = LIST_KEYS.get(section)
    keyed: dict[str, Mapping[str, Any]] = {}
    for index, row in enumerate(rows):
        natural = [row.get(column) for column in columns] if columns else [index]
        key = json.dumps(natural, sort_keys=True, default=str)
        occurrence = 1
        while f"{key}#{occurrence}" in keyed:
            occurrence += 1
        keyed[f"{key}#{occurrence}"] = row
    return keyed


def _row_changes(
    section: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, skip: frozenset[str]
) -> Iterator[tuple[str, Any, Any]]:
    """(column, before, after) of every differing column of one row (None = absent row)."""
    old, new = before or {}, after or {}
    for column in sorted(set(old) | set(new)):
        if column not in skip and old.get(column) != new.get(column):
            yield column, old.get(column), new.get(column)


def _section_diffs(section: str, old: Any, new: Any, skip: frozenset[str]) -> Iterator[tuple[FieldDiff, list[str]]]:
    """Each FieldDiff of a section with the columns it involves (for ``changed_fields``)."""
    if isinstance(old, list) or isinstance(new, list):
        before, after = _keyed(section, list(old or [])), _keyed(section, list(new or []))
        for key in sorted(set(before) | set(after)):
            old_row, new_row = before.get(key), after.get(key)
            if old_row is not None and new_row is not None:
                label = _row_label(section, new_row)
                for column, was, now in _row_changes(section, old_row, new_row, skip):
                    yield FieldDiff(section, f"{label} {column}", was, now), [column]
                continue
            row = new_row if new_row is not None else old_row
            assert row is not None
            shown = {column: value for column, value in sorted(row.items()) if column not in skip and value is not None}
            columns = list(shown)
            if new_row is not None:
                yield FieldDiff(section, f"{_row_label(section, row)} added", None, shown), columns
            else:
                yield FieldDiff(section, f"{_row_label(section, row)} removed", shown, None), columns
        return
    for column, was, now in _row_changes(section, old, new, skip):
        yield FieldDiff(section, column, was, now), [column]


def _sections(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return sorted((set(old or {}) | set(new or {})) - IGNORED_SECTIONS)


def _all(
    old: Mapping[str, Any], new: Mapping[str, Any], include_volatile: bool
) -> Iterator[tuple[FieldDiff, list[str]]]:
    old, new = old or {}, new or {}
    for section in _sections(old, new):
        yield from _section_diffs(section, old.get(section), new.get(section), _volatile(section, include_volatile))


def diff_snapshots(
    old: Mapping[str, Any], new: Mapping[str, Any], *, include_volatile: bool = False
) -> list[FieldDiff]:
    """Every difference from ``old`` to ``new``: sections by name, then rows by natural key
    (goal type; constraint type, category and description; meal number), then columns by
    name. A row whose key changed shows as one removed and one added row."""
    return [diff for diff, _ in _all(old, new, include_volatile)]


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The "table.column" names that differ (sorted, unique), volatile fields ignored.

    An added or removed row of a multi-row table counts every column it has a value in.
    """
    names = {f"{diff.section}.{column}" for diff, columns in _all(old, new, False) for column in columns}
    return sorted(names)


def same_configuration(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Equal tables (volatile fields ignored) and equal answers: what a rollback reproduces."""
    return not diff_snapshots(a, b) and (a or {}).get(ANSWERS_SECTION) == (b or {}).get(ANSWERS_SECTION)
