"""schemathesis against the in-process API, as a member and as an admin, every check on.

Bounded for CI: a few examples per operation (SCHEMATHESIS_EXAMPLES raises it locally).
Only one fixture user per role: the examples run against real services and the test database.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from fitapp.api import create_api
from tests.api.conftest import confirmed_member, new_admin

# Every check runs on every operation, positive_data_acceptance ("a body the schema allows is
# accepted") too, except on these operations, each refusing schema-valid requests by a rule that
# JSON Schema cannot state (the per-step answer schemas state every field's type, range, choices
# and caps; what they cannot is listed in each StepNAnswer's description, from domain/answer_fields.py):
POSITIVE_DATA_EXCLUDED = {
    # A weak or common password (zxcvbn, NIST SP 800-63B) and the e-mail rules of email-validator
    # (a domain with a dot, no reserved names) are the sign-up rule's, not a schema's.
    "POST /api/v1/auth/sign-up",
    # An answer is checked against the earlier answers (a target weight against step 0's weight and
    # the goal, a workout against step 4's longest, meals against step 7's count, step 11 against
    # all), against reference data (equipment slugs) and across its own fields (a reminder window,
    # "other" diet text, an age from the birth date); and a step written 3.0 is refused (a strict
    # JSON integer, issue 16), which JSON Schema's integer type includes.
    "POST /api/v1/onboarding/step",
    # The same answer rules, plus: a topic changes only its own steps, on the current base version.
    "PATCH /api/v1/users/{user_id}/profile",
    # The step must be a JSON integer: 3.0 is refused (issue 16), but is an integer to JSON Schema.
    "POST /api/v1/onboarding/interpret",
    # `after` is a cursor the server issued (next_cursor), not any text.
    "GET /api/v1/admin/onboarding/incomplete",
    # Who asks decides what is required: the user's own password, or an admin's reason.
    "DELETE /api/v1/users/{user_id}",
}
# The coverage phase sends every boundary of every field: for the two answer operations that is
# about 1,100 requests each, past a CI budget. Their fields' boundaries are checked against the
# domain in-process instead (tests/api/test_answer_schemas.py), and fuzzing still runs on them.
COVERAGE_EXCLUDED = ("POST /api/v1/onboarding/step", "PATCH /api/v1/users/{user_id}/profile")


def _names(labels) -> str:
    return "[" + ", ".join(f'"{label}"' for label in sorted(labels)) + "]"


CONFIG = "" if os.environ.get("SCHEMATHESIS_ALL_CHECKS") else f"""
[[operations]]
include-name = {_names(POSITIVE_DATA_EXCLUDED)}
checks.positive_data_acceptance.enabled = false
"""
if not os.environ.get("SCHEMATHESIS_FULL_COVERAGE"):
    CONFIG += f"""
[[operations]]
include-name = {_names(COVERAGE_EXCLUDED)}
phases.coverage.enabled = false
"""
pytestmark = [pytest.mark.usefixtures("app_database")]

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_api(),
                                        config=SchemathesisConfig.from_str(CONFIG))


def _headers(role: str, cache: dict) -> dict[str, str]:
    if role not in cache:
        cache[role] = (confirmed_member() if role == "member" else new_admin()).headers
    return cache[role]


_CACHE: dict = {}


@pytest.mark.parametrize("role", ["member", "admin"])
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, role):
    case.call_and_validate(headers=_headers(role, _CACHE))
