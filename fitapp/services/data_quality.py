"""Data quality for the admin's analytics page: how often optional answers are left out,
which steps refuse answers, and how often profiles change (versions per user per ISO week)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from fitapp.domain import STEP_TITLES
from fitapp.domain.analytics import rate_pct, safe_div, whole_weeks
from fitapp.domain.step_numbers import REVIEW_STEP
from fitapp.services import funnel_aggregates
from fitapp.services.analytics import InvalidRange, _bounds, read_only


@dataclass(frozen=True)
class NullShare:
    table: str
    column: str
    rows: int
    null_rows: int
    null_pct: float | None
    empty_rows: int  # not NULL but an empty list or blank text: also "not given"


@dataclass(frozen=True)
class StepRejections:
    step: int
    title: str
    rejected: int
    users: int


@dataclass(frozen=True)
class WeekChurn:
    week_start: date  # the Monday of the ISO week (UTC)
    iso_week: str  # "2031-W09"
    users: int  # users with at least one version that week
    versions: int
    changes: int  # versions after the first (version > 1): edits, admin resets, re-confirmations
    versions_per_user: float


@dataclass(frozen=True)
class VersionChurn:
    weeks: list[WeekChurn]
    weeks_with_versions: int
    average_versions_per_user_week: float | None


@dataclass(frozen=True)
class DataQuality:
    null_shares: list[NullShare]
    rejections: list[StepRejections]
    churn: VersionChurn


# (table, column, kind, row filter): the optional columns whose NULL share is reported.
# Fitness-goal targets are asked for the primary goal only, so secondary rows are left out.
OPTIONAL_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("user_profiles", "secondary_goal", "text", "TRUE"),
    ("fitness_goals", "target_weight_kg", "value", "goal_type = 'primary'"),
    ("fitness_goals", "target_body_fat_percentage", "value", "goal_type = 'primary'"),
    ("fitness_goals", "target_muscle_gain_kg", "value", "goal_type = 'primary'"),
    ("fitness_goals", "target_timeline_weeks", "value", "goal_type = 'primary'"),
    ("fitness_goals", "user_explanation", "text", "goal_type = 'primary'"),
    ("dietary_preferences", "diet_type_other", "text", "TRUE"),
    ("dietary_preferences", "allergies", "array", "TRUE"),
    ("dietary_preferences", "intolerances", "array", "TRUE"),
    ("dietary_preferences", "dislikes", "array", "TRUE"),
    ("dietary_preferences", "religious_restrictions", "array", "TRUE"),
    ("dietary_preferences", "preferred_cuisines", "array", "TRUE"),
    ("dietary_preferences", "cooking_skill_level", "text", "TRUE"),
    ("dietary_preferences", "meal_prep_willingness", "text", "TRUE"),
    ("dietary_preferences", "max_meal_prep_time_minutes", "value", "TRUE"),
    ("dietary_preferences", "budget_per_day_usd", "value", "TRUE"),
    ("dietary_preferences", "additional_notes", "text", "TRUE"),
    ("workout_schedules", "preferred_workout_time", "value", "TRUE"),
    ("lifestyle_baselines", "sleep_hours_last_night", "value", "TRUE"),
)


# Kept by the triggers of migration 015 (a change of OPTIONAL_COLUMNS needs a migration there):
# the rows appended since the last fold are summed with the folded ones, so the sum is exact.
NULL_COUNTS_SQL = """
SELECT table_name, column_name, SUM(rows)::bigint AS rows, SUM(null_rows)::bigint AS null_rows,
       SUM(empty_rows)::bigint AS empty_rows
FROM data_quality_null_counts GROUP BY 1, 2
"""


# Kept by `funnel_refresh` (migration 014) per user and day: the distinct users of [a, b] are
# the user-days in it whose previous rejection day of the step is before a.
REJECTIONS_SQL = f"""
SELECT s.step, COALESCE(SUM(r.rejections), 0)::bigint AS rejected,
       COALESCE(SUM(r.users) FILTER (WHERE r.prev_day < CAST(:first_day AS date)), 0)::bigint AS users
