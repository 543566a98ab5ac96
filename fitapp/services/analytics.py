"""Read-only reporting views for the admin funnel (seed section 12 and Appendix A), in plain SQL.

Every number is counted by PostgreSQL from `onboarding_states`, `onboarding_step_events`,
`user_profile_versions` and the profile tables, inside a READ ONLY, REPEATABLE READ
transaction (one consistent picture, and a bug here cannot write). Percentages are turned from
counts with the helpers of `fitapp.domain.analytics`, which define the rules in plain Python.

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
  across users with `percentile_cont`.
- Began as typed (steps 0–10) = users whose latest 'answered' event of the step (the answer
  that stands) carries `details.began_as_typed` (`fitapp.domain.analytics.answered_details`);
  its share is of the step's answered users. The review step has no typed answer: no count.

These functions do not check roles: callers are `fitapp.services.admin` functions, which do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, text

from fitapp.core.db import read_connection
from fitapp.domain import STEP_TITLES
from fitapp.domain.step_numbers import ALL_STEPS, REVIEW_STEP
from fitapp.domain.errors import Refused
from fitapp.domain.analytics import BEGAN_AS_TYPED, COMPLETION_ALERT_PCT, TRAILING_DAYS, is_below_alert, rate_pct

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
    return {"start_at": start_at, "end_at": end_at, "start": start, "end": end, "flow_version": flow_version}


COHORT_CTE = f"""
cohort AS (
    SELECT o.user_id, o.started_at, o.completed_at
    FROM onboarding_states o
    WHERE o.started_at >= :start_at AND o.started_at < :end_at
      AND (CAST(:flow_version AS varchar) IS NULL OR o.flow_version = CAST(:flow_version AS varchar))
),
events AS (
    SELECT e.user_id, e.step, e.event, e.occurred_at
    FROM onboarding_step_events e
    JOIN cohort c ON c.user_id = e.user_id
    WHERE e.occurred_at >= c.started_at
    UNION ALL
    -- Confirming (the review step) writes no step event: completed_at is its 'answered'.
    SELECT user_id, {REVIEW_STEP}, 'answered', completed_at FROM cohort WHERE completed_at IS NOT NULL
)"""

# Appendix A, per UTC day of the range (days without a start included, with no rate).
DAILY_SQL = f"""
WITH {COHORT_CTE},
per_day AS (
    SELECT (started_at AT TIME ZONE 'UTC')::date AS day,
           COUNT(*) AS started,
           COUNT(completed_at) AS completed,
           ROUND(COUNT(completed_at)::numeric / COUNT(*)::numeric * 100, 2) AS completion_rate_pct,
           AVG(EXTRACT(EPOCH FROM (completed_at - started_at)) / 60) AS avg_completion_minutes
    FROM cohort
    GROUP BY 1
)
SELECT d.day::date AS day,
       COALESCE(p.started, 0) AS started,
       COALESCE(p.completed, 0) AS completed,
       p.completion_rate_pct,
       p.avg_completion_minutes
FROM generate_series(CAST(:start AS date), CAST(:end AS date), interval '1 day') AS d(day)
LEFT JOIN per_day p ON p.day = d.day::date
ORDER BY d.day DESC
"""

SUMMARY_SQL = f"""
WITH {COHORT_CTE},
gaps AS (
    SELECT user_id, occurred_at,
           occurred_at - LAG(occurred_at) OVER (PARTITION BY user_id ORDER BY occurred_at) AS gap
    FROM events
),
came_back AS (
    SELECT user_id, MIN(occurred_at) AS back_at FROM gaps WHERE gap > :return_gap GROUP BY user_id
),
quiet AS (
    SELECT c.user_id
    FROM cohort c LEFT JOIN events e ON e.user_id = c.user_id
    WHERE c.completed_at IS NULL
    GROUP BY c.user_id, c.started_at
    HAVING GREATEST(MAX(e.occurred_at), c.started_at) < COALESCE(CAST(:now AS timestamptz), now()) - :return_gap
),
returned AS (
    SELECT b.user_id
    FROM came_back b
    WHERE EXISTS (SELECT 1 FROM events e
                  WHERE e.user_id = b.user_id AND e.event = 'answered' AND e.occurred_at >= b.back_at)
)
SELECT COUNT(*) AS started,
       COUNT(completed_at) AS completed,
       AVG(EXTRACT(EPOCH FROM (completed_at - started_at)) / 60) AS avg_minutes,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (completed_at - started_at)) / 60)
           AS median_minutes,
       (SELECT COUNT(*) FROM (SELECT user_id FROM came_back UNION SELECT user_id FROM quiet) l) AS left_users,
       (SELECT COUNT(*) FROM returned) AS returned_users
