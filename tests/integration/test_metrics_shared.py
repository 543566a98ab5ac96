"""Several workers' figures add up in Redis (a real one), so an admin sees the whole service."""

from __future__ import annotations

import redis

from fitapp.core import metrics as metrics_module
from fitapp.core.metrics import CACHE_HIT, CACHE_MISS, Metrics


def test_two_workers_counts_and_latencies_add_up(redis_url, monkeypatch):
    client = redis.Redis.from_url(redis_url)
    first, second = Metrics(client), Metrics(client)
    first.reset()
    first.count(CACHE_HIT, 3)
    second.count(CACHE_HIT)
    second.count(CACHE_MISS)
    first.observe_query(1.5)
    second.observe_query(4.0)

    figures = first.figures()  # flushes the first; the second has not flushed yet
    assert figures.shared and figures.counters == {CACHE_HIT: 3} and figures.query_ms == [1.5]

    second.flush()
    figures = first.figures()
    assert figures.counters == {CACHE_HIT: 4, CACHE_MISS: 1}
    assert sorted(figures.query_ms) == [1.5, 4.0]


def test_latency_keeps_only_the_most_recent_samples(redis_url, monkeypatch):
    monkeypatch.setattr(metrics_module, "MAX_SAMPLES", 5)
    worker = Metrics(redis.Redis.from_url(redis_url))
    worker.reset()
    for value in range(1, 9):
        worker.observe_query(float(value))
    assert sorted(worker.figures().query_ms) == [4.0, 5.0, 6.0, 7.0, 8.0]


def test_a_redis_outage_falls_back_to_the_workers_own_figures():
    worker = Metrics(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2))
    worker.count(CACHE_MISS)  # the flush fails quietly
    worker.flush()
    worker.observe_query(2.0)
    figures = worker.figures()
    assert not figures.shared and figures.query_ms == [2.0]
