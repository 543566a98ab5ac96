"""The locked profile over REST: read, lock, change with a reason, history, the AI context."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from fitapp.api import create_api
from fitapp.core.db import get_engine
from fitapp.services import profile_views
from tests.api.conftest import answered_member, new_member

pytestmark = pytest.mark.usefixtures("app_database")


def water_change(ml: int = 2500, base_version: int = 1, reason: str | None = "Summer training") -> dict:
    return {"topic": "hydration", "base_version": base_version, "changes": {"10": {"daily_water_target_ml": ml}},
            "modification_reason": reason}


def test_profile_is_the_locked_snapshot_with_24h_private_caching(client, confirmed):
    response = client.get(f"/api/v1/users/{confirmed.user_id}/profile", headers=confirmed.headers)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == profile_views.load_locked_profile(confirmed.user_id)
    body = response.json()
    assert body["version"] == 1 and body["user_profiles"]["primary_goal"] == "fat_loss"
    assert body["hydration_preferences"]["daily_water_target_ml"] == 2200


def test_profile_is_404_before_the_plan_is_confirmed(client, member):
    response = client.get(f"/api/v1/users/{member.user_id}/profile", headers=member.headers)

    assert response.status_code == 404
    assert "isn't confirmed" in response.json()["detail"]


def test_an_admin_may_read_any_profile_and_context_but_a_member_may_not(client, confirmed, admin_user):
    other = new_member()
    for path in ("profile", "context"):
        url = f"/api/v1/users/{confirmed.user_id}/{path}"
        assert client.get(url, headers=admin_user.headers).status_code == 200
        assert client.get(url, headers=other.headers).status_code == 403


def test_context_has_the_seed_appendix_a_sections(client, confirmed):
    response = client.get(f"/api/v1/users/{confirmed.user_id}/context", headers=confirmed.headers)

    assert response.status_code == 200
    body = response.json()
    profile = profile_views.load_locked_profile(confirmed.user_id)
    assert body["user_id"] == str(confirmed.user_id) and body["profile_version"] == 1
    assert (body["fitness_level"], body["primary_goal"]) == ("intermediate", "fat_loss")
    assert body["secondary_goal"] == "strength"
    assert (body["energy_level"], body["stress_level"], body["sleep_quality"]) == ("medium", "low", "good")
    assert body["time_zone"] == "Europe/Berlin" and body["units"] == "metric"
    assert [goal["goal_category"] for goal in body["fitness_goals"]] == ["fat_loss", "strength"]
    assert all(goal["status"] == "active" for goal in body["fitness_goals"])
    assert body["constraints"] == profile["physical_constraints"] and all(c["is_active"] for c in body["constraints"])
    assert body["dietary_prefs"] == [profile["dietary_preferences"]]
    assert body["meal_plan"] == profile["meal_plans"] and len(body["meal_schedule"]) == 3
    assert body["workout_schedule"] == profile["workout_schedules"]
    assert body["hydration"] == profile["hydration_preferences"]
    assert body["lifestyle"] == profile["lifestyle_baselines"]


def test_lock_confirms_the_answered_onboarding_once(client):
    user = answered_member()
    url = f"/api/v1/users/{user.user_id}/profile/lock"

    response = client.put(url, headers=user.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["locked"] is True and body["version"] == 1
    assert body["profile"] == profile_views.load_locked_profile(user.user_id)
    again = client.put(url, headers=user.headers)
    assert again.status_code == 409 and "already confirmed" in again.json()["detail"]


def test_lock_before_every_step_is_answered_is_422_with_the_problems(client, member):
    response = client.put(f"/api/v1/users/{member.user_id}/profile/lock", headers=member.headers)

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert set(detail["problems"]) == {str(step) for step in range(11)}
    assert detail["messages"][0].startswith("Some answers need another look")
    assert profile_views.load_locked_profile(member.user_id) is None


@pytest.mark.parametrize("caller", ["other member", "admin"])
def test_lock_change_and_history_are_user_only(client, confirmed, admin_user, caller):
    other = new_member() if caller == "other member" else admin_user
    base = f"/api/v1/users/{confirmed.user_id}"

    assert client.put(f"{base}/profile/lock", headers=other.headers).status_code == 403
    assert client.patch(f"{base}/profile", json=water_change(), headers=other.headers).status_code == 403
    assert client.get(f"{base}/profile/history", headers=other.headers).status_code == 403
    assert profile_views.current_profile(confirmed.user_id).version == 1


def test_a_change_becomes_the_next_version(client, confirmed):
    response = client.patch(f"/api/v1/users/{confirmed.user_id}/profile", json=water_change(2500),
                            headers=confirmed.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2 and body["changed_fields"]
    assert body["profile"]["version"] == 2
    assert body["profile"]["hydration_preferences"]["daily_water_target_ml"] == 2500
    fresh = client.get(f"/api/v1/users/{confirmed.user_id}/profile", headers=confirmed.headers).json()
    assert fresh == body["profile"]


def test_a_change_is_one_member_transaction_that_returns_what_it_wrote(client, confirmed, profile_cache):
    """PATCH does not read the profile again after the change: the change's own transaction
    built the new snapshot (and a cold cache is not filled from a second read)."""
    member_transactions = []

    def first_statement(conn, cursor, statement, parameters, context, executemany):
        if "set_config('role'" in statement:
            member_transactions.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", first_statement)
    try:
        response = client.patch(f"/api/v1/users/{confirmed.user_id}/profile", json=water_change(2600),
                                headers=confirmed.headers)
    finally:
        event.remove(engine, "before_cursor_execute", first_statement)

    assert response.status_code == 200
    assert len(member_transactions) == 1
    assert response.json()["profile"] == profile_views.load_locked_profile(confirmed.user_id)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_change_without_a_reason_is_422_and_changes_nothing(client, confirmed, reason):
    response = client.patch(f"/api/v1/users/{confirmed.user_id}/profile", json=water_change(reason=reason),
                            headers=confirmed.headers)

    assert response.status_code == 422
    assert response.json() == {"detail": {"messages": ["Please say why you are changing your plan."]}}
    assert profile_views.current_profile(confirmed.user_id).version == 1


@pytest.mark.parametrize(
    ("change", "message_start"),
    [
        (water_change(100), None),  # the onboarding's own refusal
        (water_change(2200), "That is what your plan already says"),  # no change
        ({**water_change(), "topic": "nonsense"}, "There is no topic"),
        ({**water_change(), "changes": {"9": {"energy_level": "high"}}}, "A change to"),
    ],
)
def test_a_refused_change_is_422_with_the_message(client, confirmed, change, message_start):
    response = client.patch(f"/api/v1/users/{confirmed.user_id}/profile", json=change, headers=confirmed.headers)

    assert response.status_code == 422
    messages = response.json()["detail"]["messages"]
    assert messages and (message_start is None or messages[0].startswith(message_start))
    assert profile_views.current_profile(confirmed.user_id).version == 1


def test_a_refused_change_names_the_fields_to_fix(client, confirmed):
    response = client.patch(f"/api/v1/users/{confirmed.user_id}/profile", json=water_change(100),
                            headers=confirmed.headers)
    assert response.status_code == 422
    assert response.json()["detail"]["fields"] == ["daily_water_target_ml"]


def test_a_change_from_a_stale_version_is_409_with_the_current_plan(client, confirmed):
    url = f"/api/v1/users/{confirmed.user_id}/profile"
    assert client.patch(url, json=water_change(2500), headers=confirmed.headers).status_code == 200

    stale = client.patch(url, json=water_change(2700, base_version=1), headers=confirmed.headers)

    assert stale.status_code == 409
    detail = stale.json()["detail"]
    assert detail["current_version"] == 2
    assert detail["messages"][0].startswith("Your plan was changed meanwhile (now version 2)")
    assert detail["current_profile"]["hydration_preferences"]["daily_water_target_ml"] == 2500


def test_two_changes_from_the_same_version_at_once_make_one_version_and_one_409(confirmed):
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def save(ml: int) -> None:
        with TestClient(create_api()) as own_client:
            barrier.wait()
            codes.append(own_client.patch(f"/api/v1/users/{confirmed.user_id}/profile", json=water_change(ml),
                                          headers=confirmed.headers).status_code)

    threads = [threading.Thread(target=save, args=(ml,)) for ml in (2500, 2700)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(codes) == [200, 409]
    assert [v.version for v in profile_views.history(confirmed.user_id)] == [2, 1]


def test_history_lists_the_versions_newest_first(client, confirmed):
    client.patch(f"/api/v1/users/{confirmed.user_id}/profile", json=water_change(2500), headers=confirmed.headers)

    response = client.get(f"/api/v1/users/{confirmed.user_id}/profile/history", headers=confirmed.headers)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    versions = response.json()["versions"]
    assert [(v["version"], v["is_current"]) for v in versions] == [(2, True), (1, False)]
    assert versions[0]["change_reason"] == "Summer training" and versions[0]["changed_by"] == "user"
    assert versions[1]["valid_until"] == versions[0]["valid_from"]
