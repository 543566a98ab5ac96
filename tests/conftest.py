"""Shared fixtures: a migrated PostgreSQL database and a Redis for the whole run, and the
application's profile cache pointed at that Redis for one test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
import redis
from sqlalchemy import Connection, Engine

from fitapp.core import cache, config, metrics, throttle
from fitapp.core.db import make_engine
from fitapp.core.migrations import upgrade_to_head
from tests.support.servers import PostgresServer, RedisServer

# pgserver (platformdirs) wants a private runtime folder; a missing one only warns.
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="fitapp-runtime-"))


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory) -> Iterator[PostgresServer]:
    server = PostgresServer.from_environment(tmp_path_factory.mktemp("postgres"))
    yield server
    server.dispose()


@pytest.fixture(scope="session")
def database_url(postgres_server: PostgresServer) -> Iterator[str]:
    """One migrated database for the run; tests isolate themselves with `db` rollbacks."""
    url = postgres_server.create_database()
    upgrade_to_head(url)
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(scope="session")
def app_database(database_url: str) -> Iterator[str]:
    """Point the application's own engine (services, session_scope) at the test database."""
    from fitapp.core import config, db

    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = database_url
    for cached in (config.get_settings, db.database_url, db.get_engine):
        cached.cache_clear()
    yield database_url
    db.get_engine().dispose()
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous
    for cached in (config.get_settings, db.database_url, db.get_engine):
        cached.cache_clear()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    """Each test starts with no sign-in attempts counted (tests share one client IP)."""
    throttle.get_throttle.cache_clear()
    yield
    throttle.get_throttle.cache_clear()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    server = RedisServer()
    yield server.url
    server.stop()


@pytest.fixture
def profile_cache(app_database, redis_url) -> Iterator[tuple[cache.ProfileCache, redis.Redis]]:
    """REDIS_URL set for this test only: the services and the API share the real cache."""
    previous = os.environ.get("REDIS_URL")
    os.environ["REDIS_URL"] = redis_url
    config.get_settings.cache_clear()
    cache.get_profile_cache.cache_clear()
    metrics.get_metrics.cache_clear()
    throttle.get_throttle.cache_clear()
    client = redis.Redis.from_url(redis_url)
    try:
        profile_cache = cache.get_profile_cache()
        assert profile_cache is not None
        yield profile_cache, client
    finally:
        client.close()
        if previous is None:
            os.environ.pop("REDIS_URL", None)
        else:
            os.environ["REDIS_URL"] = previous
        config.get_settings.cache_clear()
        cache.get_profile_cache.cache_clear()
        metrics.get_metrics.cache_clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium for pytest-playwright's one browser per run (e2e and fault tests share it:
    a second sync Playwright in the same process would find the first one's event loop running)."""
    import shutil

    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"],
    }
