"""Seed section 12's figures and alert thresholds, and the in-process metrics (no server)."""

from __future__ import annotations

import pytest

from fitapp.core.metrics import CACHE_HIT, Metrics
from fitapp.domain.monitoring import alerts, histogram_quantiles, share_pct

INF = float("inf")


def test_histogram_quantiles_interpolate_within_a_bucket_as_prometheus_does():
    # 100 observations: 50 up to 1, 40 in (1, 2], 10 in (2, 4]; cumulative counts.
    buckets = [(1.0, 50), (2.0, 90), (4.0, 100), (INF, 100)]
    p50, p95, p99 = histogram_quantiles(buckets, (50, 95, 99))
    assert p50 == 1.0
    assert p95 == 2.0 + 2.0 * (95 - 90) / 10
    assert p99 == 2.0 + 2.0 * (99 - 90) / 10


def test_a_rank_in_the_open_bucket_gives_the_highest_finite_bound():
    assert histogram_quantiles([(1.0, 1), (INF, 10)], (99,)) == [1.0]


def test_no_samples_give_no_figures_rather_than_zeros():
    assert histogram_quantiles([], (50, 95)) == [None, None]
    assert histogram_quantiles([(1.0, 0), (INF, 0)], (95,)) == [None]
    assert share_pct(0, 0) is None
    assert share_pct(1, 3) == 33.33


@pytest.mark.parametrize(
    ("p95", "failed", "pool", "expected"),
    [
        (200.0, 1.0, 90.0, []),  # on the line: no alert
        (200.1, None, None, ["Query latency p95 is 200 ms (alert above 200 ms)."]),
        (None, 1.5, None, ["1.5 % of profile updates failed (alert above 1 %)."]),
        (None, None, 95.0, ["The connection pool is 95 % in use (alert above 90 %)."]),
        (None, None, None, []),
    ],
)
def test_alerts_follow_the_seeds_thresholds(p95, failed, pool, expected):
    assert alerts(query_p95_ms=p95, failed_updates_pct=failed, pool_utilization_pct=pool) == expected


def test_without_a_multiprocess_folder_the_figures_are_the_processs_own():
    metrics = Metrics()
    metrics.reset()
    metrics.count(CACHE_HIT)
    metrics.count(CACHE_HIT, 2)
    for value in (1.0, 2.0, 3.0):
        metrics.observe_query(value)
    figures = metrics.figures()
    assert figures.counters == {CACHE_HIT: 3} and figures.query_latency_ms.count == 3 and not figures.shared
    assert 1.0 <= figures.query_latency_ms.p50 <= figures.query_latency_ms.p99 <= 5.0  # within their buckets
    metrics.reset()
    assert metrics.figures().counters == {} and metrics.figures().query_latency_ms.count == 0


def test_figure_rows_read_as_an_admin_would_say_them():
    from fitapp.presenters.system import check_rows, figure_rows

    metrics = {
        "query_latency_ms": {"count": 1200, "p50": 0.84, "p95": 3.2, "p99": None},
        "profile_cache": {"hits": 3, "misses": 1, "hit_rate_pct": 75.0},
        "profile_updates": {"attempts": 10, "failed": 1, "failed_pct": 10.0},
        "connection_pool": {"size": 5, "max_overflow": 10, "checked_out": 2, "utilization_pct": 13.3},
        "database_size_bytes": 15 * 1_048_576,
        "onboarding_completion_7d_pct": 62.5,
    }
    rows = {row["label"]: row["value"] for row in figure_rows(metrics)}
    assert rows["Query latency p50"] == "0.8 ms" and rows["Query latency p99"] == "—"
    assert rows["Statements measured"] == "1,200" and rows["Profile cache hit rate"] == "75 %"
    assert rows["Failed profile updates"] == "1 of 10" and rows["Connection pool in use"] == "2 of 5 (+10 overflow)"
    assert rows["Database size"] == "15.0 MB" and rows["Onboarding completion (7 days)"] == "62.5 %"
    report = {"checks": {"database": {"ok": True, "latency_ms": 0.52, "detail": "ok"},
                         "cache": {"ok": False, "latency_ms": None, "detail": "ConnectionError: refused"}}}
    assert check_rows(report) == [
        {"name": "Database", "status": "ok", "latency": "0.5 ms", "detail": "ok"},
        {"name": "Cache", "status": "failing", "latency": "—", "detail": "ConnectionError: refused"},
    ]


def test_onboarding_completion_below_60_percent_raises_the_seeds_alert():
    quiet = dict(query_p95_ms=None, failed_updates_pct=None, pool_utilization_pct=None)
    assert alerts(**quiet, completion_rate_pct=60.0) == []
    assert alerts(**quiet, completion_rate_pct=None) == []  # no starts, no alert
    assert alerts(**quiet, completion_rate_pct=41.7) == [
        "Onboarding completion over the last 7 days is 42 % (alert below 60 %)."]
