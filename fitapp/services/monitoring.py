"""Health and operational figures for load balancers and admins (seed section 12)."""

from __future__ import annotations

import threading
import uuid
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from fitapp.core.cache import get_profile_cache
from fitapp.core.db import get_engine
from fitapp.core.metrics import (
    ANSWER_ACCEPTED,
    ANSWER_REJECTED,
    CACHE_HIT,
    CACHE_INVALIDATION_FAILED,
    CACHE_MISS,
    DEADLINE_EXPIRED,
    ONBOARDING_COMPLETED,
    UPDATE_ATTEMPT,
    UPDATE_FAILED,
    get_metrics,
    pool_figures,
)
from fitapp.domain.monitoring import alerts, share_pct
from fitapp.services import analytics
from fitapp.services.admin_roles import require_admin


@dataclass(frozen=True)
class Check:
    ok: bool
    latency_ms: float | None
    detail: str


# The health check's own limit: a load balancer must hear "down" quickly, not after the
# database's 5 s deadline. A probe that overruns keeps running in its thread (the engine's
# deadline ends it); until it has, the next check says down at once instead of piling up probes.
HEALTH_TIMEOUT_S = 2.0
_probes = ThreadPoolExecutor(max_workers=2, thread_name_prefix="health-probe")
_in_flight: dict[str, Future] = {}
_in_flight_lock = threading.Lock()


def _timed(probe, name: str, timeout: float = HEALTH_TIMEOUT_S) -> Check:
    started = time.perf_counter()
    with _in_flight_lock:
        previous = _in_flight.get(name)
        if previous is not None and not previous.done():
            return Check(False, None, f"the previous {name} probe has not answered yet")
        future = _in_flight[name] = _probes.submit(probe)
    try:
        future.result(timeout)
    except FutureTimeout:
        return Check(False, None, f"no answer within {timeout:g} s")
    except Exception as problem:  # noqa: BLE001 - a health check reports any failure, it never raises
        return Check(False, None, f"{type(problem).__name__}: {problem}"[:200])
    return Check(True, round((time.perf_counter() - started) * 1000, 2), "ok")


def health() -> dict[str, Any]:
    """The database must answer; the cache is optional (without it reads go to PostgreSQL)."""

    def database() -> None:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))

    checks = {"database": asdict(_timed(database, "database"))}
    cache = get_profile_cache()
    if cache is not None:
        checks["cache"] = asdict(_timed(cache.ping, "cache"))
    else:
        checks["cache"] = asdict(Check(True, None, "not configured: reads go to PostgreSQL"))
    status = "ok" if all(check["ok"] for check in checks.values()) else (
        "down" if not checks["database"]["ok"] else "degraded")
    return {"status": status, "checks": checks}


def system_metrics(admin_id: uuid.UUID | None) -> dict[str, Any]:
    """Query latency, cache hit rate, failed profile updates and the pool, with the alerts they raise.

    For admins only (NotAllowed otherwise): the figures describe every member's traffic.
    """
    require_admin(admin_id)
    figures = get_metrics().figures()
    counters = figures.counters
    latency = figures.query_latency_ms
    hits, misses = counters.get(CACHE_HIT, 0), counters.get(CACHE_MISS, 0)
    attempts, failed = counters.get(UPDATE_ATTEMPT, 0), counters.get(UPDATE_FAILED, 0)
    pool = pool_figures(get_engine())
    try:
        with get_engine().connect() as conn:
            database_bytes = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        completion = analytics.trailing_completion_rate(datetime.now(UTC).date())
    except SQLAlchemyError:  # the figures above still tell what is wrong
        database_bytes, completion = None, None
    failed_pct = share_pct(failed, attempts)
    return {
        "scope": "all workers" if figures.shared else "this worker",
        "query_latency_ms": asdict(latency),
        "profile_cache": {"hits": hits, "misses": misses, "hit_rate_pct": share_pct(hits, hits + misses)},
        "profile_updates": {"attempts": attempts, "failed": failed, "failed_pct": failed_pct},
        "connection_pool": pool,
        "onboarding": {"answers": counters.get(ANSWER_ACCEPTED, 0), "rejections": counters.get(ANSWER_REJECTED, 0),
                       "completions": counters.get(ONBOARDING_COMPLETED, 0)},
        "faults": {"cache_invalidation_failures": counters.get(CACHE_INVALIDATION_FAILED, 0),
                   "database_deadlines_hit": counters.get(DEADLINE_EXPIRED, 0)},
        "database_size_bytes": database_bytes,
        "onboarding_completion_7d_pct": completion.completion_rate_pct if completion else None,
        "alerts": alerts(query_p95_ms=latency.p95, failed_updates_pct=failed_pct,
                         pool_utilization_pct=pool["utilization_pct"],
                         completion_rate_pct=completion.completion_rate_pct if completion else None),
    }
