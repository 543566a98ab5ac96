"""Operational measurements (seed section 12) as Prometheus metrics, shared by every worker.

`prometheus-client` in multiprocess mode: when PROMETHEUS_MULTIPROC_DIR is set (the server
sets it before forking its workers, `fitapp.core.serving`), each worker writes its counters
and histograms to memory-mapped files in that folder, and `/metrics` and the admin's System
page read the sum over all of them. Nothing is sent anywhere on a request's path, and Redis
being down or read-only does not lose a count. Without the folder (tests, the CLI) the
figures are this process's own.

Percentiles come from the latency histograms, estimated as Prometheus's `histogram_quantile`
does (`domain.monitoring.histogram_quantile`), so the admin page and a Grafana panel agree.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter as Tally
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client import CONTENT_TYPE_LATEST  # noqa: F401 - re-exported for the /metrics route
from sqlalchemy import Engine, event

from fitapp.domain.monitoring import Percentiles, histogram_quantiles

# Counter names the services count by, one place.
CACHE_HIT = "profile_cache_hit"
CACHE_MISS = "profile_cache_miss"
CACHE_INVALIDATION_FAILED = "profile_cache_invalidation_failed"
UPDATE_ATTEMPT = "profile_update_attempt"
UPDATE_FAILED = "profile_update_failed"
DEADLINE_EXPIRED = "db_deadline_expired"
ANSWER_ACCEPTED = "onboarding_answer_accepted"
ANSWER_REJECTED = "onboarding_answer_rejected"
ONBOARDING_COMPLETED = "onboarding_completed"

# Seconds; statement latency is mostly sub-millisecond, requests up to the database deadline.
QUERY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0)
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

CACHE_REQUESTS = Counter("fitapp_profile_cache_requests", "Profile cache reads by result", ["result"])
CACHE_INVALIDATION_FAILURES = Counter("fitapp_profile_cache_invalidation_failures",
                                      "Profile changes whose cache entry Redis would not drop")
PROFILE_UPDATES = Counter("fitapp_profile_updates", "Profile change attempts by outcome", ["outcome"])
DEADLINES = Counter("fitapp_db_deadline_expired", "Database round trips cut off by the client-side deadline")
ANSWERS = Counter("fitapp_onboarding_answers", "Onboarding answers by step and outcome", ["step", "outcome"])
COMPLETIONS = Counter("fitapp_onboarding_completions", "Onboardings confirmed and locked")
QUERY_SECONDS = Histogram("fitapp_db_query_duration_seconds", "Database statement latency", buckets=QUERY_BUCKETS)
REQUEST_SECONDS = Histogram("fitapp_http_request_duration_seconds", "HTTP request latency by route",
                            ["route", "method", "status"], buckets=REQUEST_BUCKETS)
EVENT_SECONDS = Histogram("fitapp_event_duration_seconds", "Reflex event handler latency by state and handler "
                          "(the handlers that act for the signed-in person: fitapp.state.session.session_event)",
                          ["event"], buckets=REQUEST_BUCKETS)
DB_READS = Counter("fitapp_db_reads", "Read-only units of work by the server that answered them and why "
                   "(counted when a replica is configured: fitapp.core.replica)", ["server", "reason"])
POOL_IN_USE = Gauge("fitapp_db_pool_connections_in_use", "Pooled connections checked out",
                    multiprocess_mode="livesum")
POOL_CAPACITY = Gauge("fitapp_db_pool_connections_capacity", "Connections the pools may open",
                      multiprocess_mode="livesum")

# name -> (metric, labels); the one table `count` and `figures` agree on.
_COUNTERS: dict[str, tuple[Any, dict[str, str]]] = {
    CACHE_HIT: (CACHE_REQUESTS, {"result": "hit"}),
    CACHE_MISS: (CACHE_REQUESTS, {"result": "miss"}),
    CACHE_INVALIDATION_FAILED: (CACHE_INVALIDATION_FAILURES, {}),
    UPDATE_ATTEMPT: (PROFILE_UPDATES, {"outcome": "attempt"}),
    UPDATE_FAILED: (PROFILE_UPDATES, {"outcome": "failed"}),
    DEADLINE_EXPIRED: (DEADLINES, {}),
    ONBOARDING_COMPLETED: (COMPLETIONS, {}),
}


def count_read(server: str, reason: str) -> None:
    """One routed read: ``server`` is "primary" or "replica" (``core.replica`` names the reasons)."""
    DB_READS.labels(server=server, reason=reason).inc()


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def registry() -> CollectorRegistry:
    """Every worker's figures when the server runs several, else this process's."""
    folder = multiprocess_dir()
    if folder is None:
        return PROCESS_REGISTRY
    _forget_dead_workers(folder)
    collected = CollectorRegistry()
    multiprocess.MultiProcessCollector(collected, path=folder)
    return collected


def _forget_dead_workers(folder: str) -> None:
    """A killed worker's live gauges (its pool in use) must not count after it is gone."""
    for name in os.listdir(folder):
        if name.startswith("gauge_live") and name.endswith(".db"):
            try:
                pid = int(name.rsplit("_", 1)[1][:-3])
            except ValueError:
                continue
            if not _alive(pid):
                multiprocess.mark_process_dead(pid, folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def exposition() -> bytes:
    """The text format Prometheus scrapes."""
    return generate_latest(registry())


@dataclass(frozen=True)
class Figures:
    counters: dict[str, int]
    query_latency_ms: Percentiles
    shared: bool  # True: summed over every worker


def _samples(collected: CollectorRegistry) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    values: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for metric in collected.collect():
        for sample in metric.samples:
            key = (sample.name, tuple(sorted(sample.labels.items())))
            values[key] = values.get(key, 0.0) + sample.value
    return values


class Metrics:
    """The services' view: count by name, read the figures since the last `reset`."""

    def __init__(self) -> None:
        self._baseline: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
        self._lock = threading.Lock()

    def count(self, name: str, amount: int = 1) -> None:
        metric, labels = _COUNTERS[name]
        (metric.labels(**labels) if labels else metric).inc(amount)

    def observe_query(self, milliseconds: float) -> None:
        QUERY_SECONDS.observe(milliseconds / 1000)

    def _now(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        current = _samples(registry())
        with self._lock:
            baseline = dict(self._baseline)
        return {key: value - baseline.get(key, 0.0) for key, value in current.items()}

    def figures(self) -> Figures:
        values = self._now()
        counters: Tally[str] = Tally()
        for name, (metric, labels) in _COUNTERS.items():
            key = (f"{metric._name}_total", tuple(sorted(labels.items())))
            if values.get(key):
                counters[name] = int(round(values[key]))
        for (sample, labels), value in values.items():  # answers: summed over steps
            if sample == "fitapp_onboarding_answers_total" and value:
                name = ANSWER_ACCEPTED if dict(labels).get("outcome") == "accepted" else ANSWER_REJECTED
                counters[name] += int(round(value))
            if sample == "fitapp_db_reads_total" and value:  # routed reads: summed over reasons
                counters[f"db_reads_{dict(labels)['server']}"] += int(round(value))
        buckets = sorted(
            (float(dict(labels)["le"]), value) for (sample, labels), value in values.items()
            if sample == "fitapp_db_query_duration_seconds_bucket")
        seconds = histogram_quantiles(buckets, (50, 95, 99))
        count = int(round(values.get(("fitapp_db_query_duration_seconds_count", ()), 0.0)))
        latency = Percentiles(count, *(None if s is None else round(s * 1000, 3) for s in seconds))
        return Figures(dict(counters), latency, shared=multiprocess_dir() is not None)

    def reset(self) -> None:
        """Start a fresh observation window (tests; an operator): counts from now on.

        Prometheus counters only grow, as they must for `rate()`; the window is a baseline here.
        """
        current = _samples(registry())
        with self._lock:
            self._baseline = current


@lru_cache
def get_metrics() -> Metrics:
    return Metrics()


def time_queries(engine: Engine) -> None:
    """Time every statement the engine runs (cursor execute to result), and track the pool's use."""

    @event.listens_for(engine, "before_cursor_execute")
    def _started(conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info["_query_started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _finished(conn, cursor, statement, parameters, context, executemany) -> None:
        started = conn.info.pop("_query_started", None)
        if started is not None:
            QUERY_SECONDS.observe(time.perf_counter() - started)

    # The pool's own count, not +1/-1: a checkout whose ping failed is retried, never unbalanced.
    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, connection_record, connection_proxy) -> None:
        POOL_IN_USE.set(engine.pool.checkedout())

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection, connection_record) -> None:
        POOL_IN_USE.set(engine.pool.checkedout())

    figures = pool_figures(engine)
    POOL_CAPACITY.set(figures["size"] + max(figures["max_overflow"], 0))


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
