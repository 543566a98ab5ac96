"""Fault tests: each breaks something on purpose. What a test stops or freezes, it started itself
(a private PostgreSQL cluster, a `redis-server` child), never the machine's own servers."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


from collections.abc import Iterator

from fitapp.core import db
from fitapp.core.migrations import upgrade_to_head
from tests.support.private_servers import PrivatePostgres, PrivateRedis, point_the_app_at

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
    previous = point_the_app_at({"DATABASE_URL": private_postgres.url, "REDIS_URL": private_redis.url})
    try:
        yield private_postgres, private_redis
    finally:
        db.get_engine().dispose()
        point_the_app_at(previous)
