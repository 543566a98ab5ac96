"""Sign-in, sign-out and the bearer token: the web UI's own sessions."""

from __future__ import annotations

import uuid

import pytest

from tests.api.conftest import new_member
from tests.support.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.usefixtures("app_database")

PATHS = [
    ("GET", "/api/v1/users/{id}/profile"),
    ("GET", "/api/v1/users/{id}/context"),
    ("GET", "/api/v1/users/{id}/onboarding/state"),
    ("GET", "/api/v1/users/{id}/profile/history"),
    ("POST", "/api/v1/onboarding/step"),
    ("PUT", "/api/v1/users/{id}/profile/lock"),
    ("PATCH", "/api/v1/users/{id}/profile"),
    ("GET", "/api/v1/admin/onboarding/incomplete"),
    ("POST", "/api/v1/admin/users/{id}/reset-onboarding"),
    ("POST", "/api/v1/auth/sign-out"),
]


def test_sign_in_returns_a_session_token_that_authenticates_api_calls(client):
    user = new_member()

    response = client.post("/api/v1/auth/sign-in", json={"email": user.email.upper(), "password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert body["user_id"] == str(user.user_id) and body["onboarding_completed"] is False
    assert response.headers["cache-control"] == "no-store"
    state = client.get(f"/api/v1/users/{user.user_id}/onboarding/state",
                       headers={"Authorization": f"Bearer {body['token']}"})
    assert state.status_code == 200


def test_sign_in_with_a_wrong_password_is_401_with_the_message(client):
    user = new_member()

    response = client.post("/api/v1/auth/sign-in", json={"email": user.email, "password": "not the password"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Wrong e-mail or password."}


def test_repeated_failed_sign_ins_are_throttled_with_429(client):
    user = new_member()
    wrong = {"email": user.email, "password": "not the password"}
    codes = [client.post("/api/v1/auth/sign-in", json=wrong).status_code for _ in range(6)]

    assert codes == [401] * 5 + [429]
    refused = client.post("/api/v1/auth/sign-in", json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many failed sign-ins. Please wait")
    assert 0 < int(refused.headers["Retry-After"]) <= 31


def test_sign_out_revokes_the_token(client, member):
    assert client.post("/api/v1/auth/sign-out", headers=member.headers).status_code == 204

    after = client.get(f"/api/v1/users/{member.user_id}/onboarding/state", headers=member.headers)
    assert after.status_code == 401


@pytest.mark.parametrize(("method", "path"), PATHS)
@pytest.mark.parametrize("authorization", [None, "Bearer not-a-session-token", "Basic dXNlcjpwYXNz", "Bearer "])
def test_every_endpoint_is_401_without_a_valid_session_token(client, member, method, path, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}

    response = client.request(method, path.format(id=member.user_id), headers=headers, json={})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert isinstance(response.json()["detail"], str)


def test_an_unknown_user_id_is_still_403_not_404(client, member):
    response = client.get(f"/api/v1/users/{uuid.uuid4()}/profile", headers=member.headers)

    assert response.status_code == 403
