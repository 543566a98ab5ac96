"""One engine per process and a transactional session scope for the services."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from fitapp.core import db_deadline
from fitapp.core.config import get_settings
from fitapp.core.embedded_pg import start_embedded_postgres, to_sqlalchemy_url
from fitapp.domain.errors import AccountClosed


@lru_cache
def database_url() -> str:
    settings = get_settings()
    if settings.database_url:
        return to_sqlalchemy_url(settings.database_url)
    return start_embedded_postgres(settings.embedded_pg_dir)


def session_options(*, bounded: bool) -> str:
    """Every session speaks UTC; the app's sessions also give up on a stalled server.

    The server ends a statement after `statement_timeout`, a wait for a lock after
    `lock_timeout`, and a transaction left idle (a request that died holding it) after
    `idle_in_transaction_session_timeout`; each fails as OperationalError, which the API answers
    as 503. One-off tools (migrations, tests' admin work) may run longer statements.
    """
    options = "-c timezone=UTC"
    if bounded:
        settings = get_settings()
        options += (f" -c statement_timeout={settings.db_statement_timeout_ms}"
                    f" -c lock_timeout={settings.db_lock_timeout_ms}"
                    f" -c idle_in_transaction_session_timeout={settings.db_idle_in_transaction_timeout_ms}")
    return options


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    """Pooled and bounded in time for the app; unpooled for one-off tools (migrations, tests' admin work).

    A frozen server enforces none of its own timeouts, so the app's engine also has a
    connect timeout, a pool wait limit, and a client-side deadline on every round trip
    (`db_deadline`), which replaces SQLAlchemy's `pool_pre_ping` with a ping under that deadline.
    """
    settings = get_settings()
    connect_args = {"options": session_options(bounded=pooled), "connect_timeout": settings.db_connect_timeout_s}
    if not pooled:
        return create_engine(to_sqlalchemy_url(url), connect_args=connect_args, poolclass=NullPool)
    engine = create_engine(to_sqlalchemy_url(url), connect_args=connect_args, pool_size=settings.db_pool_size,
                           max_overflow=settings.db_max_overflow, pool_timeout=settings.db_pool_timeout_s)
    db_deadline.install(engine, settings.db_round_trip_deadline_ms / 1000, settings.db_ping_deadline_ms / 1000,
                        settings.db_ping_skip_ms / 1000)
    return engine


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


# The read-only entry, in one round trip: the transaction is made read only (setting
# transaction_read_only to on is allowed at any point, unlike the reverse), enters the role and
# names the user. No row lock, so the unit gets no transaction id and writes no WAL at commit.
# The erasure guarantee holds another way: writes still take member_scope's key-share lock, and
# the erasure (one transaction: scrub and mark deleted) is seen whole or not at all by any one
# statement. So a read checks users.deleted_at in the same statement as its data (the
# one-statement reads of profile_views do; this entry check covers the rest): it finds either
# the account open with its data as it was, or the account closed.
_CONFINE_TO_MEMBER_READ_ONLY = text(
    "SELECT set_config('transaction_read_only', 'on', true), set_config('role', :role, true), "
    "set_config('app.current_user_id', :user_id, true), "
    "EXISTS (SELECT 1 FROM users WHERE id = CAST(:user_id AS uuid) AND deleted_at IS NULL "
    "AND account_status <> 'deleted') AS account_open"
)


@contextmanager
def member_read_scope(user_id: uuid.UUID) -> Iterator[Session]:
    """A read-only unit of work for one user: row-level security as in ``member_scope``, but
    ``READ ONLY``, no row lock, no transaction id, no WAL. Any write in it fails in PostgreSQL.

    An erased (or unknown) account raises ``AccountClosed``.
    """
    with session_scope() as session:
        entered = session.execute(_CONFINE_TO_MEMBER_READ_ONLY,
                                  {"role": MEMBER_ROLE, "user_id": str(user_id)}).one()
        if not entered.account_open:
            raise AccountClosed()
        yield session


def psycopg_sql(sql: str) -> str:
    """A ``:name`` statement in psycopg's ``%(name)s`` style (``%`` doubled, ``::`` casts kept)."""
    return re.sub(r"(?<!:):([a-z_]+)", r"%(\1)s", sql.replace("%", "%%"))


_ENTER_READ_ONLY_SQL = psycopg_sql(str(_CONFINE_TO_MEMBER_READ_ONLY))


def member_read_one(user_id: uuid.UUID, sql: str, params: dict[str, Any]) -> Any:
    """One read-only member statement in ONE network round trip: BEGIN, the read-only entry of
    ``member_read_scope``, ``sql`` and COMMIT go out together in psycopg's pipeline mode and
    run in that order in one transaction. Returns the statement's first row (a tuple) or None;
    ``AccountClosed`` when the entry finds the account erased or unknown.

    ``sql`` is psycopg's style (``%(user_id)s``; see ``psycopg_sql``). The connection comes
    from the app's pool (its checkout ping included) and the round trip is under the same
    client-side deadline as every statement of the engine; a failure comes back as
    SQLAlchemy's error (OperationalError: the API's 503) and the connection is dropped.
    """
    from fitapp.core.metrics import QUERY_SECONDS

    engine = get_engine()
    settings = get_settings()
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        entry, statement = raw.cursor(), raw.cursor()
        started = time.perf_counter()
        db_deadline.WATCHDOG.arm(id(raw), raw.fileno(), settings.db_round_trip_deadline_ms / 1000)
        try:
            with raw.pipeline():
                entry.execute(_ENTER_READ_ONLY_SQL, {"role": MEMBER_ROLE, "user_id": str(user_id)})
                statement.execute(sql, params)
                raw.commit()
            entered, row = entry.fetchone(), statement.fetchone()
        except psycopg.Error as problem:
            conn.invalidate()
            # A dead connection (its ping skipped) is an InterfaceError or OperationalError: the API's 503.
            kind = (sa_exc.OperationalError if isinstance(problem, psycopg.OperationalError)
                    else sa_exc.InterfaceError if isinstance(problem, psycopg.InterfaceError) else sa_exc.DBAPIError)
            raise kind(sql, params, problem) from problem
        finally:
            db_deadline.WATCHDOG.disarm(id(raw))
            QUERY_SECONDS.observe(time.perf_counter() - started)
    if not entered[3]:  # account_open
        raise AccountClosed()
    return row
