"""Security headers and caching on every REST route (the pages are checked in tests/e2e)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fitapp.api import create_api
from fitapp.core import config

pytestmark = pytest.mark.usefixtures("app_database")

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def every_route(client) -> list[tuple[str, str]]:
    """Each operation in the OpenAPI document, with a made-up id where the path needs one."""
    spec = client.get("/api/v1/openapi.json").json()
    return [(method.upper(), path.replace("{user_id}", "00000000-0000-0000-0000-000000000000"))
            for path, operations in spec["paths"].items() for method in operations]


def test_every_api_route_answers_with_csp_frame_ancestors_none_no_store_and_the_rest(client):
    routes = every_route(client)
    assert len(routes) > 10
    for method, path in routes + [("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/no-such-route")]:
        response = client.request(method, path, json={})
        headers = response.headers
        where = f"{method} {path} -> {response.status_code}"
        assert "frame-ancestors 'none'" in headers.get("content-security-policy", ""), where
        assert headers.get("cache-control") == "no-store", where
        assert "camera=()" in headers.get("permissions-policy", ""), where
        for name, value in EXPECTED.items():
            assert headers.get(name) == value, where
        assert "strict-transport-security" not in headers, where  # the default public URL is http


def test_the_api_docs_page_may_load_swagger_from_its_cdn_but_not_be_framed(client):
    csp = client.get("/api/v1/docs").headers["content-security-policy"]
    assert "https://cdn.jsdelivr.net" in csp and "frame-ancestors 'none'" in csp


def test_hsts_is_sent_when_the_public_url_is_https(app_database, monkeypatch):
    monkeypatch.setenv("PUBLIC_URL", "https://fitapp.example.com")
    config.get_settings.cache_clear()
    try:
        with TestClient(create_api()) as client:
            response = client.get("/api/v1/health")
        assert response.headers["strict-transport-security"] == "max-age=31536000"
    finally:
        monkeypatch.undo()
        config.get_settings.cache_clear()
