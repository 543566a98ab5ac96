"""The REST API v1, a FastAPI app mounted into the Reflex backend (rx.App(api_transformer=...)).

Its routes match before Reflex's; everything lives under /api/v1, so Reflex's own /ping,
/_health, /_event and /_upload are left alone.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from fitapp.api import (
    routes_admin,
    routes_auth,
    routes_lifestyle,
    routes_onboarding,
    routes_privacy,
    routes_profile,
    routes_system,
)
from fitapp.api.body_limit import BodyLimitMiddleware
from fitapp.api.errors import install_error_handlers
from fitapp.api.security_headers import SecurityHeadersMiddleware
from fitapp.api.observability import install_observability
from fitapp.api.schemas import ErrorResponse

PREFIX = "/api/v1"

# The errors any route may answer with, in the one error shape (api/errors.py); a route's own
# ``responses`` document the rest (StepRefused, 409 bodies).
_ERROR = {"model": ErrorResponse}
COMMON_RESPONSES: dict[int | str, dict] = {
    400: {**_ERROR, "description": "The body is not JSON at all (a JSON body of the wrong shape is a 422)"},
    401: {**_ERROR, "description": "No valid bearer token (or, at sign-in, a wrong e-mail or password)"},
    403: {**_ERROR, "description": "Signed in, but not allowed: another user's data, or not an admin"},
    404: {**_ERROR, "description": "No such user, profile or version"},
    409: {**_ERROR, "description": "A conflict: already confirmed, changed meanwhile, e-mail taken"},
    413: {**_ERROR, "description": "The request body is over 256 KiB"},
    422: {**_ERROR, "description": "A refused request: the messages and the fields they are about"},
    429: {**_ERROR, "description": "Too many attempts; wait for Retry-After seconds"},
    503: {**_ERROR, "description": "The database or session store is not answering; retry after Retry-After"},
}


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
    api.add_middleware(BodyLimitMiddleware)
    api.add_middleware(SecurityHeadersMiddleware)  # outermost of the two: a 413 carries the headers too
    install_observability(api)
    for module in (routes_auth, routes_onboarding, routes_profile, routes_lifestyle, routes_privacy, routes_admin,
                   routes_system):
        api.include_router(module.router, prefix=PREFIX, responses=COMMON_RESPONSES)
    if os.environ.get("FITAPP_BENCHMARK_API") == "1":  # benchmarks/load_api.py's floor, never in production
        from fitapp.api import routes_bench

        api.include_router(routes_bench.router, prefix=PREFIX)
    return api
