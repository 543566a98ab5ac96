"""schemathesis against the in-process API, as a member and as an admin, every check on.

Bounded for CI: a few examples per operation (SCHEMATHESIS_EXAMPLES raises it locally).
Only one fixture user per role: the examples run against real services and the test database.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from schemathesis.specs.openapi.checks import positive_data_acceptance

from fitapp.api import create_api
from tests.api.conftest import confirmed_member, new_admin

# Every check runs in CI but one, whose findings are known and open (issue 16, item 3):
# - positive_data_acceptance: a body the schema allows is still refused by a rule the schema
#   cannot state (a weak password, a blank reason, an answer that fails its step): the per-step
#   answer schemas would narrow this.
# SCHEMATHESIS_ALL_CHECKS=1 runs it as well.
KNOWN_OPEN = [] if os.environ.get("SCHEMATHESIS_ALL_CHECKS") else [positive_data_acceptance]
pytestmark = [pytest.mark.usefixtures("app_database")]

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_api())


def _headers(role: str, cache: dict) -> dict[str, str]:
    if role not in cache:
        cache[role] = (confirmed_member() if role == "member" else new_admin()).headers
    return cache[role]


_CACHE: dict = {}


@pytest.mark.parametrize("role", ["member", "admin"])
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, role):
    case.call_and_validate(headers=_headers(role, _CACHE), excluded_checks=KNOWN_OPEN)
