"""Run the production build of the app as a child process for end-to-end and fault tests.

It runs `python -m fitapp.cli serve`, as an operator would: the frontend is built only when its
inputs changed, and granian respawns a failed worker.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from fitapp.core.config import PROJECT_ROOT
from tests.support.servers import free_port

BUN_DIR = PROJECT_ROOT / ".tools" / "node_modules" / ".bin"
# Granian (Reflex's server) logs this once a worker accepts connections; the listening socket
# is bound before, so a request sent now waits in the backlog instead of being refused.
READY_LINE = "Started worker"


def _reusable_port() -> int | None:
    """The port the last frontend build embeds, when free: then an unchanged frontend is not rebuilt."""
    from fitapp.core.serving import last_built_port

    port = last_built_port()
    if port is None:
        return None
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as granian binds: TIME_WAIT is fine
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return None
    return port


class AppServer:
    """`fitapp.cli serve` (prod) on a free port, against the given database and Redis."""

    def __init__(self, database_url: str, redis_url: str | None, log_path: Path, workers: int = 2,
                 extra_env: dict[str, str] | None = None, port: int | None = None,
                 public_port: int | None = None):
        self.port = port or (free_port() if public_port else None) or _reusable_port() or free_port()
        self.public_port = public_port  # a proxy's port, which the frontend build names
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.workers = workers
        env = dict(os.environ)
        env.update(
            DATABASE_URL=database_url,
            PATH=f"{BUN_DIR}{os.pathsep}{env.get('PATH', '')}",
            REFLEX_USE_SYSTEM_BUN="1",
            GRANIAN_WORKERS=str(workers),
            GRANIAN_LOG_ENABLED="true",
            GRANIAN_LOG_LEVEL="info",
            # Session tokens hashed with a fixed key so that a restart keeps tests' sessions valid.
            SECRET_KEY="test-secret-key-not-for-production",
            # Every test signs up from 127.0.0.1: the per-IP throttles would stop the suite, not an attack.
            SIGN_UPS_PER_IP="100000",
            SIGN_IN_FAILURES_PER_IP="100000",
        )
        if redis_url:
            env["REDIS_URL"] = redis_url
        else:
            env.pop("REDIS_URL", None)
        env.update(extra_env or {})
        self._env = env
        self._process: subprocess.Popen | None = None

    def start(self, timeout: float = 900) -> None:
        """Start the app and return once it says it is serving and answers /ping."""
        command = [sys.executable, "-m", "fitapp.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.public_port:
            command += ["--public-port", str(self.public_port)]
        # Its own process group: Reflex's workers ignore a signal sent to the main process alone.
        self._process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=self._env, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True, start_new_session=True)
        ready = threading.Event()
        threading.Thread(target=self._copy_log, args=(ready,), daemon=True).start()
        deadline = time.monotonic() + timeout
        if not ready.wait(timeout):
            self.stop()
            raise TimeoutError(f"the app did not start within {timeout} s:\n{self.log_tail()}")
        # A started worker may still be importing the app: ask until it answers (or the deadline).
        while not (self._answers("/ping") and self._answers("/")):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the app did not come up:\n{self.log_tail()}")
            ready.clear()
            ready.wait(0.25)

    def _copy_log(self, ready: threading.Event) -> None:
        """Copy Reflex's output to the log file; signal when it reports that it is serving (or exits)."""
        started = 0
        with self.log_path.open("w") as log:
            for line in self._process.stdout:
                log.write(line)
                log.flush()
                if READY_LINE in line:
                    started += 1
                    if started >= self.workers:
                        ready.set()
        ready.set()

    def _answers(self, path: str) -> bool:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status == 200
        except OSError:
            return False

    def answers(self, path: str, timeout: float = 10) -> bool:
        """True when `path` answers 200 within `timeout` (a failure is logged with its reason)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status == 200
        except OSError as problem:
            with self.log_path.open("a") as log:
                log.write(f"[test] GET {path} failed: {problem!r}\n")
            return False

    def worker_pids(self) -> list[int]:
        """The backend workers: the children of granian's main process (the child of `serve`)."""
        import psutil

        serve = psutil.Process(self._process.pid)
        return sorted(worker.pid for granian in serve.children() for worker in granian.children())

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def kill(self) -> None:
        """SIGKILL the whole instance at once (a crash, not a shutdown)."""
        os.killpg(self._process.pid, signal.SIGKILL)
        self._process.wait(10)

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        os.killpg(self._process.pid, signal.SIGTERM)
        try:
            self._process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait(10)
