"""The REST API v1, a FastAPI app mounted into the Reflex backend (rx.App(api_transformer=...)).

Its routes match before Reflex's; everything lives under /api/v1, so Reflex's own /ping,
/_health, /_event and /_upload are left alone.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from fitapp.api import routes_admin, routes_auth, routes_onboarding, routes_privacy, routes_profile, routes_system
from fitapp.api.errors import install_error_handlers
from fitapp.api.security_headers import SecurityHeadersMiddleware
from fitapp.api.observability import install_observability

PREFIX = "/api/v1"


def create_api() -> FastAPI:
    api = FastAPI(
        title="FitApp API",
        version="1",
        docs_url=f"{PREFIX}/docs",
        openapi_url=f"{PREFIX}/openapi.json",
        redoc_url=None,
    )
    install_error_handlers(api)
    # Wraps Reflex's own app too once it is mounted inside this one: every page gets the headers.
    api.add_middleware(SecurityHeadersMiddleware)
    install_observability(api)
    for module in (routes_auth, routes_onboarding, routes_profile, routes_privacy, routes_admin, routes_system):
        api.include_router(module.router, prefix=PREFIX)
    if os.environ.get("FITAPP_BENCHMARK_API") == "1":  # benchmarks/load_api.py's floor, never in production
        from fitapp.api import routes_bench

        api.include_router(routes_bench.router, prefix=PREFIX)
    return api
