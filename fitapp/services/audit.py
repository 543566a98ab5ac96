"""Audit rows (seed section 11): written inside the caller's transaction, never on their own."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from fitapp.models import AuditLog


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
