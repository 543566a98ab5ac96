"""The version chain of a profile: one rule for every writer (confirm, change, reset, demo data)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session

from fitapp.models import UserProfileVersion


def append_version(
    db: Session,
    *,
    user_id: uuid.UUID,
    previous: UserProfileVersion | None,
    version: int,
    snapshot: Mapping[str, Any],
    changed_fields: list[str],
    change_reason: str,
    changed_by: str,
    at: datetime,
    closed: bool = False,
    created_at: datetime | None = None,
) -> UserProfileVersion:
    """Close the open version at `at` and append the next one, valid from `at`.

    The new version ends the previous one at the same instant, so the chain has no gap and at
    most one open version (`closed` archives: valid from and until `at`). The database trigger
    allows exactly that one update of the previous row.
    """
    if previous is not None and previous.valid_until is None:
        previous.valid_until = at
    row = UserProfileVersion(
        user_id=user_id,
        version=version,
        profile_snapshot=dict(snapshot),
        changed_fields=list(changed_fields),
        change_reason=change_reason,
        changed_by=changed_by,
        valid_from=at,
        valid_until=at if closed else None,
        created_at=created_at,
    )
    db.add(row)
    db.flush()  # the id is needed by a profile pointing at its previous version
    return row
