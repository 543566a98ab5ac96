"""Waiting for what a person (or an operator) would see, never for a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
# How often a condition is looked at again: short enough not to lengthen a test, long enough not to
# load the server it asks.
POLL_S = 0.05


def wait_until(condition: Callable[[], T], timeout: float, what: str, details: Callable[[], str] = lambda: "") -> T:
    """The first truthy value of ``condition()``; fails with ``what`` (and ``details()``) after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout} s\n{details()}")
        time.sleep(POLL_S)
    return value


def require_tool(path, install: str) -> None:
    """A fault or drill test needs a real tool; its absence is a failure, not a skip (CI installs it)."""
    import os

    import pytest

    if not os.path.exists(path):
        pytest.fail(f"{path} is missing: {install}", pytrace=False)
