"""Operational measurements (seed section 12): query latency, cache hits, failed profile updates.

Each worker counts in memory, which costs nothing on the request path, and a background
thread of the worker adds its figures to Redis every `FLUSH_SECONDS` (one pipelined round
trip, never on a request's path), so that the admin's figures cover every worker behind the
load balancer; what a failed flush could not add is kept for the next one. Without Redis the figures are this
process's own. Latency keeps the most recent `MAX_SAMPLES` statements: percentiles of the
recent past, not of all time. Connection-pool figures are always this worker's own pool.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import redis
from sqlalchemy import Engine, event

from fitapp.core.config import get_settings

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 5.0
MAX_SAMPLES = 10_000
_COUNTERS_KEY = "fitapp:metrics:counters"
_LATENCY_KEY = "fitapp:metrics:query_ms"

# Counter names, one place.
CACHE_HIT = "profile_cache_hit"
CACHE_MISS = "profile_cache_miss"
CACHE_INVALIDATION_FAILED = "profile_cache_invalidation_failed"
UPDATE_ATTEMPT = "profile_update_attempt"
UPDATE_FAILED = "profile_update_failed"


@dataclass(frozen=True)
class Figures:
    counters: dict[str, int]
    query_ms: list[float]
    shared: bool  # True: summed over every worker through Redis


class Metrics:
    def __init__(self, client: redis.Redis | None, flush_seconds: float = FLUSH_SECONDS):
        self._client = client
        self._flush_seconds = flush_seconds
        self._lock = threading.Lock()
        self._counters: Counter[str] = Counter()
        self._samples: deque[float] = deque(maxlen=MAX_SAMPLES)
        self._unflushed: list[float] = []
        self._flusher_pid: int | None = None

    def count(self, name: str, amount: int = 1) -> None:
        with self._lock:
            self._counters[name] += amount
        self._ensure_flusher()

    def observe_query(self, milliseconds: float) -> None:
        with self._lock:
            self._samples.append(milliseconds)
            if self._client is not None:
                self._unflushed.append(milliseconds)
        self._ensure_flusher()

    def _ensure_flusher(self) -> None:
        """One flushing thread per process: a worker forked from a parent does not inherit its threads."""
        if self._client is None or self._flusher_pid == os.getpid():
            return
        with self._lock:
            if self._flusher_pid == os.getpid():
                return
            self._flusher_pid = os.getpid()
        threading.Thread(target=self._flush_forever, name="metrics-flush", daemon=True).start()

    def _flush_forever(self) -> None:
        while True:
            time.sleep(self._flush_seconds)
            self.flush()

    def flush(self) -> None:
        """Add this worker's counts since the last flush to the shared figures in Redis."""
        if self._client is None:
            return
        with self._lock:
            counters, samples = dict(self._counters), self._unflushed
            self._counters, self._unflushed = Counter(), []
        try:
            pipe = self._client.pipeline(transaction=False)
            for name, amount in counters.items():
                pipe.hincrby(_COUNTERS_KEY, name, amount)
            if samples:
                pipe.lpush(_LATENCY_KEY, *(f"{value:.3f}" for value in samples))
                pipe.ltrim(_LATENCY_KEY, 0, MAX_SAMPLES - 1)
            pipe.execute()
        except redis.RedisError:
            logger.warning("metrics flush failed; keeping the counts for the next one", exc_info=True)
            with self._lock:
                self._counters.update(counters)
                self._unflushed = (samples + self._unflushed)[-MAX_SAMPLES:]

    def figures(self) -> Figures:
        if self._client is not None:
            self.flush()
            try:
                counters = Counter({key.decode(): int(value)
                                    for key, value in self._client.hgetall(_COUNTERS_KEY).items()})
                samples = [float(value) for value in self._client.lrange(_LATENCY_KEY, 0, MAX_SAMPLES - 1)]
                with self._lock:  # what this worker could not flush (Redis refusing writes) still counts
                    counters.update(self._counters)
                    samples = (samples + self._unflushed)[-MAX_SAMPLES:]
                return Figures(dict(counters), samples, shared=True)
            except redis.RedisError:
                logger.warning("metrics read failed; showing this worker's recent figures", exc_info=True)
        with self._lock:
            return Figures(dict(self._counters), list(self._samples), shared=False)

    def reset(self) -> None:
        """Forget every figure (tests; an operator starting a fresh observation window)."""
        with self._lock:
            self._counters, self._unflushed = Counter(), []
            self._samples.clear()
        if self._client is not None:
            self._client.delete(_COUNTERS_KEY, _LATENCY_KEY)


@lru_cache
def get_metrics() -> Metrics:
    url = get_settings().redis_url
    client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5) if url else None
    return Metrics(client)


def time_queries(engine: Engine) -> None:
    """Time every statement the engine runs (cursor execute to result) into the metrics."""

    @event.listens_for(engine, "before_cursor_execute")
    def _started(conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info["_query_started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _finished(conn, cursor, statement, parameters, context, executemany) -> None:
        started = conn.info.pop("_query_started", None)
        if started is not None:
            get_metrics().observe_query((time.perf_counter() - started) * 1000)


def pool_figures(engine: Engine) -> dict[str, Any]:
    """This worker's connection pool: in use against what it may open."""
    pool = engine.pool
    size = getattr(pool, "size", lambda: 0)()
    overflow_allowed = getattr(pool, "_max_overflow", 0)
    in_use = getattr(pool, "checkedout", lambda: 0)()
    capacity = size + max(overflow_allowed, 0)
    return {
        "size": size,
        "max_overflow": overflow_allowed,
        "checked_out": in_use,
        "utilization_pct": round(100.0 * in_use / capacity, 1) if capacity else None,
    }
