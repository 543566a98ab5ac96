"""Several workers' figures add up (prometheus-client multiprocess mode), as /metrics and the
admin's System page read them."""

from __future__ import annotations

import subprocess
import sys

from fitapp.core.config import PROJECT_ROOT
from fitapp.core.metrics import CACHE_HIT, CACHE_MISS, Metrics, exposition

WORKER = """
from fitapp.core.metrics import get_metrics
metrics = get_metrics()
for _ in range({hits}):
    metrics.count("profile_cache_hit")
metrics.count("profile_cache_miss")
metrics.observe_query({ms})
"""


def _worker(folder, hits: int, ms: float) -> None:
    subprocess.run([sys.executable, "-c", WORKER.format(hits=hits, ms=ms)], cwd=PROJECT_ROOT, check=True,
                   env={"PROMETHEUS_MULTIPROC_DIR": str(folder), "PYTHONPATH": str(PROJECT_ROOT),
                        "PATH": "/usr/bin:/bin"})


def test_two_workers_counts_and_latencies_add_up(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    _worker(tmp_path, hits=3, ms=1.5)
    _worker(tmp_path, hits=1, ms=40.0)

    figures = Metrics().figures()

    assert figures.shared
    assert figures.counters == {CACHE_HIT: 4, CACHE_MISS: 2}
    assert figures.query_latency_ms.count == 2
    assert 1.0 <= figures.query_latency_ms.p50 <= 2.5 and 25.0 <= figures.query_latency_ms.p99 <= 50.0
    text = exposition().decode()
    assert 'fitapp_profile_cache_requests_total{result="hit"} 4.0' in text
    assert "fitapp_db_query_duration_seconds_count 2.0" in text


def test_a_reset_starts_a_fresh_window_over_every_worker(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    _worker(tmp_path, hits=2, ms=1.0)
    metrics = Metrics()
    metrics.reset()
    _worker(tmp_path, hits=1, ms=1.0)
    assert metrics.figures().counters == {CACHE_HIT: 1, CACHE_MISS: 1}
