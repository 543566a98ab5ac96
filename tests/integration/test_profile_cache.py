"""The profile cache against a real Redis: round trip, TTL, invalidation, and a dead server."""

from __future__ import annotations

import uuid

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from fitapp.core.cache import ProfileCache


def test_cached_profile_round_trips_with_the_configured_ttl_and_is_invalidated(redis_url):
    client = redis.Redis.from_url(redis_url)
    cache = ProfileCache(client, ttl_seconds=24 * 3600, prefix=f"test:{uuid.uuid4().hex}:")
    user_id = str(uuid.uuid4())

    assert cache.get(user_id) is None
    cache.put(user_id, {"primary_goal": "fat_loss", "version": 2})
    assert cache.get(user_id) == {"primary_goal": "fat_loss", "version": 2}
    assert 24 * 3600 - 5 < client.ttl(cache._key(user_id)) <= 24 * 3600

    cache.invalidate(user_id)
    assert cache.get(user_id) is None


def test_unreachable_redis_reads_as_a_miss_instead_of_failing():
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    cache = ProfileCache(dead, ttl_seconds=60)
    cache.put("someone", {"a": 1})
    assert cache.get("someone") is None
