"""Request latency per route for Prometheus, and the /metrics endpoint it scrapes.

The FastAPI app is the backend's outermost app (Reflex is mounted inside it), so this middleware
times every HTTP request: the REST routes by their path template, Reflex's endpoints by name, and
pages and static files as one `frontend` route (a label per URL would grow without bound).
"""

from __future__ import annotations

import time

from fastapi import FastAPI, Response
from starlette.routing import Mount

from fitapp.core import metrics

_REFLEX_ENDPOINTS = ("/ping", "/_health", "/_upload", "/_all_routes")


API_PREFIX = "/api/v1"


def route_label(scope, templates: dict) -> str:
    """The route's path template (the router leaves the matched route in the scope), else a fixed name."""
    path = scope.get("path", "")
    route = scope.get("route")
    if route is not None and not isinstance(route, Mount) and getattr(route, "path", None):
        template = route.path
        if path.startswith(API_PREFIX) and not template.startswith(API_PREFIX):
            template = API_PREFIX + template  # a route of an included router knows only its own part
        return template
    template = templates.get(scope.get("endpoint"))
    if template is not None:
        return template
    for endpoint in _REFLEX_ENDPOINTS:
        if path == endpoint or path.startswith(endpoint + "/"):
            return endpoint
    return "frontend"


class RequestTimer:
    """Pure ASGI (no body buffering): observe duration and status when the response is done."""

    def __init__(self, app, api: FastAPI) -> None:
        self.app = app
        self._api = api
        self._templates: dict | None = None

    def templates(self) -> dict:
        if self._templates is None:  # the routes are all added before the first request
            self._templates = {route.endpoint: route.path for route in self._api.routes
                               if not isinstance(route, Mount) and hasattr(route, "endpoint")}
        return self._templates

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def record_status(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            metrics.REQUEST_SECONDS.labels(route_label(scope, self.templates()), scope.get("method", ""), str(status["code"])).observe(
                time.perf_counter() - started)


def scrape() -> Response:
    """Prometheus text format, summed over every worker (multiprocess mode). Keep it off the public proxy."""
    return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE_LATEST)


def install_observability(api: FastAPI) -> None:
    api.add_middleware(RequestTimer, api=api)
    api.add_api_route("/metrics", scrape, methods=["GET"], include_in_schema=False)
