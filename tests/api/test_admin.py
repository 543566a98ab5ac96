"""Admin endpoints: incomplete onboardings (paginated) and the consented reset."""

from __future__ import annotations

import uuid

import pytest

from fitapp.services import onboarding, profile_changes, profile_views
from tests.api.conftest import new_member

pytestmark = pytest.mark.usefixtures("app_database")

INCOMPLETE = "/api/v1/admin/onboarding/incomplete"


def test_admin_lists_incomplete_onboardings_a_page_at_a_time(client, admin_user):
    members = [new_member("paging") for _ in range(3)]
    marker = members[0].email.split("-")[0]  # "paging"
    query = {"email": marker, "page_size": 2, "sort": "started", "order": "desc"}

    first = client.get(INCOMPLETE, params={**query, "page": 1}, headers=admin_user.headers)
    second = client.get(INCOMPLETE, params={**query, "page": 2}, headers=admin_user.headers)

    assert first.status_code == second.status_code == 200
    page1, page2 = first.json(), second.json()
    assert page1["total"] == page2["total"] >= 3 and page1["page_size"] == 2 and len(page1["items"]) == 2
    assert page1["pages"] == -(-page1["total"] // 2)
    assert not {row["user_id"] for row in page1["items"]} & {row["user_id"] for row in page2["items"]}
    row = page1["items"][0]
    assert set(row) == {"user_id", "email", "current_step", "started_at", "last_activity_at", "device_type"}


def test_incomplete_filters_by_step(client, admin_user, member):
    body = client.get(INCOMPLETE, params={"email": member.email, "step": 0}, headers=admin_user.headers).json()
    assert [row["user_id"] for row in body["items"]] == [str(member.user_id)]

    body = client.get(INCOMPLETE, params={"email": member.email, "step": 3}, headers=admin_user.headers).json()
    assert body["items"] == [] and body["total"] == 0


@pytest.mark.parametrize(
    "params", [{"page": 0}, {"page_size": 0}, {"page_size": 201}, {"step": 12}, {"inactive_days": -1},
               {"sort": "email"}, {"order": "sideways"}, {"page": "two"}],
)
def test_incomplete_out_of_range_queries_are_422(client, admin_user, params):
    response = client.get(INCOMPLETE, params=params, headers=admin_user.headers)

    assert response.status_code == 422
    assert response.json()["detail"]["messages"]


def test_admin_endpoints_are_403_for_members(client, member, confirmed):
    assert client.get(INCOMPLETE, headers=member.headers).status_code == 403
    reset = client.post(f"/api/v1/admin/users/{confirmed.user_id}/reset-onboarding",
                        json={"reason": "asked", "consent_confirmed": True}, headers=member.headers)
    assert reset.status_code == 403
    assert profile_views.current_profile(confirmed.user_id).version == 1


def test_a_consented_reset_archives_the_profile_and_restarts_the_onboarding(client, admin_user, confirmed):
    response = client.post(f"/api/v1/admin/users/{confirmed.user_id}/reset-onboarding",
                           json={"reason": "User asked to start over", "consent_confirmed": True},
                           headers=admin_user.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["user_id"] == str(confirmed.user_id) and body["archived_version"] == 2
    assert body["deleted_rows"]["user_profiles"] == 1
    assert client.get(f"/api/v1/users/{confirmed.user_id}/profile", headers=confirmed.headers).status_code == 404
    state = client.get(f"/api/v1/users/{confirmed.user_id}/onboarding/state", headers=confirmed.headers).json()
    assert state["current_step"] == 0 and state["completed"] is False


def test_resetting_an_unknown_user_is_404(client, admin_user):
    response = client.post(f"/api/v1/admin/users/{uuid.uuid4()}/reset-onboarding",
                           json={"reason": "asked", "consent_confirmed": True}, headers=admin_user.headers)

    assert response.status_code == 404 and response.json() == {"detail": "There is no such user."}


@pytest.mark.parametrize(
    ("body", "message_start"),
    [
        ({"reason": "asked", "consent_confirmed": False}, "Confirm that the user agreed"),
        ({"reason": "asked"}, "Confirm that the user agreed"),
        ({"reason": " ", "consent_confirmed": True}, "Give a reason"),
    ],
)
def test_a_reset_without_consent_or_reason_is_422_and_changes_nothing(
    client, admin_user, confirmed, body, message_start
):
    response = client.post(f"/api/v1/admin/users/{confirmed.user_id}/reset-onboarding", json=body,
                           headers=admin_user.headers)

    assert response.status_code == 422
    assert response.json()["detail"]["messages"][0].startswith(message_start)
    assert onboarding.load(confirmed.user_id).completed is True


def test_consent_must_be_a_real_true(client, admin_user, confirmed):
    response = client.post(f"/api/v1/admin/users/{confirmed.user_id}/reset-onboarding",
                           json={"reason": "asked", "consent_confirmed": "yes"}, headers=admin_user.headers)

    assert response.status_code == 422
    assert onboarding.load(confirmed.user_id).completed is True
