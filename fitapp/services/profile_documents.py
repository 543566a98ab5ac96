"""The locked profile and the AI context as one SQL statement each, built from the table registry.

A table added to ``PROFILE_TABLES`` is in both documents. PostgreSQL builds the JSON
(``json_build_object`` / ``json_agg`` subqueries, seed Appendix A's shape) in the snapshot's
form (``snapshot.json_value``), so one round trip returns what the cache and the API hold.
The statements are read by ``profile_views`` (``load_locked_profile``, ``context``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import DateTime, Time

from fitapp.core.db import psycopg_sql
from fitapp.domain.lifestyle_trend import MEASURES, TREND_DAYS
from fitapp.models import UserProfile
from fitapp.services.profile_tables import BY_SECTION, PROFILE_TABLES, USERS_SECTION, ProfileTable
from fitapp.services.snapshot import METADATA_KEYS, NOISE_COLUMNS, SECTIONS, sorted_rows


def _json_column(alias: str, column: Any) -> str:
    """A column in its snapshot form (``snapshot.json_value``), computed by PostgreSQL."""
    ref = f'{alias}."{column.name}"'
    if isinstance(column.type, DateTime):  # isoformat(): fractions only when there are any
        utc = f"({ref} AT TIME ZONE 'UTC')"
        return (f"(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN date_part('microseconds', {ref})::bigint "
                f"% 1000000 <> 0 THEN to_char({utc}, '.US') ELSE '' END || '+00:00')")
    if isinstance(column.type, Time):
        return f"to_char({ref}, 'HH24:MI')"
    return ref


def _json_row(table: ProfileTable, alias: str) -> str:
    columns = sorted((c for c in table.model.__table__.columns if c.name not in NOISE_COLUMNS), key=lambda c: c.name)
    return "json_build_object(" + ", ".join(f"'{c.name}', {_json_column(alias, c)}" for c in columns) + ")"


def _section_sql(table: ProfileTable, where: str = "") -> str:
    name, row = table.section, _json_row(table, "t")
    condition = f"t.user_id = u.id{where}"
    if table.kind == "many":
        return f"COALESCE((SELECT json_agg({row}) FROM {name} t WHERE {condition}), '[]'::json)"
    order = " ORDER BY t.recorded_at DESC, t.created_at DESC" if table.kind == "series" else ""
    return f"(SELECT {row} FROM {name} t WHERE {condition}{order} LIMIT 1)"


_USERS_SQL = ("CASE WHEN u.metadata IS NULL THEN NULL ELSE json_build_object("
              + ", ".join(f"'{key}', u.metadata->'{key}'" for key in sorted(METADATA_KEYS)) + ") END")
_ANSWERS_SQL = ("(SELECT v.profile_snapshot->'answers' FROM user_profile_versions v "
                "WHERE v.user_id = u.id ORDER BY v.version DESC LIMIT 1)")
_LOCKED_AT_SQL = _json_column("p", UserProfile.__table__.c.locked_at)


def _document_sql(fields: Mapping[str, str]) -> str:
    document = "json_build_object(" + ", ".join(f"'{key}', {value}" for key, value in fields.items()) + ")"
    return (
        "SELECT u.deleted_at IS NULL AND u.account_status <> 'deleted' AS account_open, "
        f"CASE WHEN p.user_id IS NULL THEN NULL ELSE {document} END AS document "
        "FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id WHERE u.id = :user_id"
    )


def _locked_profile_fields() -> dict[str, str]:
    sections = {USERS_SECTION: _USERS_SQL, "answers": _ANSWERS_SQL,
                **{table.section: _section_sql(table) for table in PROFILE_TABLES}}
    return {**{name: sections[name] for name in SECTIONS}, "locked_at": _LOCKED_AT_SQL, "version": "p.version"}


MANY_SECTIONS = tuple(table.section for table in PROFILE_TABLES if table.kind == "many")
LOCKED_PROFILE_SQL = _document_sql(_locked_profile_fields())


def _context_fields() -> dict[str, str]:
    tables, profile = BY_SECTION, BY_SECTION["user_profiles"]
    fields = {"profile_version": "p.version"}
    fields |= {key: _json_column("p", profile.model.__table__.c[key]) for key in CONTEXT_PROFILE_FIELDS}
    fields |= {key: f"u.metadata->'{key}'" for key in ("time_zone", "units")}
    fields |= {
        "fitness_goals": _section_sql(tables["fitness_goals"], " AND t.status = 'active'"),
        "constraints": _section_sql(tables["physical_constraints"], " AND t.is_active IS TRUE"),
        "dietary_prefs": f"COALESCE((SELECT json_agg({_json_row(tables['dietary_preferences'], 't')}) "
                         "FROM dietary_preferences t WHERE t.user_id = u.id), '[]'::json)",
        "meal_plan": _section_sql(tables["meal_plans"]),
        "meal_schedule": _section_sql(tables["meal_schedules"]),
        "workout_schedule": _section_sql(tables["workout_schedules"]),
        "hydration": _section_sql(tables["hydration_preferences"]),
        "lifestyle": _section_sql(tables["lifestyle_baselines"]),
    }
    # The last TREND_DAYS days of check-ins, for the trend (idx_lifestyle_trends serves it).
    lifestyle = tables["lifestyle_baselines"].model.__table__.c
    measures = ", ".join(f"'{key}', t.{key}" for key in MEASURES)
    fields[RECENT_KEY] = (
        f"(SELECT json_agg(json_build_object('recorded_at', {_json_column('t', lifestyle.recorded_at)}, {measures})) "
        f"FROM lifestyle_baselines t WHERE t.user_id = u.id AND t.recorded_at >= now() - interval '{TREND_DAYS} days')"
    )
    return fields


RECENT_KEY = "lifestyle_recent"


CONTEXT_PROFILE_FIELDS = ("fitness_level", "primary_goal", "secondary_goal", "energy_level", "stress_level",
                          "sleep_quality")
CONTEXT_SQL = _document_sql(_context_fields())
LOCKED_PROFILE = psycopg_sql(LOCKED_PROFILE_SQL)
CONTEXT = psycopg_sql(CONTEXT_SQL)


def sorted_sections(document: Mapping[str, Any], lists: tuple[str, ...]) -> dict[str, Any]:
    """The document with its row lists in the snapshot's order (``snapshot.sorted_rows``: its
    tie-break on the whole row is Python's, so it is applied here, on a handful of rows)."""
    out = dict(document)
    for name in lists:
        order = BY_SECTION[_LIST_TABLES.get(name, name)].snapshot_order
        out[name] = sorted_rows(out[name] or [], *order)
    return out


_LIST_TABLES = {"fitness_goals": "fitness_goals", "constraints": "physical_constraints",
                "meal_schedule": "meal_schedules"}
