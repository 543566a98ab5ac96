"""Rules of the GDPR rights (seed section 11 "GDPR Compliance"): what an export leaves out,
what an erasure replaces, and how long erased and inactive accounts are kept.

Pure Python: the services apply these rules to the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from fitapp.domain.errors import Refused
from fitapp.domain.reasons import MAX_REASON_LENGTH, checked_reason  # noqa: F401 - the cap, importable here too

DELETED_STATUS = "deleted"
# Seed "Data Retention": deleted users are hard-deleted after 90 days; inactive users (no
# login for more than 2 years) get a soft-delete notification.
ERASED_RETENTION = timedelta(days=90)
INACTIVITY_YEARS = 2

EXPORT_FORMAT = "fitapp-personal-data/1"
EXPORT_FILENAME = "fitapp-data.json"

# Who may ask for an erasure; stored as audit_log.changed_by. "operator" is the CLI: whoever
# runs it already holds the database credentials.
USER, ADMIN, OPERATOR = "user", "admin", "operator"
REQUESTERS = (USER, ADMIN, OPERATOR)

DEFAULT_USER_REASON = "deleted by the user"

# Secrets never leave the server, not even to their owner: an export is a file people
# e-mail around, and a hash is of no use to them.
SECRET_COLUMNS: Mapping[str, frozenset[str]] = {
    "user_credentials": frozenset({"password_hash"}),
    "auth_sessions": frozenset({"token_hash"}),
}

# Free text the person typed (or that identifies their device), replaced on erasure; the
# structured rows stay, anonymous, until the hard delete. The seed names
# dietary_preferences.additional_notes and physical_constraints.description as PII; the
# rest is our reading of the models (beyond the seed): every notes/description/reason
# column, the comma-separated food lists (free text, and religious restrictions and
# allergies are special-category data), meal names, the raw onboarding answers, and user
# agents and session ids.
SCRUBBED_COLUMNS: Mapping[str, Mapping[str, Any]] = {
    "dietary_preferences": {
        "additional_notes": None,
        "diet_type_other": None,
        "allergies": None,
        "intolerances": None,
        "dislikes": None,
        "religious_restrictions": None,
        "preferred_cuisines": None,
    },
    "physical_constraints": {"description": None},
    "fitness_goals": {"user_explanation": None},
    "lifestyle_baselines": {"sleep_quality_notes": None},
    "meal_plans": {"plan_rationale": None, "recalculation_reason": None},
    "meal_schedules": {"meal_name": None},
    "user_profiles": {"modification_reason": None},
    "onboarding_states": {"step_data": {}, "session_id": None, "user_agent": None},
    "onboarding_step_events": {"details": None, "session_id": None},
    "auth_sessions": {"user_agent": None},
    "audit_log": {"user_agent": None, "ip_address": None},
}
# What an erased user's earlier audit values become (beyond the seed: they held the e-mail
# and every old and new answer). The trail keeps when, what table and who; not the content.
ERASED_AUDIT_VALUES: Mapping[str, Any] = {"erased": True}


class ErasureRefused(Refused):
    """An erasure request that is incomplete or malformed: nothing was read or written."""


def anonymized_email(user_id: uuid.UUID) -> str:
    """Seed: email = 'deleted_' || id || '@anonymized.local' (passes the valid_email CHECK)."""
    return f"deleted_{user_id}@anonymized.local"


def anonymized_external_auth_id(user_id: uuid.UUID) -> str:
    """Seed: external_auth_id = 'deleted_' || id (unique, because the id is)."""
    return f"deleted_{user_id}"


def erasure_reason(reason: str | None, requested_by: str) -> str:
    """The reason recorded in the audit log, whitespace collapsed.

    People leaving owe nobody a reason, so theirs is optional; an admin or operator erasing
    someone else's account must say why.
    """
    if requested_by not in REQUESTERS:
        raise ErasureRefused(f"Unknown requester {requested_by!r}.")
    missing = None if requested_by == USER else "Give a reason for erasing this account; it is kept in the audit log."
    return checked_reason(reason, missing=missing, refuse=ErasureRefused) or DEFAULT_USER_REASON


def erased_before(now: datetime, older_than: timedelta) -> datetime:
    """The cut-off of the hard delete: accounts erased before it are purged."""
    if older_than < timedelta(0):
        raise ValueError("The retention period cannot be negative.")
    return now - older_than


def years_before(moment: datetime, years: int) -> datetime:
    """The same calendar date ``years`` earlier (29 February becomes 28 February)."""
    if years < 0:
        raise ValueError("The number of years cannot be negative.")
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)
