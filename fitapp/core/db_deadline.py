"""A client-side deadline for every database round trip of the app's engine.

`statement_timeout` is enforced by the server: a server that is frozen (SIGSTOP, a failover, a
network stall that the kernel still ACKs) never enforces it, and psycopg waits on the socket
forever. So every statement, and the ping on checkout, is armed here; when its deadline passes,
a watchdog thread shuts the connection's socket down, the blocked read fails at once with
`OperationalError`, and SQLAlchemy discards that connection. Arming costs a lock and a dict
entry; there is one watchdog thread per process.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from sqlalchemy import Engine, event, exc

from fitapp.core.metrics import DEADLINES

logger = logging.getLogger(__name__)


class Watchdog:
    """Deadlines by key; an expired one gets its socket shut down (both directions)."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._armed: dict[int, tuple[float, int]] = {}  # key -> (deadline, socket fd)
        self._pid: int | None = None
        self._wake_at: float | None = None  # when the watchdog wakes next (None: when armed)
        self.expired = 0

    def arm(self, key: int, fd: int, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        with self._lock:
            self._armed[key] = (deadline, fd)
            if self._pid != os.getpid():  # a forked worker does not inherit the parent's thread
                self._pid = os.getpid()
                self._wake_at = None
                threading.Thread(target=self._watch, name="db-deadline", daemon=True).start()
            if self._wake_at is None or deadline < self._wake_at:  # else it wakes in time anyway
                self._wake_at = deadline
                self._lock.notify()

    def disarm(self, key: int) -> None:
        with self._lock:
            self._armed.pop(key, None)

    def _watch(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                for key, (deadline, fd) in list(self._armed.items()):
                    if deadline <= now:
                        del self._armed[key]
                        self.expired += 1
                        _shut_down(fd)
                        DEADLINES.inc()
                earliest = min((deadline for deadline, _ in self._armed.values()), default=None)
                self._wake_at = earliest
                self._lock.wait(None if earliest is None else max(earliest - now, 0.001))


def _shut_down(fd: int) -> None:
    """Wake the reader blocked on `fd` with an error; its owner closes the connection."""
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
        logger.error("database round trip exceeded its deadline: connection dropped")
    except OSError:
        pass
    finally:
        sock.close()


WATCHDOG = Watchdog()


CHECKED_IN_AT = "fitapp_checked_in_at"  # connection record info: when it last came back to the pool


def install(engine: Engine, seconds: float, ping_seconds: float, ping_skip_seconds: float = 0.0) -> None:
    """Arm every statement of `engine` with a deadline of `seconds`, the checkout ping with `ping_seconds`.

    A failed ping makes the pool connect afresh (bounded by the connect timeout), so the ping's
    deadline plus the connect timeout is what a request waits on a frozen server.
    """

    def _fd(dbapi_connection) -> int:
        return dbapi_connection.fileno()

    @event.listens_for(engine, "before_cursor_execute")
    def _arm(conn, cursor, statement, parameters, context, executemany) -> None:
        dbapi_connection = conn.connection.dbapi_connection
        WATCHDOG.arm(id(dbapi_connection), _fd(dbapi_connection), conn.info.get("deadline_seconds", seconds))

    @event.listens_for(engine, "after_cursor_execute")
    def _disarm(conn, cursor, statement, parameters, context, executemany) -> None:
        WATCHDOG.disarm(id(conn.connection.dbapi_connection))

    @event.listens_for(engine, "handle_error")
    def _disarm_on_error(context) -> None:
        if context.connection is not None and context.connection.connection.dbapi_connection is not None:
            WATCHDOG.disarm(id(context.connection.connection.dbapi_connection))

    def _arm_connection(conn) -> None:
        if conn.invalidated:  # the rollback after a dropped connection: no round trip left to bound
            return
        dbapi_connection = conn.connection.dbapi_connection
        if dbapi_connection is not None:
            WATCHDOG.arm(id(dbapi_connection), _fd(dbapi_connection), conn.info.get("deadline_seconds", seconds))

    # COMMIT and ROLLBACK are no cursor executes: armed when they start, disarmed when the
    # connection goes back to the pool (or its next transaction begins).
    event.listen(engine, "commit", _arm_connection)
    event.listen(engine, "rollback", _arm_connection)

    @event.listens_for(engine, "begin")
    def _disarm_on_begin(conn) -> None:
        if conn.connection.dbapi_connection is not None:
            WATCHDOG.disarm(id(conn.connection.dbapi_connection))

    @event.listens_for(engine, "reset")
    def _arm_reset(dbapi_connection, connection_record, reset_state) -> None:
        """The pool's rollback when a connection comes back: a round trip too."""
        if dbapi_connection is not None:
            WATCHDOG.arm(id(dbapi_connection), _fd(dbapi_connection), seconds)

    @event.listens_for(engine, "checkin")
    def _disarm_on_checkin(dbapi_connection, connection_record) -> None:
        if dbapi_connection is not None:
            WATCHDOG.disarm(id(dbapi_connection))
            connection_record.info[CHECKED_IN_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection, connection_record, connection_proxy) -> None:
        """SQLAlchemy's pessimistic disconnect check, under the deadline (its pool_pre_ping is not).

        Skipped for a connection back from use under ``ping_skip_seconds`` ago (an invalidated one
        gets a new record, so it never counts): if the server went away in that moment, the first
        statement fails instead, as the same OperationalError (a 503), and the pool drops it."""
        if time.monotonic() - connection_record.info.get(CHECKED_IN_AT, float("-inf")) < ping_skip_seconds:
            return
        WATCHDOG.arm(id(dbapi_connection), _fd(dbapi_connection), ping_seconds)
        autocommit = dbapi_connection.autocommit
        try:
            dbapi_connection.autocommit = True  # no transaction left open by the ping
            dbapi_connection.execute("SELECT 1")
            dbapi_connection.autocommit = autocommit
        except Exception as problem:  # the pool replaces the connection (or raises the connect error)
            raise exc.DisconnectionError(f"connection failed its ping: {problem}") from problem
        finally:
            WATCHDOG.disarm(id(dbapi_connection))
