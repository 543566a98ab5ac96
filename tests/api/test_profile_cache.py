"""GET profile through the Redis profile cache (24 h), fresh again after every change."""

from __future__ import annotations

import json

import pytest

from fitapp.services import profile_views

pytestmark = pytest.mark.usefixtures("app_database")


def key(user_id) -> str:
    return f"fitapp:profile:{user_id}"


def test_the_profile_is_cached_for_24h_and_served_from_redis(client, confirmed, profile_cache):
    _, redis_client = profile_cache
    url = f"/api/v1/users/{confirmed.user_id}/profile"
    assert redis_client.get(key(confirmed.user_id)) is None

    first = client.get(url, headers=confirmed.headers)

    assert first.status_code == 200
    stored = redis_client.get(key(confirmed.user_id))
    assert stored is not None and json.loads(stored) == first.json()
    assert 24 * 3600 - 5 < redis_client.ttl(key(confirmed.user_id)) <= 24 * 3600

    # Mark the cached document: a second GET that returns the mark came from Redis.
    marked = {**json.loads(stored), "meal_plans": {**json.loads(stored)["meal_plans"], "plan_rationale": "from redis"}}
    redis_client.set(key(confirmed.user_id), json.dumps(marked), keepttl=True)

    second = client.get(url, headers=confirmed.headers)

    assert second.status_code == 200 and second.json() == marked
    # The AI context is one statement of its own (it also holds the lifestyle trend, which the
    # cached profile does not): it reads PostgreSQL, never the cached copy.
    context = client.get(f"/api/v1/users/{confirmed.user_id}/context", headers=confirmed.headers).json()
    assert context["meal_plan"]["plan_rationale"] == json.loads(stored)["meal_plans"]["plan_rationale"]


def test_after_a_change_the_next_get_is_fresh(client, confirmed, profile_cache):
    _, redis_client = profile_cache
    url = f"/api/v1/users/{confirmed.user_id}/profile"
    assert client.get(url, headers=confirmed.headers).json()["version"] == 1
    assert redis_client.exists(key(confirmed.user_id))

    change = {"topic": "hydration", "base_version": 1, "changes": {"10": {"daily_water_target_ml": 2500}},
              "modification_reason": "Summer"}
    assert client.patch(url, json=change, headers=confirmed.headers).status_code == 200

    fresh = client.get(url, headers=confirmed.headers).json()
    assert fresh["version"] == 2 and fresh["hydration_preferences"]["daily_water_target_ml"] == 2500
    assert json.loads(redis_client.get(key(confirmed.user_id))) == fresh


def test_after_a_reset_the_cached_profile_is_gone(client, confirmed, admin_user, profile_cache):
    _, redis_client = profile_cache
    url = f"/api/v1/users/{confirmed.user_id}/profile"
    assert client.get(url, headers=confirmed.headers).status_code == 200

    client.post(f"/api/v1/admin/users/{confirmed.user_id}/reset-onboarding",
                json={"reason": "Start over", "consent_confirmed": True}, headers=admin_user.headers)

    assert redis_client.get(key(confirmed.user_id)) is None
    assert client.get(url, headers=confirmed.headers).status_code == 404


def test_a_read_that_raced_a_change_does_not_leave_the_old_profile_cached(client, confirmed, profile_cache,
                                                                          monkeypatch):
    _, redis_client = profile_cache
    old = profile_views.load_locked_profile(confirmed.user_id)
    change = {"topic": "hydration", "base_version": 1, "changes": {"10": {"daily_water_target_ml": 2500}},
              "modification_reason": "Summer"}
    client.patch(f"/api/v1/users/{confirmed.user_id}/profile", json=change, headers=confirmed.headers)
    redis_client.delete(key(confirmed.user_id))  # as the change's invalidation left it
    # The read began before the change committed: it still saw version 1, and stores it after
    # the change's invalidation has run.
    monkeypatch.setattr(profile_views, "load_locked_profile", lambda user_id: old)

    client.get(f"/api/v1/users/{confirmed.user_id}/profile", headers=confirmed.headers)

    assert redis_client.get(key(confirmed.user_id)) is None
