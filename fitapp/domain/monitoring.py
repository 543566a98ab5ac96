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


def histogram_quantiles(buckets: Sequence[tuple[float, float]], quantiles: Sequence[float]) -> list[float | None]:
    """Percentiles from cumulative histogram buckets `(upper bound, count)`, as Prometheus's
    `histogram_quantile` estimates them: linear within the bucket holding the rank; a rank in
    the open-ended bucket gives the highest finite bound. No observations gives no figures."""
    ordered = sorted(buckets)
    total = ordered[-1][1] if ordered else 0
    if total <= 0:
        return [None for _ in quantiles]
    found: list[float | None] = []
    for q in quantiles:
        rank = total * q / 100
        lower_bound, lower_count = 0.0, 0.0
        for upper_bound, count in ordered:
            if count >= rank:
                if upper_bound == float("inf"):
                    found.append(lower_bound)
                elif count == lower_count:
                    found.append(upper_bound)
                else:
                    found.append(lower_bound + (upper_bound - lower_bound) * (rank - lower_count) / (count - lower_count))
                break
            lower_bound, lower_count = upper_bound, count
    return found


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
