"""The Redis profile cache (seed section 2: 24 h TTL, invalidated on every profile change).

Without REDIS_URL there is no cache: reads go to PostgreSQL, which is always the truth.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from functools import lru_cache
from typing import Any

import redis

from fitapp.core.config import get_settings
from fitapp.core.metrics import CACHE_HIT, CACHE_INVALIDATION_FAILED, CACHE_MISS, get_metrics

logger = logging.getLogger(__name__)

# Seconds to wait before each retry of a failed invalidation: a blip passes, an outage is not waited out.
INVALIDATION_RETRY_DELAYS = (0.05, 0.2)


class ProfileCache:
    """JSON documents per user; a Redis failure degrades to a miss, never to an error."""

    def __init__(self, client: redis.Redis, ttl_seconds: int, prefix: str = "fitapp:profile:"):
        self._client = client
        self._ttl = ttl_seconds
        self._prefix = prefix
        # Users whose entry this process could not invalidate: their cached document is not
        # served from here until it would have expired anyway.
        self._distrusted: dict[str, float] = {}
        self._distrust_lock = threading.Lock()

    def _key(self, user_id: str) -> str:
        return f"{self._prefix}{user_id}"

    def get(self, user_id: str) -> dict[str, Any] | None:
        if self._is_distrusted(user_id):
            get_metrics().count(CACHE_MISS)
            return None
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

    def invalidate(self, user_id: str) -> bool:
        """Drop the entry after a change; False when Redis would not let it go.

        A stale entry would outlive the change by up to the TTL, so a failed delete is retried,
        then the entry's life is cut to a second, and when even that fails the user is
        distrusted here, the failure is logged and counted (`profile_cache_invalidation_failed`).
        Other workers do not serve the stale entry either: a hit is checked against the
        version in PostgreSQL (`services.profile_views`).
        """
        key = self._key(user_id)
        for delay in (0.0, *INVALIDATION_RETRY_DELAYS):
            time.sleep(delay)
            try:
                self._client.delete(key)
                return True
            except redis.RedisError:
                continue
        try:
            self._client.pexpire(key, 1000)
            logger.error("profile cache: could not delete %s; its entry now expires in 1 s", user_id)
            return True
        except redis.RedisError:
            pass
        with self._distrust_lock:
            self._distrusted[user_id] = time.monotonic() + self._ttl
        get_metrics().count(CACHE_INVALIDATION_FAILED)
        logger.error("profile cache invalidation failed for %s: not served from this worker's cache; "
                     "other workers check its version", user_id, exc_info=True)
        return False

    def _is_distrusted(self, user_id: str) -> bool:
        if not self._distrusted:
            return False
        with self._distrust_lock:
            until = self._distrusted.get(user_id)
            if until is not None and until <= time.monotonic():
                del self._distrusted[user_id]
                until = None
        return until is not None


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
