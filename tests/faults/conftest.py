"""Fault tests: each breaks something on purpose. What a test stops or freezes, it started itself
(a private PostgreSQL cluster, a `redis-server` child), never the machine's own servers."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)
