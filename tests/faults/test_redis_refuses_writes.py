"""Redis refuses writes while a profile change commits: no worker serves the old profile."""

from __future__ import annotations

import json

import pytest
import redis
from fastapi.testclient import TestClient

from fitapp.api import create_api
from fitapp.core import cache
from fitapp.core.metrics import CACHE_INVALIDATION_FAILED, get_metrics
from tests.api.conftest import confirmed_member
from tests.api.test_profile import water_change


@pytest.fixture
def client(app_on_private_servers):
    with TestClient(create_api(), raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_failed_invalidation_never_serves_the_stale_profile(client, app_on_private_servers):
    _, private_redis = app_on_private_servers
    member = confirmed_member()
    url = f"/api/v1/users/{member.user_id}/profile"
    key = f"fitapp:profile:{member.user_id}"
    assert client.get(url, headers=member.headers).json()["version"] == 1
    admin = redis.Redis.from_url(private_redis.url)
    assert json.loads(admin.get(key))["version"] == 1  # cached

    # Every write (DEL and EXPIRE included) now fails with NOREPLICAS; reads still answer.
    admin.config_set("min-replicas-to-write", 1)
    try:
        with pytest.raises(redis.ResponseError):
            admin.delete("anything")
        failed_before = get_metrics().figures().counters.get(CACHE_INVALIDATION_FAILED, 0)

        changed = client.patch(url, json=water_change(2600), headers=member.headers)
        assert changed.status_code == 200, changed.text
        assert json.loads(admin.get(key))["version"] == 1  # Redis still holds the old document

        assert client.get(url, headers=member.headers).json()["version"] == 2
        # Another worker, which did not see the failure, does not serve it either.
        cache.get_profile_cache.cache_clear()
        fresh = client.get(url, headers=member.headers).json()
        assert fresh["version"] == 2 and fresh["hydration_preferences"]["daily_water_target_ml"] == 2600
        context = client.get(f"/api/v1/users/{member.user_id}/context", headers=member.headers)
        assert context.status_code == 200
        assert get_metrics().figures().counters.get(CACHE_INVALIDATION_FAILED, 0) > failed_before
    finally:
        admin.config_set("min-replicas-to-write", 0)

    # Redis writable again: the next read replaces the stale entry.
    assert client.get(url, headers=member.headers).json()["version"] == 2
    assert json.loads(admin.get(key))["version"] == 2
