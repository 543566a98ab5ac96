"""Read-only work on a PostgreSQL streaming replica (DATABASE_REPLICA_URL), without ever showing
anyone data older than their own last write.

The rule, checked on the replica's own connection before the read's data statements:

* every read needs the replica to be in recovery and its last replayed commit no older than
  ``replica_max_lag_s`` (else "lagging": the primary answers);
* a read about one user (their profile, context, history, onboarding state; the admin's
  detail of that user) needs the replica to have replayed that user's last write: after each
  write that concerns a user commits, the primary's WAL position (``pg_current_wal_lsn()``) is
  kept in Redis as the user's mark (the maximum, so concurrent writers never lower it), and
  the read goes to the replica only when ``pg_last_wal_replay_lsn()`` has reached it. Redis is
  shared by every worker and instance, so this holds whichever worker served the write;
* a read over many users (analytics, admin lists) tolerates lag, but not an erasure: every
  erasure also raises one global mark, which such reads need the replica to have replayed;
* no replica, no Redis to ask (unset, down, refusing), a replica that is down or failed in
  this worker within ``replica_retry_after_s``: the primary answers. Nothing fails because of
  the replica.

A mark lives ``mark_ttl_s`` (twice the lag limit and a minute): a user without a mark wrote
before that, and a replica within the lag limit has replayed it (clock skew between the
servers up to a minute included). When a mark cannot be kept (Redis refusing writes), this
worker reads that user from the primary for as long; other workers still see the previous
mark, so for them the staleness is bounded by the lag limit (the README says so).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import redis
from sqlalchemy import Connection, Engine, text
from sqlalchemy import exc as sa_exc

from fitapp.core.config import get_settings
from fitapp.core.metrics import count_read

logger = logging.getLogger(__name__)

PRIMARY, REPLICA = "primary", "replica"
# Why a read went where it went (the `reason` label of fitapp_db_reads_total).
FRESH = "fresh"  # replica: caught up with what the read needs
BEHIND_WRITE = "behind_write"  # primary: the replica has not replayed the user's (or an erasure's) write
LAGGING = "lagging"  # primary: the replica's last replayed commit is older than the lag limit
REPLICA_DOWN = "replica_down"  # primary: the replica failed (now or within the retry window)
NO_MARKS = "no_marks"  # primary: no Redis to ask for the marks, or it did not answer
UNMARKED_WRITE = "unmarked_write"  # primary: this worker could not keep a mark for the user
CLOSED_ON_REPLICA = "closed_on_replica"  # primary: the replica did not know the account: asked again

WRITTEN_PREFIX = "fitapp:written:"
ERASED_KEY = "fitapp:erased-until"
# The primary's WAL position as a number (bytes since 0/0), read after a write has committed.
WAL_POSITION_SQL = "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint"
# On the replica: how far it has replayed, and the age of the last commit it replayed. NULLs on a
# server that is not in recovery (a promoted replica) or has replayed nothing since it started.
CHECK_SQL = ("SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint AS replayed, "
             "extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 AS lag_s")
# Keep the highest mark: two workers' writes may reach Redis in either order.
_RAISE_MARK = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
else
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return 1
"""


def mark_ttl_s() -> int:
    return int(2 * get_settings().replica_max_lag_s) + 60


@lru_cache
def get_replica_engine() -> Engine | None:
    settings = get_settings()
    if not settings.database_replica_url:
        return None
    from fitapp.core.db import make_engine

    return make_engine(settings.database_replica_url, connect_timeout_s=settings.replica_connect_timeout_s)


def enabled() -> bool:
    return get_replica_engine() is not None


class _Marks:
    """The marks in Redis, and what this worker knows it could not tell the others."""

    def __init__(self, client: redis.Redis | None) -> None:
        self._client = client
        self._raise = client.register_script(_RAISE_MARK) if client is not None else None
        self._lock = threading.Lock()
        self._redis_down_until = 0.0
        self._unmarked: dict[str, float] = {}  # user (or ERASED_KEY) -> until, monotonic

    def needed(self, user_id: uuid.UUID | None) -> int | str:
        """The WAL position a read must find replayed, or the reason it must go to the primary."""
        key = ERASED_KEY if user_id is None else f"{WRITTEN_PREFIX}{user_id}"
        now = time.monotonic()
        with self._lock:
            if self._unmarked and self._unmarked.get(key, 0.0) > now:
                return UNMARKED_WRITE
            if self._client is None or self._redis_down_until > now:
                return NO_MARKS
        try:
            value = self._client.get(key)
        except redis.RedisError:
            self._redis_failed()
            return NO_MARKS
        return int(value) if value else 0

    def keep(self, user_ids: Iterable[uuid.UUID], position: int, *, erasure: bool) -> None:
        keys = [f"{WRITTEN_PREFIX}{user_id}" for user_id in user_ids] + ([ERASED_KEY] if erasure else [])
        if self._client is None:
            return
        ttl = mark_ttl_s()
        try:
            pipe = self._client.pipeline(transaction=False)
            for key in keys:
                self._raise(keys=[key], args=[position, ttl], client=pipe)
            pipe.execute()
        except redis.RedisError:
            self._redis_failed()
            self.distrust(keys)
            logger.error("replica: could not keep the write marks %s; this worker reads them from the primary "
                         "for %s s", keys, ttl, exc_info=True)

    def distrust(self, keys: Iterable[str]) -> None:
        until = time.monotonic() + mark_ttl_s()
        with self._lock:
            for key in keys:
                self._unmarked[key] = until
            self._unmarked = {key: t for key, t in self._unmarked.items() if t > time.monotonic()}

    def _redis_failed(self) -> None:
        with self._lock:
            self._redis_down_until = time.monotonic() + get_settings().replica_retry_after_s


