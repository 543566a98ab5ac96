"""Read-only reporting views for the admin funnel (seed section 12 and Appendix A), in plain SQL.

The numbers are summed from the per-day aggregates of migration 014 (`funnel_days`,
`funnel_day_steps` and the whole-second histograms per block of days), brought up to date by
`funnel_aggregates.refresh` just before the read, inside a READ ONLY, REPEATABLE READ
transaction (one consistent picture, and a bug here cannot write). The cost follows days x
steps x distinct seconds, not users. The SQL that counted from the events at every load is the
test oracle (`tests/support/funnel_oracle.py`): same numbers on the same data, with medians and
p90 of whole seconds (finer times are rounded to the second before the percentile; averages
use exact sums). Percentages are turned from counts with the helpers of
`fitapp.domain.analytics`, which define the rules in plain Python.

Conventions (the ONBOARDING_SPEC "Analytics definitions"):
- Cohort: a user belongs to the range [start, end] (dates, inclusive) by the UTC date of
  `onboarding_states.started_at`; `flow_version` narrows it to one flow. An admin reset starts
  the user again (new started_at), so only step events since the current start count.
- Reached = a 'shown' (or 'answered') event of the step; answered = an 'answered' event.
  Confirming writes no step event, so `completed_at` stands in as step 11's 'answered' (it
  also ends the time on the review step).
- Drop-off at a step = unfinished users whose furthest reached step is that one; users with no
  step event yet appear only in `started`.
- Time on a step = `fitapp.domain.analytics.seconds_on_steps`, per user, then median and p90
  across users (`percentile_of_counts`, percentile_cont's rule over the histogram).
- Began as typed (steps 0–10) = users whose latest 'answered' event of the step (the answer
  that stands) carries `details.began_as_typed` (`fitapp.domain.analytics.answered_details`);
  its share is of the step's answered users. The review step has no typed answer: no count.
  Kept per user by `funnel_refresh` (migration 014) and summed from `funnel_day_steps`.

These functions do not check roles: callers are `fitapp.services.admin` functions, which do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, text

from fitapp.core.db import read_connection
from fitapp.services import funnel_aggregates
from fitapp.domain import STEP_TITLES
from fitapp.domain.step_numbers import ALL_STEPS, REVIEW_STEP
from fitapp.domain.errors import Refused
from fitapp.domain.analytics import (
    COMPLETION_ALERT_PCT,
    TRAILING_DAYS,
    day_blocks,
    is_below_alert,
    percentile_of_counts,
    rate_pct,
)

MAX_RANGE_DAYS = 3 * 366
STEPS = ALL_STEPS
RETURN_GAP = timedelta(hours=24)


class InvalidRange(Refused, ValueError):
    """A date range the reports refuse (end before start, or longer than MAX_RANGE_DAYS)."""


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class DailyRow:
    """One day of the seed's Appendix A query."""

    day: date
    started: int
    completed: int
    completion_rate_pct: float | None
    avg_completion_minutes: float | None


@dataclass(frozen=True)
class FunnelSummary:
    start: date
    end: date
    flow_version: str | None
    started: int
    completed: int
    completion_rate_pct: float | None
    avg_completion_minutes: float | None
    median_completion_minutes: float | None
    # Returning users: left for more than 24 h (a gap between two events, or an unfinished
    # onboarding quiet for 24 h now) and of those, who later answered a step or confirmed.
    left_users: int
    returned_users: int
    returning_users_pct: float | None


@dataclass(frozen=True)
class StepFunnel:
    step: int
    title: str
    reached: int
    answered: int
    drop_off: int
    drop_off_rate_pct: float | None  # drop_off / reached, 0..100
    median_seconds: float | None
    p90_seconds: float | None
    avg_seconds: float | None
    rejections: int
    # Answered users whose standing answer began as typed text, and their share of `answered`
    # (None at the review step, which has nothing to type).
    typed_answers: int | None = None
    typed_share_pct: float | None = None


@dataclass(frozen=True)
class TrailingRate:
    """Completion rate of the users who started in the TRAILING_DAYS days before ``as_of``."""

    as_of: date
    start: date
    end: date
    started: int
    completed: int
    completion_rate_pct: float | None
    alert_threshold_pct: float
    below_alert: bool


@dataclass(frozen=True)
class FunnelReport:
    summary: FunnelSummary
    daily: list[DailyRow]
    steps: list[StepFunnel]
    trailing: TrailingRate


# ---------------------------------------------------------------- plumbing


@contextmanager
def read_only() -> Iterator[Connection]:
    """A connection in a READ ONLY, REPEATABLE READ transaction, rolled back at the end."""
    with read_connection() as conn:  # the replica's when it is caught up with erasures (core.replica)
        conn.begin()
        try:
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
            yield conn
        finally:
            conn.rollback()


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    if end < start:
        raise InvalidRange("The end date is before the start date.")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise InvalidRange(f"Choose a range of at most {MAX_RANGE_DAYS} days.")
    return datetime.combine(start, time.min, UTC), datetime.combine(end + timedelta(days=1), time.min, UTC)


