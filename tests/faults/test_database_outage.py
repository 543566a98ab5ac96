"""PostgreSQL stopped or frozen: the API answers a JSON 503 with Retry-After within about 5 s,
the health check says down within its own 2 s, and everything recovers when the server is back."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from fitapp.api import create_api
from fitapp.api.errors import RETRY_AFTER_SECONDS
from fitapp.services.monitoring import HEALTH_TIMEOUT_S
from tests.api.conftest import new_member
from tests.support.waiting import wait_until

DEADLINE_S = 5.0  # the engine's client-side deadline (db_round_trip_deadline_ms)
SLACK_S = 1.5


@pytest.fixture
def client(app_on_private_servers):
    with TestClient(create_api(), raise_server_exceptions=False) as test_client:
        yield test_client


def _state(client, member):
    return client.get(f"/api/v1/users/{member.user_id}/onboarding/state", headers=member.headers)


def _assert_unavailable(response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "try again" in response.json()["detail"].lower()
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)


def test_a_stopped_database_answers_json_503_and_the_pool_recovers(client, app_on_private_servers):
    postgres, _ = app_on_private_servers
    member = new_member()
    assert _state(client, member).status_code == 200

    postgres.stop()
    try:
        started = time.monotonic()
        _assert_unavailable(_state(client, member))
        _assert_unavailable(client.post("/api/v1/auth/sign-in", json={"email": member.email, "password": "x" * 12}))
        assert time.monotonic() - started < 2 * (DEADLINE_S + SLACK_S)
        health = client.get("/api/v1/health")
        assert health.status_code == 503 and health.json()["status"] == "down"
    finally:
        postgres.start()

    assert _state(client, member).status_code == 200  # no app restart needed
    assert client.get("/api/v1/health").json()["status"] == "ok"


def test_a_frozen_database_fails_fast_and_health_says_down(client, app_on_private_servers):
    postgres, _ = app_on_private_servers
    member = new_member()
    assert _state(client, member).status_code == 200  # the pool holds open connections now

    postgres.freeze()
    try:
        started = time.monotonic()
        _assert_unavailable(_state(client, member))
        took = time.monotonic() - started
        assert took < DEADLINE_S + SLACK_S, f"a frozen database held the request for {took:.1f} s"

        started = time.monotonic()
        health = client.get("/api/v1/health")
        took = time.monotonic() - started
        assert health.status_code == 503 and health.json()["status"] == "down"
        assert took < HEALTH_TIMEOUT_S + 1.0, f"the health check took {took:.1f} s"
    finally:
        postgres.thaw()

    # Connections dropped by the deadline are replaced: the member's own request answers again.
    wait_until(lambda: _state(client, member).status_code == 200, 15, "the API did not recover after the thaw")
    wait_until(lambda: client.get("/api/v1/health").json()["status"] == "ok", 10, "the health check stayed down")
