"""Fault tests: each breaks something on purpose. What a test stops or freezes, it started itself
(a private PostgreSQL cluster, a `redis-server` child), never the machine's own servers."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


import os
from collections.abc import Iterator

from fitapp.core import cache, config, db, metrics
from fitapp.core.migrations import upgrade_to_head
from tests.support.private_servers import PrivatePostgres, PrivateRedis

_APP_CACHES = (config.get_settings, db.database_url, db.get_engine, cache.get_profile_cache, metrics.get_metrics)


def _point_the_app_at(env: dict[str, str | None]) -> dict[str, str | None]:
    previous = {name: os.environ.get(name) for name in env}
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    for cached in _APP_CACHES:
        cached.cache_clear()
    return previous


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    server.start()
    upgrade_to_head(server.url)
    yield server
    server.destroy()


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    yield server
    server.stop()


@pytest.fixture
def app_on_private_servers(private_postgres, private_redis) -> Iterator[tuple[PrivatePostgres, PrivateRedis]]:
    """The services and the API (in this process) use the private servers for this test only."""
    previous = _point_the_app_at({"DATABASE_URL": private_postgres.url, "REDIS_URL": private_redis.url})
    try:
        yield private_postgres, private_redis
    finally:
        db.get_engine().dispose()
        _point_the_app_at(previous)