@lru_cache
def marks() -> _Marks:
    settings = get_settings()
    client = None
    if settings.redis_url:
        client = redis.Redis.from_url(settings.redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return _Marks(client)


_down_lock = threading.Lock()
_down_until = [0.0]


@dataclass(frozen=True)
class Route:
    """A read that may go to the replica if, on the replica, the check finds it caught up."""

    engine: Engine
    needed: int

    def accepts(self, replayed: int | None, lag_s: float | None) -> bool:
        """Whether the check's figures allow this read on the replica (a refusal is counted;
        the caller counts ``served`` once the replica has answered)."""
        if replayed is None or lag_s is None or lag_s > get_settings().replica_max_lag_s:
            count_read(PRIMARY, LAGGING)
            return False
        if replayed < self.needed:
            count_read(PRIMARY, BEHIND_WRITE)
            return False
        return True

    @staticmethod
    def served() -> None:
        count_read(REPLICA, FRESH)


def route(user_id: uuid.UUID | None) -> Route | None:
    """Where to try a read about ``user_id`` (None: a lag-tolerant read over many users).

    None: the primary, without asking the replica (the reason is counted when there is a replica).
    """
    engine = get_replica_engine()
    if engine is None:
        return None
    with _down_lock:
        down = _down_until[0] > time.monotonic()
    if down:
        count_read(PRIMARY, REPLICA_DOWN)
        return None
    needed = marks().needed(user_id)
    if isinstance(needed, str):
        count_read(PRIMARY, needed)
        return None
    return Route(engine, needed)


def failed(problem: BaseException) -> None:
    """The replica did not connect or answer: this worker leaves it alone for a while."""
    with _down_lock:
        _down_until[0] = time.monotonic() + get_settings().replica_retry_after_s
    count_read(PRIMARY, REPLICA_DOWN)
    logger.warning("replica failed, reading from the primary for %s s: %s",
                   get_settings().replica_retry_after_s, problem)


def checked_connection(user_id: uuid.UUID | None) -> Connection | None:
    """A replica connection found caught up for this read, with no transaction open (the check
    ran in its own), so the caller's transaction, even a REPEATABLE READ one, takes its
    snapshot after the check; None when the primary must answer."""
    where = route(user_id)
    if where is None:
        return None
    conn = None
    try:
        conn = where.engine.connect()
        checked = conn.execute(text(CHECK_SQL)).one()
        conn.rollback()
    except sa_exc.SQLAlchemyError as problem:
        if conn is not None:
            conn.close()
        failed(problem)
        return None
    if not where.accepts(checked.replayed, checked.lag_s):
        conn.close()
        return None
    where.served()
    return conn


def keep_marks(user_ids: Iterable[uuid.UUID], *, erasure: bool = False) -> None:
    """After writes concerning ``user_ids`` committed on the primary: their reads now need the
    replica to have replayed up to here (an erasure: every lag-tolerant read too)."""
    user_ids = list(user_ids)
    if not enabled() or not (user_ids or erasure):
        return
    from fitapp.core.db import get_engine

    try:
        with get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            position = conn.exec_driver_sql(WAL_POSITION_SQL).scalar_one()
    except sa_exc.SQLAlchemyError:
        keys = [f"{WRITTEN_PREFIX}{user_id}" for user_id in user_ids] + ([ERASED_KEY] if erasure else [])
        marks().distrust(keys)
        logger.error("replica: could not read the WAL position after a write; this worker reads %s from the "
                     "primary", keys, exc_info=True)
        return
    marks().keep(user_ids, int(position), erasure=erasure)


def reset() -> None:
    """Forget the engine, the marks' client and the failure window (tests pointing the app elsewhere)."""
    engine = get_replica_engine() if get_replica_engine.cache_info().currsize else None
    if engine is not None:
        engine.dispose()
    get_replica_engine.cache_clear()
    marks.cache_clear()
    with _down_lock:
        _down_until[0] = 0.0

