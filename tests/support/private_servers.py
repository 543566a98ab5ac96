"""A PostgreSQL cluster and a Redis that a fault test owns: it may stop, freeze or break them.

The cluster is Debian's PostgreSQL 15 (initdb/pg_ctl), on a free port with its socket in its own
folder, run as the `postgres` user when the tests run as root. Never the machine's own servers.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import psutil

from tests.support.waiting import wait_until
from tests.support.servers import free_port

PG_BIN = Path(os.environ.get("FITAPP_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def run_as_postgres(command: list[str]) -> subprocess.CompletedProcess:
    """Run as the database's OS user (when the tests run as root), failing with its output."""
    result = subprocess.run(_as_postgres(command), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(path, account.pw_uid, account.pw_gid)


class PrivatePostgres:
    def __init__(self, settings: dict[str, str] | None = None, *, data: Path | None = None) -> None:
        """A new cluster, or (with `data`) a server on a data folder laid out already (a restore)."""
        self.root = Path(tempfile.mkdtemp(prefix="fitapp-pg-"))
        self.data = data or self.root / "data"
        self.port = free_port()
        self.log = self.root / "server.log"
        self.owned = [self.root]  # folders destroy() removes
        self.settings = {"listen_addresses": "'127.0.0.1'", "fsync": "off", "unix_socket_directories": f"'{self.root}'",
                         "port": str(self.port), "max_connections": "60", **(settings or {})}
        give_to_postgres(self.root)
        if data is None:
            run_as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                             "--no-sync", "-E", "UTF8"])
        with (self.data / "postgresql.auto.conf").open("a") as conf:
            for name, value in self.settings.items():
                conf.write(f"{name} = {value}\n")

    @classmethod
    def standby_of(cls, primary: PrivatePostgres) -> PrivatePostgres:
        """A hot standby streaming from `primary` (`pg_basebackup -R`: standby.signal and
        primary_conninfo written for it), started: a read replica as in production."""
        parent = Path(tempfile.mkdtemp(prefix="fitapp-pg-standby-"))
        give_to_postgres(parent)
        run_as_postgres([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                         "-D", str(parent / "data"), "-R", "-X", "stream", "--no-sync", "-c", "fast"])
        standby = cls(data=parent / "data")
        standby.owned.append(parent)
        standby.start()
        return standby

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                                            *args]), check=check, capture_output=True, text=True)

    def start(self) -> None:
        result = self.pg_ctl("-w", "-t", "120", "start", check=False)
        if result.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed:\n{result.stderr}\n{self.log.read_text(errors='replace')[-3000:]}")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-w", "-m", mode, "stop", check=False)

    def _processes(self) -> list[psutil.Process]:
        pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
        postmaster = psutil.Process(pid)
        return [postmaster, *postmaster.children(recursive=True)]

    def freeze(self) -> None:
        """SIGSTOP the server and every backend: connections stay open, nothing answers."""
        for process in self._processes():
            try:
                process.send_signal(signal.SIGSTOP)
            except psutil.NoSuchProcess:  # a backend that ended meanwhile (its client went away)
                pass

    def thaw(self) -> None:
        for process in self._processes():
            try:
                process.send_signal(signal.SIGCONT)
            except psutil.NoSuchProcess:
                pass

    def destroy(self) -> None:
        try:
            self.thaw()
        except (OSError, psutil.Error, IndexError, ValueError):
            pass
        self.stop("immediate")
        for folder in self.owned:
            shutil.rmtree(folder, ignore_errors=True)


class PrivateRedis:
    """`redis-server` as a child on a free port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="fitapp-redis-")
        self._start()

    def _start(self) -> None:
        self._process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        def answers() -> bool:
            try:
                return bool(redis.Redis(port=self.port, socket_timeout=0.5).ping())
            except redis.RedisError:
                return False

        wait_until(answers, 10, f"redis-server on port {self.port} answering PING")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def down(self) -> None:
        """Stop the server and keep its port: clients get "connection refused" until `up()`."""
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait(10)

    def up(self) -> None:
        """Start it again on the same port, empty (nothing is saved to disk)."""
        self._start()

    def restart_empty(self) -> None:
        """A restart that loses every key, as a Redis without persistence does."""
        self.down()
        self.up()

    def stop(self) -> None:
        self.down()
        shutil.rmtree(self.dir, ignore_errors=True)


def point_the_app_at(env: dict[str, str | None]) -> dict[str, str | None]:
    """Set DATABASE_URL / REDIS_URL for the app in this process; returns the previous values."""
    from fitapp.core import cache, config, db, metrics, replica

    previous = {name: os.environ.get(name) for name in env}
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    for cached in (config.get_settings, db.database_url, db.get_engine, cache.get_profile_cache, metrics.get_metrics):
        cached.cache_clear()
    replica.reset()
    return previous
