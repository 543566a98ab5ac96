"""Several workers' figures add up in Redis (a real one), so an admin sees the whole service."""

from __future__ import annotations

import threading

import redis

from fitapp.core import metrics as metrics_module
from fitapp.core.metrics import CACHE_HIT, CACHE_MISS, Metrics

HOURLY = 3600.0  # no background flush during a test: the test flushes when it means to


def test_two_workers_counts_and_latencies_add_up(redis_url, monkeypatch):
    client = redis.Redis.from_url(redis_url)
    first, second = Metrics(client, HOURLY), Metrics(client, HOURLY)
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
    worker = Metrics(redis.Redis.from_url(redis_url), HOURLY)
    worker.reset()
    for value in range(1, 9):
        worker.observe_query(float(value))
    assert sorted(worker.figures().query_ms) == [4.0, 5.0, 6.0, 7.0, 8.0]


def test_a_redis_outage_falls_back_to_the_workers_own_figures():
    worker = Metrics(redis.Redis.from_url("redis://127.0.0.1:1/0", socket_timeout=0.5, socket_connect_timeout=0.5), HOURLY)
    worker.count(CACHE_MISS)
    worker.flush()  # fails quietly and keeps the count for the next flush
    worker.count(CACHE_MISS)
    worker.observe_query(2.0)
    figures = worker.figures()
    assert not figures.shared and figures.query_ms == [2.0] and figures.counters == {CACHE_MISS: 2}


def test_a_worker_flushes_in_the_background(redis_url):
    class Observed(Metrics):
        """Says when its background thread has flushed, so the test waits for that, not for a time."""

        flushed = threading.Event()

        def flush(self) -> None:
            super().flush()
            self.flushed.set()

    worker = Observed(redis.Redis.from_url(redis_url), flush_seconds=0.01)
    worker.reset()
    worker.count(CACHE_HIT)  # starts the flushing thread; nothing here flushes
    assert worker.flushed.wait(5)
    assert Metrics(redis.Redis.from_url(redis_url), HOURLY).figures().counters == {CACHE_HIT: 1}