def _params(start: date, end: date, flow_version: str | None) -> dict[str, Any]:
    start_at, end_at = _bounds(start, end)
    blocks = day_blocks((start - EPOCH).days, (end - EPOCH).days)
    return {"start_at": start_at, "end_at": end_at, "start": start, "end": end, "flow_version": flow_version,
            "levels": [level for level, _ in blocks], "blocks": [block for _, block in blocks]}


VERSION_FILTER = "(CAST(:flow_version AS varchar) IS NULL OR {t}.flow_version = CAST(:flow_version AS varchar))"

# Appendix A per UTC day of the range (days without a start included, with no rate).
DAILY_SQL = f"""
SELECT d.day::date AS day,
       COALESCE(SUM(f.started), 0)::bigint AS started,
       COALESCE(SUM(f.completed), 0)::bigint AS completed,
       ROUND(SUM(f.completed)::numeric / NULLIF(SUM(f.started), 0)::numeric * 100, 2) AS completion_rate_pct,
       SUM(f.completion_seconds) / NULLIF(SUM(f.completed), 0) / 60 AS avg_completion_minutes
FROM generate_series(CAST(:start AS date), CAST(:end AS date), interval '1 day') AS d(day)
LEFT JOIN funnel_days f ON f.cohort_day = d.day::date AND {VERSION_FILTER.format(t="f")}
GROUP BY d.day
ORDER BY d.day DESC
"""

SUMMARY_SQL = f"""
SELECT COALESCE(SUM(started), 0)::bigint AS started,
       COALESCE(SUM(completed), 0)::bigint AS completed,
       SUM(completion_seconds) / NULLIF(SUM(completed), 0) / 60 AS avg_minutes,
       COALESCE(SUM(came_back), 0)::bigint AS came_back,
       COALESCE(SUM(unfinished_not_came_back), 0)::bigint AS unfinished_not_came_back,
       COALESCE(SUM(returned), 0)::bigint AS returned_users,
       -- Not quiet yet: the open users seen within the last 24 h (an index on last_seen_at).
       (SELECT COUNT(*) FROM funnel_users u
        WHERE NOT u.completed AND NOT u.came_back
          AND u.last_seen_at >= COALESCE(CAST(:now AS timestamptz), now()) - :return_gap
          AND u.cohort_day BETWEEN :start AND :end AND {VERSION_FILTER.format(t="u")}) AS recently_seen
FROM funnel_days f
WHERE f.cohort_day BETWEEN :start AND :end AND {VERSION_FILTER.format(t="f")}
"""

# Whole seconds -> users over the range's aligned day blocks (``day_blocks``); step -1 is the
# whole onboarding (completion time), 0-11 the time on each step.
HISTOGRAM_SQL = f"""
SELECT f.step, f.seconds, SUM(f.users)::bigint AS users
FROM unnest(CAST(:levels AS smallint[]), CAST(:blocks AS integer[])) AS b(level, block)
JOIN funnel_seconds_histogram f ON f.level = b.level AND f.block = b.block
WHERE {VERSION_FILTER.format(t="f")} AND (f.step = -1) = CAST(:completion AS boolean)
GROUP BY f.step, f.seconds
"""
EPOCH = date(1970, 1, 1)


PER_STEP_SQL = f"""
SELECT s.step,
       COALESCE(SUM(f.reached), 0)::bigint AS reached,
       COALESCE(SUM(f.answered), 0)::bigint AS answered,
       COALESCE(SUM(f.drop_off), 0)::bigint AS drop_off,
       SUM(f.seconds) / NULLIF(SUM(f.timed_users), 0) AS avg_seconds,
       COALESCE(SUM(f.rejections), 0)::bigint AS rejections,
       COALESCE(SUM(f.typed_answers), 0)::bigint AS typed_answers
FROM generate_series(0, {REVIEW_STEP}) AS s(step)
LEFT JOIN funnel_day_steps f ON f.step = s.step AND f.cohort_day BETWEEN :start AND :end
                            AND {VERSION_FILTER.format(t="f")}
GROUP BY s.step
ORDER BY s.step
"""

def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------- funnel


def daily(start: date, end: date, flow_version: str | None = None, *, conn: Connection | None = None) -> list[DailyRow]:
    """Appendix A per UTC day from ``start`` to ``end`` (inclusive), newest first as the seed orders it."""
    with _connection(conn) as c:
        rows = c.execute(text(DAILY_SQL), _params(start, end, flow_version)).all()
    return [
        DailyRow(
            row.day, row.started, row.completed, _float(row.completion_rate_pct), _float(row.avg_completion_minutes)
        )
        for row in rows
    ]


