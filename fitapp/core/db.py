"""One engine per process and a transactional session scope for the services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from fitapp.core.config import get_settings
from fitapp.core.embedded_pg import start_embedded_postgres, to_sqlalchemy_url


@lru_cache
def database_url() -> str:
    settings = get_settings()
    if settings.database_url:
        return to_sqlalchemy_url(settings.database_url)
    return start_embedded_postgres(settings.embedded_pg_dir)


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    """Pooled for the app; unpooled for one-off tools (migrations, tests' admin work)."""
    settings = get_settings()
    pool_args = (
        {"pool_size": settings.db_pool_size, "max_overflow": settings.db_max_overflow, "pool_pre_ping": True}
        if pooled
        else {"poolclass": NullPool}
    )
    # Every session speaks UTC, whatever the server's default.
    return create_engine(to_sqlalchemy_url(url), connect_args={"options": "-c timezone=UTC"}, **pool_args)


@lru_cache
def get_engine() -> Engine:
    return make_engine(database_url())


@contextmanager
def session_scope() -> Iterator[Session]:
    """A unit of work: commit when the block succeeds, roll back when it raises."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
