"""One engine per process and a transactional session scope for the services."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from fitapp.core.config import get_settings
from fitapp.core.embedded_pg import start_embedded_postgres, to_sqlalchemy_url
from fitapp.domain.errors import AccountClosed


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
    from fitapp.core.metrics import time_queries

    engine = make_engine(database_url())
    time_queries(engine)  # the seed's query latency figures (section 12)
    return engine


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


# `with_for_update=` of an update that changes no key of the row (FOR NO KEY UPDATE): it does
# not wait for the key-share lock below.
NO_KEY_UPDATE = {"key_share": True}

# The role and setting the row-level security policies of migration 009 check.
MEMBER_ROLE = "fitapp_member"
# One round trip: enter the role, name the user, and key-share-lock the user's row. That lock
# conflicts only with FOR UPDATE, which the erasure takes on the row: either this unit of work
# runs first, or it waits and then finds the account closed, so nothing is written after an
# erasure. Ordinary updates of the row (confirming sets onboarding_completed) do not conflict.
_CONFINE_TO_MEMBER = text(
    "SELECT set_config('role', :role, true), set_config('app.current_user_id', :user_id, true), "
    "(SELECT deleted_at IS NULL FROM users WHERE id = CAST(:user_id AS uuid) FOR KEY SHARE) AS account_open"
)


@contextmanager
def member_scope(user_id: uuid.UUID, *, isolation_level: str | None = None) -> Iterator[Session]:
    """A unit of work for one user: PostgreSQL itself keeps it to that user's rows.

    The role and the user id are set for this transaction only (`set_config(..., true)`),
    so a pooled connection never carries them into the next one. A query that forgets its
    `WHERE user_id = ...` sees this user's rows, not everyone's. An erased (or unknown)
    account raises `AccountClosed`.
    """
    with session_scope() as session:
        if isolation_level:  # must come before the transaction's first statement
            session.connection(execution_options={"isolation_level": isolation_level})
        entered = session.execute(_CONFINE_TO_MEMBER, {"role": MEMBER_ROLE, "user_id": str(user_id)}).one()
        if not entered.account_open:
            raise AccountClosed()
        yield session
