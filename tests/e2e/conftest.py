"""End-to-end fixtures: the production build served once per run, and Debian's Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.support.app_server import AppServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def app_server(database_url, redis_url, tmp_path_factory) -> Iterator[AppServer]:
    server = AppServer(database_url, redis_url, tmp_path_factory.mktemp("app") / "reflex.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    return app_server.url


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone-390", "desktop"])
def viewport(request) -> dict:
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, viewport):
    return {**browser_context_args, "viewport": viewport}
