"""A backend worker killed with SIGKILL is replaced; the app keeps serving meanwhile."""

from __future__ import annotations

import os
import signal
import subprocess
import urllib.request

import pytest

from fitapp import routes
from fitapp.core.config import PROJECT_ROOT
from tests.support.app_server import AppServer
from tests.support.waiting import wait_until

RESPAWN_DEADLINE_S = 20


def _checkout_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def app_two_workers(database_url, redis_url, tmp_path):
    before = _checkout_status()
    server = AppServer(database_url, redis_url, tmp_path / "app.log", workers=2)
    server.start()
    yield server
    server.stop()
    # Running the app (Reflex's init and build included) changed nothing git tracks or sees.
    assert _checkout_status() == before


def _wait_for_log(app: AppServer, text: str, timeout: float = 10) -> None:
    wait_until(lambda: text in app.log_path.read_text(errors="replace"), timeout, f"{text!r} not logged",
               app.log_tail)


def test_a_killed_worker_is_respawned_and_the_app_keeps_serving(app_two_workers):
    app = app_two_workers
    before = app.worker_pids()
    assert len(before) == 2, app.log_tail()

    os.kill(before[0], signal.SIGKILL)
    # Granian's main process has seen the exit, so every thread of the worker is gone (a request
    # that the killed worker had already accepted is reset: its user's tab reconnects).
    _wait_for_log(app, "Unexpected exit from worker")

    # The other worker answers at once: the app did not exit with its worker.
    assert app.answers("/ping"), app.log_tail()
    assert app.answers(routes.SIGN_IN), app.log_tail()
    def replaced() -> list[int] | None:
        pids = app.worker_pids()
        return pids if len(pids) == 2 and before[0] not in pids else None

    after = wait_until(replaced, RESPAWN_DEADLINE_S, "no replacement worker", app.log_tail)
    assert before[1] in after  # the survivor was left alone
    assert "Respawning worker" in app.log_tail(200)
    # Every worker serves again: enough requests land on each of them.
    assert all(app.answers("/ping") for _ in range(20))
    assert app.answers("/api/v1/health")

    # /metrics sums every worker's figures, the killed one's and its replacement's included.
    with urllib.request.urlopen(app.url + "/metrics", timeout=10) as response:
        body = response.read().decode()
    pings = sum(float(line.rsplit(" ", 1)[1]) for line in body.splitlines()
                if line.startswith("fitapp_http_request_duration_seconds_count") and 'route="/ping"' in line)
    assert pings >= 21