FROM cohort
"""

PER_STEP_SQL = f"""
WITH {COHORT_CTE},
reach AS (SELECT DISTINCT user_id, step FROM events WHERE event IN ('shown', 'answered')),
answered AS (SELECT DISTINCT user_id, step FROM events WHERE event = 'answered'),
furthest AS (
    SELECT r.user_id, MAX(r.step) AS step
    FROM reach r JOIN cohort c ON c.user_id = r.user_id
    WHERE c.completed_at IS NULL
    GROUP BY r.user_id
),
intervals AS (
    SELECT user_id, step, event,
           EXTRACT(EPOCH FROM (LEAD(occurred_at) OVER (PARTITION BY user_id ORDER BY occurred_at) - occurred_at))
               AS seconds
    FROM events
    WHERE event IN ('shown', 'hidden', 'answered')
),
user_step_seconds AS (
    SELECT user_id, step, SUM(seconds) AS seconds
    FROM intervals
    WHERE event = 'shown' AND seconds IS NOT NULL
    GROUP BY user_id, step
),
times AS (
    SELECT step,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median_seconds,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) AS p90_seconds,
           AVG(seconds) AS avg_seconds
    FROM user_step_seconds GROUP BY step
),
reached_by_step AS (SELECT step, COUNT(DISTINCT user_id) AS n FROM reach GROUP BY step),
answered_by_step AS (SELECT step, COUNT(DISTINCT user_id) AS n FROM answered GROUP BY step),
drop_by_step AS (SELECT step, COUNT(*) AS n FROM furthest GROUP BY step),
rejected_by_step AS (SELECT step, COUNT(*) AS n FROM events WHERE event = 'rejected' GROUP BY step)
SELECT s.step,
       COALESCE(r.n, 0) AS reached,
       COALESCE(a.n, 0) AS answered,
       COALESCE(d.n, 0) AS drop_off,
       t.median_seconds, t.p90_seconds, t.avg_seconds,
       COALESCE(x.n, 0) AS rejections
FROM generate_series(0, {REVIEW_STEP}) AS s(step)
LEFT JOIN reached_by_step r ON r.step = s.step
LEFT JOIN answered_by_step a ON a.step = s.step
LEFT JOIN drop_by_step d ON d.step = s.step
LEFT JOIN times t ON t.step = s.step
LEFT JOIN rejected_by_step x ON x.step = s.step
ORDER BY s.step
"""

# Per question step: answered users whose latest answer of it (since their current start) began as typed.
TYPED_SQL = f"""
WITH {COHORT_CTE},
latest AS (
    SELECT DISTINCT ON (e.user_id, e.step) e.step, e.details
    FROM onboarding_step_events e
    JOIN cohort c ON c.user_id = e.user_id
    WHERE e.event = 'answered' AND e.occurred_at >= c.started_at
    ORDER BY e.user_id, e.step, e.occurred_at DESC
)
SELECT step, COUNT(*) FILTER (WHERE details ->> :typed_key = 'true') AS typed
FROM latest
GROUP BY step
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
    return FunnelSummary(
        start=start,
        end=end,
        flow_version=flow_version,
        started=row.started,
        completed=row.completed,
        completion_rate_pct=rate_pct(row.completed, row.started),
        avg_completion_minutes=_float(row.avg_minutes),
        median_completion_minutes=_float(row.median_minutes),
        left_users=row.left_users,
        returned_users=row.returned_users,
        returning_users_pct=rate_pct(row.returned_users, row.left_users),
    )


def per_step(
    start: date, end: date, flow_version: str | None = None, *, conn: Connection | None = None
) -> list[StepFunnel]:
    """Reached, answered, drop-off, time on step, rejections and answers begun as typed for steps 0–11."""
    params = _params(start, end, flow_version)
    with _connection(conn) as c:
        rows = c.execute(text(PER_STEP_SQL), params).all()
        typed = dict(c.execute(text(TYPED_SQL), {**params, "typed_key": BEGAN_AS_TYPED}).tuples().all())
    return [
        StepFunnel(
            step=row.step,
            title=STEP_TITLES[row.step],
            reached=row.reached,
            answered=row.answered,
            drop_off=row.drop_off,
            drop_off_rate_pct=rate_pct(row.drop_off, row.reached),
            median_seconds=_float(row.median_seconds),
            p90_seconds=_float(row.p90_seconds),
            avg_seconds=_float(row.avg_seconds),
            rejections=row.rejections,
            typed_answers=None if row.step == REVIEW_STEP else typed.get(row.step, 0),
            typed_share_pct=None if row.step == REVIEW_STEP else rate_pct(typed.get(row.step, 0), row.answered),
        )
        for row in rows
    ]


def trailing_completion_rate(
    as_of: date, flow_version: str | None = None, *, conn: Connection | None = None
) -> TrailingRate:
    """The seed's alert metric: completion rate of the cohort of the 7 days before ``as_of``
    (``as_of`` itself excluded), against the 60 % line. No starts: no rate and no alert."""
    start, end = as_of - timedelta(days=TRAILING_DAYS), as_of - timedelta(days=1)
    result = summary(start, end, flow_version, conn=conn)
    return TrailingRate(
        as_of=as_of,
        start=start,
        end=end,
        started=result.started,
        completed=result.completed,
        completion_rate_pct=result.completion_rate_pct,
        alert_threshold_pct=COMPLETION_ALERT_PCT,
        below_alert=is_below_alert(result.completion_rate_pct),
    )


def funnel_report(
    start: date, end: date, flow_version: str | None = None, *, as_of: date | None = None
) -> FunnelReport:
    """Everything the funnel page shows, from one consistent snapshot of the database.

    ``as_of`` (default: today, UTC) is the day the trailing 7-day rate is computed for.
    """
    _bounds(start, end)
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
    if conn is not None:
        yield conn
    else:
        with read_only() as own:
            yield own
