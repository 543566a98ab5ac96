"""Counters behind the sign-in and sign-up throttles: Redis when configured, else this process.

An attempt is *reserved* before the password is checked, atomically across every key it
counts against: 30 parallel guesses cannot all read "4 failures so far" and all go ahead.
A success gives its reservation back (`forgive`) or clears the key (`clear`). The rule
(how many are free, how long to wait) is `domain.accounts.ThrottlePolicy`; the Lua script
below runs the same arithmetic inside Redis, and a test holds the two to each other.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections.abc import Callable, Sequence
from functools import lru_cache

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from fitapp.core.config import get_settings
from fitapp.domain.accounts import ThrottleDecision, ThrottlePolicy

logger = logging.getLogger(__name__)

Check = tuple[str, ThrottlePolicy]

# KEYS: the throttle keys. ARGV[1]: now (epoch seconds); then per key: free, first wait, max wait, window.
# Refuses (returns the seconds to wait) when any key is locked; otherwise counts one attempt on every key.
_RESERVE = """
local now = tonumber(ARGV[1])
local counts, retry = {}, 0
for i, key in ipairs(KEYS) do
  local b = 1 + (i - 1) * 4
  local free, first, maxw, window = tonumber(ARGV[b + 1]), tonumber(ARGV[b + 2]), tonumber(ARGV[b + 3]), tonumber(ARGV[b + 4])
  local v = redis.call('HMGET', key, 'n', 'last')
  local n, last = tonumber(v[1]) or 0, tonumber(v[2]) or 0
  if n > 0 and now - last > window then n = 0 end
  counts[i] = n
  if n >= free then
    local left = last + math.min(first * 2 ^ (n - free), maxw) - now
    if left > retry then retry = left end
  end
end
if retry > 0 then return tostring(retry) end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'n', counts[i] + 1, 'last', ARGV[1])
  redis.call('EXPIRE', key, tonumber(ARGV[1 + (i - 1) * 4 + 4]))
end
return '0'
"""

# Gives one reservation back (a successful attempt does not count), never below zero.
_FORGIVE = """
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if n > 0 then redis.call('HINCRBY', KEYS[1], 'n', -1) end
return 0
"""


def throttle_key(kind: str, *parts: str) -> str:
    """A key that does not put e-mail addresses or IPs into Redis in the clear."""
    digest = hmac.new(get_settings().secret_key.encode(), "\x1f".join(parts).encode(), hashlib.sha256)
    return f"{kind}:{digest.hexdigest()[:32]}"


def _refused(retry_after: float) -> ThrottleDecision:
    return ThrottleDecision(False, max(1, int(-(-retry_after // 1))))


class LocalThrottle:
    """One process's counters (no Redis): right for the embedded single-worker setup only."""

    def __init__(self, clock: Callable[[], float] = time.time):
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def reserve(self, checks: Sequence[Check]) -> ThrottleDecision:
        now = self._clock()
        with self._lock:
            states = [(key, policy, *self._state(key, policy, now)) for key, policy in checks]
            refusals = [policy.decide(n, last, now) for _key, policy, n, last in states]
            waits = [d.retry_after_seconds for d in refusals if not d.allowed]
            if waits:
                return ThrottleDecision(False, max(waits))
            for key, _policy, n, _last in states:
                self._counts[key] = (n + 1, now)
            return ThrottleDecision(True)

    def _state(self, key: str, policy: ThrottlePolicy, now: float) -> tuple[int, float]:
        n, last = self._counts.get(key, (0, 0.0))
        if n and now - last > policy.window_seconds:
            return 0, 0.0
        return n, last

    def forgive(self, key: str) -> None:
        with self._lock:
            n, last = self._counts.get(key, (0, 0.0))
            if n > 0:
                self._counts[key] = (n - 1, last)

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)


class RedisThrottle:
    """Counters shared by every worker; a Redis failure falls back to this process's counters."""

    def __init__(self, client: redis.Redis, prefix: str = "fitapp:throttle:",
                 clock: Callable[[], float] = time.time):
        self._client = client
        self._prefix = prefix
        self._clock = clock
        self._reserve = client.register_script(_RESERVE)
        self._forgive = client.register_script(_FORGIVE)
        self._fallback = LocalThrottle(clock)

    def reserve(self, checks: Sequence[Check]) -> ThrottleDecision:
        args: list[str | int | float] = [repr(self._clock())]
        for _key, policy in checks:
            args += [policy.free_attempts, policy.first_wait_seconds, policy.max_wait_seconds, policy.window_seconds]
        try:
            retry = float(self._reserve(keys=[self._prefix + key for key, _ in checks], args=args))
        except redis.RedisError:
            logger.error("sign-in throttle: Redis failed, counting in this process", exc_info=True)
            return self._fallback.reserve(checks)
        return ThrottleDecision(True) if retry <= 0 else _refused(retry)

    def forgive(self, key: str) -> None:
        try:
            self._forgive(keys=[self._prefix + key])
        except redis.RedisError:
            logger.warning("sign-in throttle: could not give a reservation back", exc_info=True)

    def clear(self, key: str) -> None:
        try:
            self._client.delete(self._prefix + key)
        except redis.RedisError:
            logger.warning("sign-in throttle: could not clear a key", exc_info=True)


Throttle = LocalThrottle | RedisThrottle


def redis_client(url: str) -> redis.Redis:
    """Short timeouts and one retry: a Redis that is down costs a sign-in a second, not a minute."""
    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1, retry=Retry(NoBackoff(), 1))


@lru_cache
def get_throttle() -> Throttle:
    url = get_settings().redis_url
    return RedisThrottle(redis_client(url)) if url else LocalThrottle()
