"""Operations: a health check for load balancers and the seed's monitoring figures for admins."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from fitapp.api.deps import AdminDep
from fitapp.services import monitoring

router = APIRouter(tags=["operations"])


@router.get("/health")
def health(response: Response) -> dict[str, Any]:
    """200 while PostgreSQL answers (a missing cache only degrades); 503 when it does not.

    Anyone may ask, so the error texts (host names, roles) stay on the admin's System page.
    """
    report = monitoring.health()
    if report["status"] == "down":
        response.status_code = 503
    return {"status": report["status"],
            "checks": {name: {"ok": check["ok"], "latency_ms": check["latency_ms"]}
                       for name, check in report["checks"].items()}}


@router.get("/admin/metrics")
def metrics(caller: AdminDep) -> dict[str, Any]:
    """Query latency p50/p95/p99, profile cache hit rate, failed profile updates, the pool, alerts."""
    return monitoring.system_metrics(caller.user_id)
