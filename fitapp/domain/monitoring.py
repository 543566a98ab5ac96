"""Seed section 12 (Monitoring & Observability): the figures to watch and when to raise an alert.

Pure rules; the measurements come from `fitapp.core.metrics`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fitapp.domain.analytics import COMPLETION_ALERT_PCT, TRAILING_DAYS, is_below_alert

# "Alerting Thresholds"
QUERY_P95_ALERT_MS = 200.0
FAILED_UPDATES_ALERT_PCT = 1.0
POOL_UTILIZATION_ALERT_PCT = 90.0  # beyond the seed: a pool this full makes requests wait


@dataclass(frozen=True)
class Percentiles:
    count: int
    p50: float | None
    p95: float | None
    p99: float | None


def percentiles(samples: Sequence[float]) -> Percentiles:
    """Nearest-rank percentiles; no samples gives no figures rather than zeros."""
    if not samples:
        return Percentiles(0, None, None, None)
    ordered = sorted(samples)

    def rank(q: float) -> float:
        return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * q // 100) - 1))]

    return Percentiles(len(ordered), rank(50), rank(95), rank(99))


def share_pct(part: int, whole: int) -> float | None:
    return None if whole <= 0 else round(100.0 * part / whole, 2)


def alerts(*, query_p95_ms: float | None, failed_updates_pct: float | None,
           pool_utilization_pct: float | None, completion_rate_pct: float | None = None) -> list[str]:
    """The thresholds crossed, each as a sentence an operator can act on.

    The seed's disk-usage alert (> 80 %) is not here: the database server's disk is not
    visible from the application; watch it where the database runs.
    """
    raised = []
    if is_below_alert(completion_rate_pct):
        raised.append(f"Onboarding completion over the last {TRAILING_DAYS} days is {completion_rate_pct:.0f} % "
                      f"(alert below {COMPLETION_ALERT_PCT:.0f} %).")
    if query_p95_ms is not None and query_p95_ms > QUERY_P95_ALERT_MS:
        raised.append(f"Query latency p95 is {query_p95_ms:.0f} ms (alert above {QUERY_P95_ALERT_MS:.0f} ms).")
    if failed_updates_pct is not None and failed_updates_pct > FAILED_UPDATES_ALERT_PCT:
        raised.append(f"{failed_updates_pct:.1f} % of profile updates failed (alert above {FAILED_UPDATES_ALERT_PCT:.0f} %).")
    if pool_utilization_pct is not None and pool_utilization_pct > POOL_UTILIZATION_ALERT_PCT:
        raised.append(f"The connection pool is {pool_utilization_pct:.0f} % in use "
                      f"(alert above {POOL_UTILIZATION_ALERT_PCT:.0f} %).")
    return raised
