"""Audit rows (seed section 11): written inside the caller's transaction, never on their own."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from fitapp.models import AuditLog

# (table, operation, old_values, new_values) of one audit row
AuditEntry = tuple[str, str, Any, Any]


def record(
    session: Session,
    *,
    user_id: uuid.UUID,
    table_name: str,
    operation: str,
    changed_by: str,
    old_values: dict[str, Any] | None = None,
    new_values: dict[str, Any] | None = None,
    user_agent: str | None = None,
    ip_address: str | None = None,
) -> None:
    session.add(
        AuditLog(
            user_id=user_id,
            table_name=table_name,
            operation=operation,
            changed_by=changed_by,
            old_values=old_values,
            new_values=new_values,
            user_agent=user_agent,
            ip_address=ip_address,
        )
    )


def record_all(
    session: Session,
    entries: Iterable[AuditEntry],
    *,
    user_id: uuid.UUID,
    changed_by: str,
    user_agent: str | None = None,
) -> None:
    """One audit row per (table, operation, old, new) entry of one change, values in their
    JSON (snapshot) form; flushed with the caller's transaction."""
    from fitapp.services.snapshot import json_value  # snapshot imports the models; keep this module light

    for table, operation, old, new in entries:
        record(
            session,
            user_id=user_id,
            table_name=table,
            operation=operation,
            changed_by=changed_by,
            old_values=json_value(old),
            new_values=json_value(new),
            user_agent=user_agent,
        )
    session.flush()