def summary(
    start: date, end: date, flow_version: str | None = None, *, conn: Connection | None = None,
    now: datetime | None = None,
) -> FunnelSummary:
    """Started, completed, completion rate, mean and median completion time, returning users.

    ``now`` (default: the database's clock) is the moment "quiet for 24 h" is measured from.
    """
    params = {**_params(start, end, flow_version), "return_gap": RETURN_GAP, "now": now}
    with _connection(conn) as c:
        row = c.execute(text(SUMMARY_SQL), params).one()
        completion = [(seconds / 60, users) for _, seconds, users in
                      c.execute(text(HISTOGRAM_SQL), {**params, "completion": True})]
    # Left = came back after 24 h away, or unfinished and quiet for 24 h now (not counted twice).
    left_users = row.came_back + row.unfinished_not_came_back - row.recently_seen
    return FunnelSummary(
        start=start,
        end=end,
        flow_version=flow_version,
        started=row.started,
        completed=row.completed,
        completion_rate_pct=rate_pct(row.completed, row.started),
        avg_completion_minutes=_float(row.avg_minutes),
        median_completion_minutes=percentile_of_counts(completion, 0.5),
        left_users=left_users,
        returned_users=row.returned_users,
        returning_users_pct=rate_pct(row.returned_users, left_users),
    )


def per_step(
    start: date, end: date, flow_version: str | None = None, *, conn: Connection | None = None
) -> list[StepFunnel]:
    """Reached, answered, drop-off, time on step and rejections for steps 0–11."""
    params = _params(start, end, flow_version)
    with _connection(conn) as c:
        rows = c.execute(text(PER_STEP_SQL), params).all()
        seconds: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for step, value, users in c.execute(text(HISTOGRAM_SQL), {**params, "completion": False}):
            seconds[step].append((float(value), users))
    return [
        StepFunnel(
            step=row.step,
            title=STEP_TITLES[row.step],
            reached=row.reached,
            answered=row.answered,
            drop_off=row.drop_off,
            drop_off_rate_pct=rate_pct(row.drop_off, row.reached),
            median_seconds=percentile_of_counts(seconds[row.step], 0.5),
            p90_seconds=percentile_of_counts(seconds[row.step], 0.9),
            avg_seconds=_float(row.avg_seconds),
            rejections=row.rejections,
            typed_answers=None if row.step == REVIEW_STEP else row.typed_answers,
            typed_share_pct=None if row.step == REVIEW_STEP else rate_pct(row.typed_answers, row.answered),
        )
        for row in rows
    ]


STARTED_COMPLETED_SQL = f"""
SELECT COALESCE(SUM(started), 0)::bigint AS started, COALESCE(SUM(completed), 0)::bigint AS completed
FROM funnel_days f WHERE f.cohort_day BETWEEN :start AND :end AND {VERSION_FILTER.format(t="f")}
"""


def trailing_completion_rate(
    as_of: date, flow_version: str | None = None, *, conn: Connection | None = None
) -> TrailingRate:
    """The seed's alert metric: completion rate of the cohort of the 7 days before ``as_of``
    (``as_of`` itself excluded), against the 60 % line. No starts: no rate and no alert."""
    start, end = as_of - timedelta(days=TRAILING_DAYS), as_of - timedelta(days=1)
    with _connection(conn) as c:
        row = c.execute(text(STARTED_COMPLETED_SQL), _params(start, end, flow_version)).one()
    rate = rate_pct(row.completed, row.started)
    return TrailingRate(
        as_of=as_of,
        start=start,
        end=end,
        started=row.started,
        completed=row.completed,
        completion_rate_pct=rate,
        alert_threshold_pct=COMPLETION_ALERT_PCT,
        below_alert=is_below_alert(rate),
    )


def funnel_report(
    start: date, end: date, flow_version: str | None = None, *, as_of: date | None = None
) -> FunnelReport:
    """Everything the funnel page shows, from one consistent snapshot of the database.

    ``as_of`` (default: today, UTC) is the day the trailing 7-day rate is computed for.
    """
    _bounds(start, end)
    funnel_aggregates.refresh()
    with read_only() as conn:
        return FunnelReport(
            summary=summary(start, end, flow_version, conn=conn),
            daily=daily(start, end, flow_version, conn=conn),
            steps=per_step(start, end, flow_version, conn=conn),
            trailing=trailing_completion_rate(as_of or datetime.now(UTC).date(), flow_version, conn=conn),
        )


def flow_versions() -> list[str]:
    """The onboarding flow versions users have started, for the report's filter."""
    with read_only() as conn:
        return list(conn.execute(text("SELECT DISTINCT flow_version FROM onboarding_states ORDER BY 1")).scalars())


@contextmanager
def _connection(conn: Connection | None) -> Iterator[Connection]:
    """The caller's snapshot, or a fresh one of aggregates just brought up to date."""
    if conn is not None:
        yield conn
    else:
        funnel_aggregates.refresh()
        with read_only() as own:
            yield own
