"""The Redis profile cache (seed section 2: 24 h TTL, invalidated on every profile change).

Without REDIS_URL there is no cache: reads go to PostgreSQL, which is always the truth.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any

import redis

from fitapp.core.config import get_settings
from fitapp.core.metrics import CACHE_HIT, CACHE_MISS, get_metrics

logger = logging.getLogger(__name__)


class ProfileCache:
    """JSON documents per user; a Redis failure degrades to a miss, never to an error."""

    def __init__(self, client: redis.Redis, ttl_seconds: int, prefix: str = "fitapp:profile:"):
        self._client = client
        self._ttl = ttl_seconds
        self._prefix = prefix

    def _key(self, user_id: str) -> str:
        return f"{self._prefix}{user_id}"

    def get(self, user_id: str) -> dict[str, Any] | None:
        try:
            raw = self._client.get(self._key(user_id))
        except redis.RedisError:
            logger.warning("profile cache read failed", exc_info=True)
            raw = None
        get_metrics().count(CACHE_HIT if raw else CACHE_MISS)
        return json.loads(raw) if raw else None

    def put(self, user_id: str, document: dict[str, Any]) -> None:
        try:
            self._client.set(self._key(user_id), json.dumps(document, default=str), ex=self._ttl)
        except redis.RedisError:
            logger.warning("profile cache write failed", exc_info=True)

    def ping(self) -> None:
        """Raises when Redis does not answer (the health check's probe)."""
        self._client.ping()

    def invalidate(self, user_id: str) -> None:
        try:
            self._client.delete(self._key(user_id))
        except redis.RedisError:
            # A stale entry would outlive a change: surface it loudly.
            logger.error("profile cache invalidation failed for %s", user_id, exc_info=True)


def forget_profiles(*user_ids) -> None:
    """After a change to these users' profiles has committed: their cached documents go."""
    cache = get_profile_cache()
    if cache is not None:
        for user_id in user_ids:
            cache.invalidate(str(user_id))


@lru_cache
def get_profile_cache() -> ProfileCache | None:
    settings = get_settings()
    if not settings.redis_url:
        return None
    # Short timeouts: a slow cache must never be slower than the database it protects.
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return ProfileCache(client, settings.profile_cache_ttl_seconds)
