"""Today's funnel SQL before the aggregates (issue 15): the test oracle for `fitapp.services.analytics`.

These are the queries the admin funnel ran at every page load until migration 014, moved
here verbatim: they count each cohort from `onboarding_step_events` directly, so they are
independent of the triggers, the queue and the refresh that keep the aggregates. The
comparison tests (tests/integration/admin/test_funnel_aggregates.py) run both on the same
data and expect the same numbers. Not for production use: a 90-day run takes seconds at scale.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, text

from fitapp.domain import STEP_TITLES
from fitapp.domain.analytics import rate_pct
from fitapp.domain.step_numbers import REVIEW_STEP
from fitapp.services.analytics import RETURN_GAP, DailyRow, FunnelSummary, StepFunnel, _params


# Per question step: answered users whose latest answer of it (since their current start) began as
# typed (the typed branch's TYPED_SQL, issue 18 item 5, as it was before the aggregates carried it).
TYPED_SQL_TEMPLATE = """
WITH {cohort},
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
BEGAN_AS_TYPED = "began_as_typed"


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


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


def daily(start: date, end: date, flow_version: str | None = None, *, conn: Connection) -> list[DailyRow]:
    """Appendix A per UTC day from ``start`` to ``end`` (inclusive), newest first as the seed orders it."""
    rows = conn.execute(text(DAILY_SQL), _params(start, end, flow_version)).all()
    return [
        DailyRow(
            row.day, row.started, row.completed, _float(row.completion_rate_pct), _float(row.avg_completion_minutes)
        )
        for row in rows
    ]


def summary(
    start: date, end: date, flow_version: str | None = None, *, conn: Connection,
    now: datetime | None = None,
) -> FunnelSummary:
    """Started, completed, completion rate, mean and median completion time, returning users.

    ``now`` (default: the database's clock) is the moment "quiet for 24 h" is measured from.
    """
    params = {**_params(start, end, flow_version), "return_gap": RETURN_GAP, "now": now}
    row = conn.execute(text(SUMMARY_SQL), params).one()
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
    start: date, end: date, flow_version: str | None = None, *, conn: Connection
) -> list[StepFunnel]:
    """Reached, answered, drop-off, time on step and rejections for steps 0–11."""
    params = _params(start, end, flow_version)
    rows = conn.execute(text(PER_STEP_SQL), params).all()
    typed = dict(conn.execute(text(TYPED_SQL_TEMPLATE.format(cohort=COHORT_CTE)),
                              {**params, "typed_key": BEGAN_AS_TYPED}).tuples().all())
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




# ---------------------------------------------------------------- comparison

PERIOD_DAYS = (7, 30, 90, 365)  # the funnel page's periods


# Percentiles are taken over whole seconds (times are rounded to the second first): with
# sub-second times (users made by the services in other tests) they are within half a second.
HALF_SECOND = {"median_seconds": 0.5, "p90_seconds": 0.5, "median_completion_minutes": 0.5 / 60}


def _same(new: Any, old: Any, where: str, whole_seconds: bool = True) -> None:
    """Field by field: counts equal, floats equal up to the last bits (a sum divided once vs a
    mean of quotients), None where the oracle has None; percentiles exactly on whole-second
    data, else within half a second."""
    import dataclasses

    import pytest

    for field in dataclasses.fields(old):
        a, b = getattr(new, field.name), getattr(old, field.name)
        if isinstance(b, float) and isinstance(a, float) and not whole_seconds and field.name in HALF_SECOND:
            assert abs(a - b) <= HALF_SECOND[field.name] + 1e-9, f"{where}.{field.name}: {a} vs {b}"
        elif isinstance(b, float) and isinstance(a, float):
            assert a == pytest.approx(b, rel=1e-12, abs=1e-12), f"{where}.{field.name}: {a} != {b}"
        else:
            assert a == b, f"{where}.{field.name}: {a!r} != {b!r}"


def assert_matches_oracle(engine: Any, start: date, end: date, flow_version: str | None = None,
                          now: datetime | None = None, *, whole_seconds: bool = True) -> None:
    """The aggregate-based summary, daily rows and per-step funnel equal the oracle's
    (``whole_seconds=False``: the data has sub-second times, percentiles within 0.5 s)."""
    from fitapp.services import analytics

    new_summary = analytics.summary(start, end, flow_version, now=now)
    new_daily = analytics.daily(start, end, flow_version)
    new_steps = analytics.per_step(start, end, flow_version)
    with engine.connect() as conn:
        old_summary = summary(start, end, flow_version, conn=conn, now=now)
        old_daily = daily(start, end, flow_version, conn=conn)
        old_steps = per_step(start, end, flow_version, conn=conn)
    label = f"{start}..{end} flow={flow_version} now={now}"
    _same(new_summary, old_summary, f"summary[{label}]", whole_seconds)
    assert len(new_daily) == len(old_daily)
    for new_row, old_row in zip(new_daily, old_daily, strict=True):
        _same(new_row, old_row, f"daily[{label}][{old_row.day}]", whole_seconds)
    assert len(new_steps) == len(old_steps)
    for new_row, old_row in zip(new_steps, old_steps, strict=True):
        _same(new_row, old_row, f"per_step[{label}][{old_row.step}]", whole_seconds)
