"""Data quality's rejections and version churn as counted before the aggregates (migration 014):
the test oracle for `fitapp.services.data_quality`, moved here verbatim from it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text

from fitapp.domain.step_numbers import REVIEW_STEP
from fitapp.services.analytics import _bounds

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


def assert_matches_oracle(engine: Any, start: date | None = None, end: date | None = None) -> None:
    """Rejections per step and churn per week from the aggregates equal the oracle's."""
    from fitapp.services import data_quality

    quality = data_quality.data_quality(start, end)
    start_at, end_at = _bounds(start, end) if start is not None and end is not None else (None, None)
    window = {"start_at": start_at, "end_at": end_at}
    with engine.connect() as conn:
        rejections = [tuple(r) for r in conn.execute(text(REJECTIONS_SQL), window)]
        weeks = [tuple(r) for r in conn.execute(text(CHURN_SQL), window)]
    assert [(r.step, r.rejected, r.users) for r in quality.rejections] == rejections, (start, end)
    kept = [(w.week_start, w.iso_week, w.users, w.versions, w.changes) for w in quality.churn.weeks]
    assert kept == weeks, (start, end, sorted(set(kept) ^ set(weeks)))
