"""Data quality for the admin's analytics page: how often optional answers are left out,
which steps refuse answers, and how often profiles change (versions per user per ISO week)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from fitapp.domain import STEP_TITLES
from fitapp.domain.analytics import rate_pct, safe_div
from fitapp.domain.step_numbers import REVIEW_STEP
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


REJECTIONS_SQL = f"""
SELECT s.step, COALESCE(r.rejected, 0) AS rejected, COALESCE(r.users, 0) AS users
FROM generate_series(0, {REVIEW_STEP}) AS s(step)
LEFT JOIN (
    SELECT step, COUNT(*) AS rejected, COUNT(DISTINCT user_id) AS users
    FROM onboarding_step_events
    WHERE event = 'rejected'
      AND (CAST(:start_at AS timestamptz) IS NULL OR occurred_at >= CAST(:start_at AS timestamptz))
      AND (CAST(:end_at AS timestamptz) IS NULL OR occurred_at < CAST(:end_at AS timestamptz))
    GROUP BY step
) r ON r.step = s.step
ORDER BY s.step
"""

CHURN_SQL = """
SELECT date_trunc('week', valid_from AT TIME ZONE 'UTC')::date AS week_start,
       to_char(date_trunc('week', valid_from AT TIME ZONE 'UTC'), 'IYYY-"W"IW') AS iso_week,
       COUNT(DISTINCT user_id) AS users,
       COUNT(*) AS versions,
       COUNT(*) FILTER (WHERE version > 1) AS changes
FROM user_profile_versions
WHERE (CAST(:start_at AS timestamptz) IS NULL OR valid_from >= CAST(:start_at AS timestamptz))
  AND (CAST(:end_at AS timestamptz) IS NULL OR valid_from < CAST(:end_at AS timestamptz))
GROUP BY 1, 2
ORDER BY 1
"""


def data_quality(start: date | None = None, end: date | None = None) -> DataQuality:
    """NULL shares of the optional profile columns (as the tables are now), rejected answers
    per step and profile version churn per ISO week (both within [start, end] when given)."""
    if (start is None) != (end is None):
        raise InvalidRange("Give both a start and an end date, or neither.")
    start_at, end_at = _bounds(start, end) if start is not None and end is not None else (None, None)
    window = {"start_at": start_at, "end_at": end_at}
    with read_only() as conn:
        counts = {(row.table_name, row.column_name): row for row in conn.execute(text(NULL_COUNTS_SQL))}
        shares = []
        for table, column, _, _ in OPTIONAL_COLUMNS:
            row = counts[(table, column)]
            shares.append(NullShare(table, column, row.rows, row.null_rows, rate_pct(row.null_rows, row.rows),
                                    row.empty_rows))
        rejections = [
            StepRejections(row.step, STEP_TITLES[row.step], row.rejected, row.users)
            for row in conn.execute(text(REJECTIONS_SQL), window)
        ]
        weeks = [
            WeekChurn(row.week_start, row.iso_week, row.users, row.versions, row.changes,
                      round(row.versions / row.users, 2))
            for row in conn.execute(text(CHURN_SQL), window)
        ]
    average = safe_div(sum(w.versions for w in weeks), sum(w.users for w in weeks))
    churn = VersionChurn(weeks, len(weeks), None if average is None else round(average, 2))
    return DataQuality(shares, rejections, churn)
