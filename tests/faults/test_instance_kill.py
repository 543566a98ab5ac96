"""Two instances behind HAProxy (deploy/haproxy.cfg): one is killed mid-onboarding, the user
goes on through the proxy on the other, and nothing is lost."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from fitapp.core.config import PROJECT_ROOT
from tests.support.app_server import AppServer
from tests.support.factories import DEFAULT_PASSWORD, random_email, sign_up_new_user
from tests.support.onboarding import answers_for_today
from tests.support.servers import free_port
from tests.support.waiting import require_tool, wait_until

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"



def _call(url: str, method: str = "GET", body: dict | None = None, token: str | None = None) -> tuple[int, dict | str]:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            raw = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as failed:
        raw, status = failed.read().decode(), failed.code
    except urllib.error.URLError as failed:  # nothing listening (yet)
        return 0, str(failed)
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw


@pytest.fixture
def pair(database_url, redis_url, app_database, tmp_path):
    require_tool(HAPROXY, "Debian's haproxy (scripts/setup --browser installs it)")
    proxy_port = free_port()
    instances = [AppServer(database_url, redis_url, tmp_path / f"app-{name}.log", workers=2, public_port=proxy_port)
                 for name in "ab"]
    for instance in instances:  # one after the other: the first builds, the second finds the build current
        instance.start()
    env = dict(os.environ, FITAPP_PROXY_PORT=str(proxy_port), FITAPP_PORT_A=str(instances[0].port),
               FITAPP_PORT_B=str(instances[1].port))
    proxy = subprocess.Popen([HAPROXY, "-db", "-f", str(PROJECT_ROOT / "deploy" / "haproxy.cfg")], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{proxy_port}"
    wait_until(lambda: _call(url + "/ping")[0] == 200, 20, "the proxy did not come up")
    yield url, instances
    proxy.terminate()
    proxy.wait(10)
    for instance in instances:
        instance.stop()


def test_a_killed_instance_leaves_the_user_going_on_the_other(pair):
    url, (first, second) = pair
    email = random_email("pair")
    sign_up_new_user(email)
    status, signed_in = _call(url + "/api/v1/auth/sign-in", "POST", {"email": email, "password": DEFAULT_PASSWORD})
    assert status == 200, signed_in
    token, user_id = signed_in["token"], signed_in["user_id"]
    answers = answers_for_today()
    for step in (0, 1):
        status, body = _call(url + "/api/v1/onboarding/step", "POST", {"step": step, "answer": answers[step]}, token)
        assert status == 200, body

    first.kill()  # mid-onboarding: every worker of instance A at once

    # Through the proxy, at once: a request sent to the dead instance is redispatched to the live one.
    for step in (2, 3):
        status, body = _call(url + "/api/v1/onboarding/step", "POST", {"step": step, "answer": answers[step]}, token)
        assert status == 200, body
    assert _call(url + "/")[0] == 200
    status, state = _call(url + f"/api/v1/users/{user_id}/onboarding/state", token=token)
    assert status == 200 and state["completed_steps"] == [0, 1, 2, 3], state
    assert second.answers("/ping")
    assert _call(url + "/metrics")[0] == 404  # scraped per instance, never through the public proxy
    assert second.answers("/metrics")
