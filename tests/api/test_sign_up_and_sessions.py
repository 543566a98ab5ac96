"""POST /auth/sign-up (the web sign-up's rules over REST) and ending sessions from the API."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from fitapp.domain.accounts import SESSION_LIFETIME
from tests.api.conftest import new_member
from tests.support.factories import DEFAULT_PASSWORD, random_email

pytestmark = pytest.mark.usefixtures("app_database")


def users_with_email(engine, email: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM users WHERE email = :e"), {"e": email}).scalar_one()


def test_sign_up_returns_201_with_a_token_that_opens_the_onboarding(client):
    email = random_email("mobile")

    response = client.post("/api/v1/auth/sign-up", json={"email": email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"user_id", "token", "expires_at"}
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert abs(expires_at - (datetime.now(timezone.utc) + SESSION_LIFETIME)) < timedelta(minutes=1)
    assert response.headers["cache-control"] == "no-store"
    state = client.get(f"/api/v1/users/{body['user_id']}/onboarding/state",
                       headers={"Authorization": f"Bearer {body['token']}"})
    assert state.status_code == 200 and state.json()["current_step"] == 0


@pytest.mark.parametrize("password", ["abcdefghij", "1234512345", "qwertyuiop1", "password123"])
def test_a_weak_or_common_password_is_422_naming_the_field_and_creates_nothing(client, engine, password):
    email = random_email("weak")

    response = client.post("/api/v1/auth/sign-up", json={"email": email, "password": password})

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["fields"] == ["password"]
    assert "too easy to guess" in detail["messages"][0]
    assert users_with_email(engine, email) == 0


def test_a_malformed_email_is_422_and_a_taken_one_409(client, engine):
    malformed = client.post("/api/v1/auth/sign-up", json={"email": "jane@", "password": DEFAULT_PASSWORD})
    taken = new_member()
    again = client.post("/api/v1/auth/sign-up", json={"email": taken.email.upper(), "password": DEFAULT_PASSWORD})

    assert malformed.status_code == 422 and malformed.json()["detail"]["fields"] == ["email"]
    assert again.status_code == 409 and "already exists" in again.json()["detail"]
    assert users_with_email(engine, taken.email) == 1


def test_sign_ups_from_one_client_are_throttled_with_429_and_retry_after(client, engine):
    codes = [client.post("/api/v1/auth/sign-up", json={"email": random_email("burst"), "password": DEFAULT_PASSWORD})
             .status_code for _ in range(10)]
    email = random_email("burst")
    refused = client.post("/api/v1/auth/sign-up", json={"email": email, "password": DEFAULT_PASSWORD})

    assert codes == [201] * 10
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert users_with_email(engine, email) == 0


def test_signing_in_with_the_old_token_sent_along_revokes_it(client):
    user = new_member()
    response = client.post("/api/v1/auth/sign-in", json={"email": user.email, "password": DEFAULT_PASSWORD},
                           headers=user.headers)
    new_headers = {"Authorization": f"Bearer {response.json()['token']}"}

    assert response.status_code == 200
    assert client.get(f"/api/v1/users/{user.user_id}/onboarding/state", headers=user.headers).status_code == 401
    assert client.get(f"/api/v1/users/{user.user_id}/onboarding/state", headers=new_headers).status_code == 200


def test_sign_out_everywhere_revokes_every_session_of_the_caller(client):
    user = new_member()
    other_device = client.post("/api/v1/auth/sign-in", json={"email": user.email, "password": DEFAULT_PASSWORD})
    other_headers = {"Authorization": f"Bearer {other_device.json()['token']}"}
    bystander = new_member()

    response = client.post("/api/v1/auth/sign-out-everywhere", headers=user.headers)

    assert response.status_code == 200 and response.json() == {"sessions_revoked": 2}
    for headers in (user.headers, other_headers):
        assert client.get(f"/api/v1/users/{user.user_id}/onboarding/state", headers=headers).status_code == 401
    assert client.get(f"/api/v1/users/{bystander.user_id}/onboarding/state",
                      headers=bystander.headers).status_code == 200
    assert client.post("/api/v1/auth/sign-out-everywhere").status_code == 401


def test_wrong_passwords_on_many_emails_from_one_client_are_429_after_twenty(client):
    codes = [client.post("/api/v1/auth/sign-in", json={"email": random_email("spray"), "password": "Summer2026 pass!"})
             .status_code for _ in range(22)]
    assert codes == [401] * 20 + [429] * 2


def test_behind_a_trusted_proxy_the_forwarded_client_is_throttled_not_the_proxy(app_database, monkeypatch):
    from fastapi.testclient import TestClient

    from fitapp.api import create_api
    from fitapp.core import config

    monkeypatch.setenv("TRUSTED_PROXY_HOPS", "1")
    config.get_settings.cache_clear()
    try:
        with TestClient(create_api()) as proxied:
            wrong = {"password": "Summer2026 pass!"}
            for _ in range(20):
                proxied.post("/api/v1/auth/sign-in", json={**wrong, "email": random_email("a")},
                             headers={"X-Forwarded-For": "198.51.100.7"})
            refused = proxied.post("/api/v1/auth/sign-in", json={**wrong, "email": random_email("a")},
                                   headers={"X-Forwarded-For": "198.51.100.7"})
            other = proxied.post("/api/v1/auth/sign-in", json={**wrong, "email": random_email("b")},
                                 headers={"X-Forwarded-For": "203.0.113.9"})
        assert refused.status_code == 429 and other.status_code == 401
    finally:
        monkeypatch.undo()
        config.get_settings.cache_clear()
