"""GDPR over REST: GET /users/{id}/export and DELETE /users/{id}, for the user themself or an admin."""

from __future__ import annotations

import uuid

import pytest

from tests.api.conftest import new_member
from tests.support.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.usefixtures("app_database")


def export_url(user_id) -> str:
    return f"/api/v1/users/{user_id}/export"


def user_url(user_id) -> str:
    return f"/api/v1/users/{user_id}"


def erase(client, user, target_id=None, **body):
    return client.request("DELETE", user_url(target_id or user.user_id), headers=user.headers, json=body)


def test_a_user_exports_their_own_data_without_secrets_and_uncached(client, confirmed):
    response = client.get(export_url(confirmed.user_id), headers=confirmed.headers)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["user_id"] == str(confirmed.user_id) and body["exported_at"]
    assert body["tables"]["users"][0]["email"] == confirmed.email
    assert len(body["tables"]["user_profile_versions"]) == 1 and body["tables"]["user_profiles"]
    assert "password_hash" not in response.text and "token_hash" not in response.text


def test_only_the_user_or_an_admin_may_export(client, confirmed, admin_user):
    other = new_member()

    assert client.get(export_url(confirmed.user_id), headers=other.headers).status_code == 403
    assert client.get(export_url(confirmed.user_id)).status_code == 401
    as_admin = client.get(export_url(confirmed.user_id), headers=admin_user.headers)
    assert as_admin.status_code == 200 and as_admin.json()["tables"]["users"][0]["email"] == confirmed.email
    assert client.get(export_url(uuid.uuid4()), headers=admin_user.headers).status_code == 404


def test_a_user_erases_their_account_with_their_password_and_is_signed_out(client, confirmed):
    response = erase(client, confirmed, password=DEFAULT_PASSWORD, reason="Moving on")

    assert response.status_code == 200
    body = response.json()
    assert body["erased"] is True and body["user_id"] == str(confirmed.user_id) and body["sessions_revoked"] == 1
    assert client.get(export_url(confirmed.user_id), headers=confirmed.headers).status_code == 401
    sign_in = client.post("/api/v1/auth/sign-in", json={"email": confirmed.email, "password": DEFAULT_PASSWORD})
    assert sign_in.status_code == 401


def test_a_wrong_or_missing_password_erases_nothing(client, member):
    wrong = erase(client, member, password="not my password at all")
    missing = erase(client, member, reason="no password given")

    assert wrong.status_code == 403 and "password is not right" in wrong.json()["detail"]
    assert missing.status_code == 422 and "Enter your password" in missing.json()["detail"]["messages"][0]
    assert client.get(export_url(member.user_id), headers=member.headers).status_code == 200


def test_unknown_fields_in_the_body_are_refused(client, member):
    response = erase(client, member, password=DEFAULT_PASSWORD, confirm=True)

    assert response.status_code == 422
    assert client.get(export_url(member.user_id), headers=member.headers).status_code == 200


def test_a_member_cannot_erase_someone_else(client, member):
    other = new_member()

    response = erase(client, member, other.user_id, password=DEFAULT_PASSWORD, reason="spite")

    assert response.status_code == 403
    assert client.get(export_url(other.user_id), headers=other.headers).status_code == 200


def test_an_admin_erases_with_a_reason_once_and_unknown_users_are_404(client, member, admin_user):
    no_reason = erase(client, admin_user, member.user_id)
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["detail"]["messages"][0]

    first = erase(client, admin_user, member.user_id, reason="GDPR request by e-mail, ticket 31")
    again = erase(client, admin_user, member.user_id, reason="GDPR request by e-mail, ticket 31")
    unknown = erase(client, admin_user, uuid.uuid4(), reason="cleanup")

    assert first.status_code == 200 and first.json()["sessions_revoked"] == 1
    assert again.status_code == 409 and "already been erased" in again.json()["detail"]
    assert unknown.status_code == 404
    assert client.get(export_url(member.user_id), headers=member.headers).status_code == 401
    exported = client.get(export_url(member.user_id), headers=admin_user.headers).json()
    assert exported["tables"]["users"][0]["email"] == f"deleted_{member.user_id}@anonymized.local"
