"""Admin roles (extension, migration 008): who is an admin, and the operator's grant and revoke.

Being an admin is a row in `user_roles`, written only by the operator command
`python -m fitapp.cli make-admin`. Every admin use case checks the role itself, in the
database, before doing anything (``require_admin``): a page guard in the UI is only a redirect.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlmodel import select

from fitapp.core.db import session_scope
from fitapp.domain import errors
from fitapp.domain.accounts import AccountError, normalize_email
from fitapp.domain.errors import NotFound, Refused
from fitapp.models import User, UserRole
from fitapp.services import audit, profile_views

ADMIN = "admin"


class NotAllowed(errors.NotAllowed):
    """The caller is not an admin (or not signed in): nothing was read or written."""

    def __init__(self, message: str = "Only administrators can do this.") -> None:
        super().__init__(message)


class AdminError(Refused, ValueError):
    """A refused admin request; ``message`` says why, for the admin."""


class UserNotFound(NotFound, AdminError, LookupError):
    pass


# ---------------------------------------------------------------- roles


def is_admin(user_id: uuid.UUID | None) -> bool:
    """True only for an active, not deleted user holding the admin role in the database."""
    with session_scope() as db:
        return profile_views._is_admin(db, user_id)


def require_admin(user_id: uuid.UUID | None) -> None:
    """Raise NotAllowed unless ``user_id`` is an admin (see is_admin)."""
    if not is_admin(user_id):
        raise NotAllowed()


def grant_admin(email: str, *, granted_by: str = "cli") -> uuid.UUID:
    """Give the existing account ``email`` the admin role (idempotent); its user id.

    UserNotFound when there is no such (live) account: nothing is created here.
    """
    try:
        email = normalize_email(email)
    except AccountError as error:
        raise UserNotFound(str(error)) from None
    with session_scope() as db:
        user_id = db.exec(select(User.id).where(User.email == email, User.deleted_at.is_(None))).first()
        if user_id is None:
            raise UserNotFound(f"There is no account with the e-mail {email}.")
        inserted = db.execute(
            pg_insert(UserRole)
            .values(user_id=user_id, role=ADMIN, granted_by=granted_by)
            .on_conflict_do_nothing(index_elements=["user_id"])
            .returning(UserRole.user_id)
        ).first()
        if inserted is not None:
            audit.record(db, user_id=user_id, table_name="user_roles", operation="INSERT", changed_by="system",
                         new_values={"role": ADMIN, "granted_by": granted_by})
        return user_id


def revoke_admin(email: str) -> bool:
    """Take the admin role away from ``email``; False when it had none (or no such account)."""
    try:
        email = normalize_email(email)
    except AccountError:
        return False
    with session_scope() as db:
        user_id = db.exec(select(User.id).where(User.email == email)).first()
        if user_id is None:
            return False
        removed = db.execute(delete(UserRole).where(UserRole.user_id == user_id)).rowcount
        if removed:
            audit.record(db, user_id=user_id, table_name="user_roles", operation="DELETE", changed_by="system",
                         old_values={"role": ADMIN})
        return bool(removed)
