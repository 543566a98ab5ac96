"""GET /api/v1/health (load balancers) and GET /api/v1/admin/metrics (seed section 12)."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from fitapp.api import create_api
from fitapp.core import cache, config, db
from fitapp.core.metrics import get_metrics
from tests.api.test_profile import water_change

pytestmark = pytest.mark.usefixtures("app_database")


def test_health_is_ok_while_the_database_answers(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["database"]["ok"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "detail" not in body["checks"]["database"]  # error texts are for admins only


def test_a_dead_cache_degrades_but_does_not_fail_the_health_check(client, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    config.get_settings.cache_clear()
    cache.get_profile_cache.cache_clear()
    try:
        body = client.get("/api/v1/health").json()
    finally:
        monkeypatch.undo()
        config.get_settings.cache_clear()
        cache.get_profile_cache.cache_clear()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] and not body["checks"]["cache"]["ok"]


def test_health_is_503_when_the_database_does_not_answer(app_database):
    previous = os.environ["DATABASE_URL"]
    os.environ["DATABASE_URL"] = "postgresql://postgres@127.0.0.1:1/none"
    for cached in (config.get_settings, db.database_url, db.get_engine):
        cached.cache_clear()
    try:
        with TestClient(create_api()) as client:
            response = client.get("/api/v1/health")
    finally:
        os.environ["DATABASE_URL"] = previous
        for cached in (config.get_settings, db.database_url, db.get_engine):
            cached.cache_clear()
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert "127.0.0.1" not in response.text  # no host, port or role names for anonymous callers


def test_metrics_are_for_admins_only(client, member):
    assert client.get("/api/v1/admin/metrics").status_code == 401
    assert client.get("/api/v1/admin/metrics", headers=member.headers).status_code == 403


def test_metrics_count_cache_reads_updates_and_time_queries(client, admin_user, confirmed, profile_cache):
    get_metrics().reset()
    profile_url = f"/api/v1/users/{confirmed.user_id}/profile"
    client.get(profile_url, headers=confirmed.headers)  # a miss, then stored
    client.get(profile_url, headers=confirmed.headers)  # a hit
    reads = client.get("/api/v1/admin/metrics", headers=admin_user.headers).json()
    assert reads["scope"] == "this worker"  # one process here; the server's workers share a folder
    assert reads["profile_cache"] == {"hits": 1, "misses": 1, "hit_rate_pct": 50.0}

    assert client.patch(profile_url, json=water_change(2500, base_version=1), headers=confirmed.headers).status_code == 200
    assert client.patch(profile_url, json=water_change(2700, base_version=1), headers=confirmed.headers).status_code == 409
    client.patch(profile_url, json=water_change(2500, reason=""), headers=confirmed.headers)  # refused input: no failure

    body = client.get("/api/v1/admin/metrics", headers=admin_user.headers).json()

    assert body["profile_updates"] == {"attempts": 3, "failed": 1, "failed_pct": 33.33}
    assert "33.3 % of profile updates failed (alert above 1 %)." in body["alerts"]
    latency = body["query_latency_ms"]
    assert latency["count"] > 0 and 0 < latency["p50"] <= latency["p95"] <= latency["p99"]
    assert body["connection_pool"]["size"] > 0 and body["database_size_bytes"] > 0


def test_metrics_count_answers_rejections_and_completions(client, admin_user, member):
    from tests.support.onboarding import answers_for_today

    get_metrics().reset()
    answers = answers_for_today()
    step_url = "/api/v1/onboarding/step"
    ok = client.post(step_url, json={"step": 0, "answer": answers[0]}, headers=member.headers)
    bad = client.post(step_url, json={"step": 0, "answer": {**answers[0], "height_cm": -5}}, headers=member.headers)
    assert ok.status_code == 200 and bad.status_code == 422, (ok.text, bad.text)

    body = client.get("/api/v1/admin/metrics", headers=admin_user.headers).json()

    assert body["onboarding"] == {"answers": 1, "rejections": 1, "completions": 0}
    scraped = client.get("/metrics").text
    assert 'fitapp_onboarding_answers_total{outcome="rejected",step="0"}' in scraped
    assert 'route="/api/v1/onboarding/step"' in scraped