FROM generate_series(0, {REVIEW_STEP}) AS s(step)
LEFT JOIN data_quality_rejection_days r
       ON r.step = s.step AND r.day BETWEEN CAST(:first_day AS date) AND CAST(:last_day AS date)
GROUP BY s.step
ORDER BY s.step
"""

WEEKS_SQL = """
SELECT week_start, to_char(week_start, 'IYYY-"W"IW') AS iso_week, users, versions, changes
FROM data_quality_version_weeks
WHERE week_start BETWEEN CAST(:first_monday AS date) AND CAST(:last_monday AS date) AND versions > 0
ORDER BY week_start
"""

# The partial weeks at a range's ends, counted from the versions (an index on valid_from).
PARTIAL_WEEKS_SQL = """
SELECT date_trunc('week', valid_from AT TIME ZONE 'UTC')::date AS week_start,
       to_char(date_trunc('week', valid_from AT TIME ZONE 'UTC'), 'IYYY-"W"IW') AS iso_week,
       COUNT(DISTINCT user_id) AS users,
       COUNT(*) AS versions,
       COUNT(*) FILTER (WHERE version > 1) AS changes
FROM user_profile_versions
WHERE valid_from >= CAST(:start_at AS timestamptz) AND valid_from < CAST(:end_at AS timestamptz)
GROUP BY 1, 2
"""


def _weeks(conn: Any, start: date | None, end: date | None) -> list[Any]:
    if start is None or end is None:
        return list(conn.execute(text(WEEKS_SQL), {"first_monday": date.min, "last_monday": date.max}))
    whole = whole_weeks(start, end)
    if whole is None:
        segments = [(start, end)]
        rows = []
    else:
        first_monday, last_monday = whole
        rows = list(conn.execute(text(WEEKS_SQL), {"first_monday": first_monday, "last_monday": last_monday}))
        segments = [(start, first_monday - timedelta(days=1)), (last_monday + timedelta(days=7), end)]
    for first, last in segments:
        if first <= last:
            start_at, end_at = _bounds(first, last)
            rows += conn.execute(text(PARTIAL_WEEKS_SQL), {"start_at": start_at, "end_at": end_at}).all()
    return sorted(rows, key=lambda row: row.week_start)


def data_quality(start: date | None = None, end: date | None = None) -> DataQuality:
    """NULL shares of the optional profile columns (as the tables are now), rejected answers
    per step and profile version churn per ISO week (both within [start, end] when given)."""
    if (start is None) != (end is None):
        raise InvalidRange("Give both a start and an end date, or neither.")
    if start is not None and end is not None:
        _bounds(start, end)
    funnel_aggregates.refresh()  # the rejections and weeks are kept by the funnel's job
    days = {"first_day": start or date.min, "last_day": end or date.max}
    with read_only() as conn:
        counts = {(row.table_name, row.column_name): row for row in conn.execute(text(NULL_COUNTS_SQL))}
        shares = []
        for table, column, _, _ in OPTIONAL_COLUMNS:
            row = counts[(table, column)]
            shares.append(NullShare(table, column, row.rows, row.null_rows, rate_pct(row.null_rows, row.rows),
                                    row.empty_rows))
        rejections = [
            StepRejections(row.step, STEP_TITLES[row.step], row.rejected, row.users)
            for row in conn.execute(text(REJECTIONS_SQL), days)
        ]
        weeks = [
            WeekChurn(row.week_start, row.iso_week, row.users, row.versions, row.changes,
                      round(row.versions / row.users, 2))
            for row in _weeks(conn, start, end)
        ]
    average = safe_div(sum(w.versions for w in weeks), sum(w.users for w in weeks))
    churn = VersionChurn(weeks, len(weeks), None if average is None else round(average, 2))
    return DataQuality(shares, rejections, churn)
