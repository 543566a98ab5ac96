"""The System health page's rows: the health checks and the operational figures, as a person reads them."""

from __future__ import annotations

from typing import Any


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} ms"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:g} %"


def figure_rows(metrics: dict[str, Any]) -> list[dict[str, str]]:
    """The metrics as label/value pairs for the admin's System health page."""
    latency, cache, updates, pool = (metrics["query_latency_ms"], metrics["profile_cache"],
                                     metrics["profile_updates"], metrics["connection_pool"])
    return [
        {"label": "Query latency p50", "value": _ms(latency["p50"])},
        {"label": "Query latency p95", "value": _ms(latency["p95"])},
        {"label": "Query latency p99", "value": _ms(latency["p99"])},
        {"label": "Statements measured", "value": f"{latency['count']:,}"},
        {"label": "Profile cache hit rate", "value": _pct(cache["hit_rate_pct"])},
        {"label": "Failed profile updates", "value": f"{updates['failed']} of {updates['attempts']}"},
        {"label": "Connection pool in use", "value": f"{pool['checked_out']} of {pool['size']} "
                                                     f"(+{pool['max_overflow']} overflow)"},
        *_event_rows(metrics),
        {"label": "Onboarding completion (7 days)", "value": _pct(metrics["onboarding_completion_7d_pct"])},
        {"label": "Database size", "value": "—" if metrics["database_size_bytes"] is None
         else f"{metrics['database_size_bytes'] / 1_048_576:,.1f} MB"},
    ]


def _event_rows(metrics: dict[str, Any]) -> list[dict[str, str]]:
    """Counts since the workers started (or the last reset), when the report has them."""
    onboarding, faults = metrics.get("onboarding"), metrics.get("faults")
    if onboarding is None or faults is None:
        return []
    return [
        {"label": "Answers saved / rejected", "value": f"{onboarding['answers']:,} / {onboarding['rejections']:,}"},
        {"label": "Onboardings completed", "value": f"{onboarding['completions']:,}"},
        {"label": "Failed cache invalidations", "value": f"{faults['cache_invalidation_failures']:,}"},
        {"label": "Database deadlines hit", "value": f"{faults['database_deadlines_hit']:,}"},
    ]


def check_rows(report: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"name": name.capitalize(), "status": "ok" if check["ok"] else "failing",
         "latency": _ms(check["latency_ms"]), "detail": check["detail"]}
        for name, check in report["checks"].items()
    ]
