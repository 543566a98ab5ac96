"""Real PostgreSQL and Redis for the tests: the machine's when TEST_*_URL is set, else our own.

Each test run works in databases it creates and drops, so it never touches another run's data.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

from sqlalchemy import make_url, text

from fitapp.core.db import make_engine
from fitapp.core.embedded_pg import start_embedded_postgres, to_sqlalchemy_url


class PostgresServer:
    """Creates and drops throwaway databases on one server."""

    def __init__(self, admin_url: str):
        self.admin_url = to_sqlalchemy_url(admin_url)
        self._engine = make_engine(self.admin_url, pooled=False).execution_options(isolation_level="AUTOCOMMIT")

    @classmethod
    def from_environment(cls, scratch: Path) -> "PostgresServer":
        url = os.environ.get("TEST_DATABASE_URL")
        if url:
            return cls(url)
        return cls(start_embedded_postgres(scratch / "pgdata"))

    def create_database(self, prefix: str = "fitapp_test") -> str:
        name = f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"
        with self._engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        name = make_url(url).database
        with self._engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def dispose(self) -> None:
        self._engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """The machine's Redis (TEST_REDIS_URL) or a `redis-server` child on a free port."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._dir: str | None = None
        url = os.environ.get("TEST_REDIS_URL")
        if not url:
            binary = shutil.which("redis-server")
            if binary is None:
                raise RuntimeError("Neither TEST_REDIS_URL nor a redis-server binary is available")
            port = free_port()
            self._dir = tempfile.mkdtemp(prefix="fitapp-redis-")
            self._process = subprocess.Popen(
                [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", self._dir],
                stdout=subprocess.PIPE,
                text=True,
            )
            self._wait_until_ready()
            url = f"redis://127.0.0.1:{port}/0"
        self.url = url

    def _wait_until_ready(self) -> None:
        """redis-server prints this line once it accepts connections."""
        for line in self._process.stdout:
            if "Ready to accept connections" in line:
                threading.Thread(target=self._process.stdout.read, daemon=True).start()  # keep the pipe drained
                return
        raise RuntimeError("redis-server exited before it was ready")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(10)
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
