"""GDPR rights (seed section 11): access (export), erasure by anonymization, and retention.

- ``export_user_data``: every row the user owns, in every table, without secrets.
- ``erase_user``: the seed's anonymization of ``users`` plus, beyond the seed, the removal of
  credentials, sessions, roles and free text (``domain.privacy.SCRUBBED_COLUMNS``), in one
  transaction with an audit row.
- ``purge_erased_users``: the hard delete 90 days after erasure (rows cascade from users).
- ``inactive_users``: the accounts the seed's "soft delete notification" is for. Sending the
  notification is not built: there is no mail service yet.

These run in ``session_scope`` (the owning role), not ``member_scope``: the export and the
erasure must reach credentials, sessions, sign-in attempts and roles, which the member role
of migration 009 cannot, and purge and inactivity span users. Every query names its user.
"""

from __future__ import annotations

import ipaddress
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, delete, select, text, update
from sqlmodel import Session

from fitapp.core.cache import forget_profiles
from fitapp.core.db import session_scope
from fitapp.domain.accounts import AccountError, normalize_email
from fitapp.domain.errors import Conflict, NotAllowed, NotFound, UserFacingError
from fitapp.domain.privacy import (
    ADMIN,
    DELETED_STATUS,
    ERASED_AUDIT_VALUES,
    ERASED_RETENTION,
    EXPORT_FORMAT,
    INACTIVITY_YEARS,
    SCRUBBED_COLUMNS,
    SECRET_COLUMNS,
    USER,
    ErasureRefused,
    anonymized_email,
    anonymized_external_auth_id,
    erased_before,
    erasure_reason,
    years_before,
)
from fitapp.models import (
    AuditLog,
    AuthSession,
    OnboardingState,
    SignInAttempt,
    User,
    UserCredential,
    UserProfile,
    UserRole,
    metadata,
)
from fitapp.services import admin, audit, auth
from fitapp.services.snapshot import json_value


class PrivacyError(UserFacingError):
    """A refused privacy request; ``message`` says why. Nothing was written."""


class AccountNotFound(NotFound, PrivacyError, LookupError):
    pass


class AlreadyErased(Conflict, PrivacyError):
    """Erasure is refused, not repeated: the first one already removed everything it could."""


class WrongPassword(NotAllowed, PrivacyError):
    pass


def _now() -> datetime:
    return datetime.now(UTC)


def account_id_for_email(email: str) -> uuid.UUID | None:
    """The live (not erased) account with this e-mail, any case; None when there is none."""
    try:
        email = normalize_email(email)
    except AccountError:
        return None
    with session_scope() as db:
        return db.execute(select(User.id).where(User.email == email, User.deleted_at.is_(None))).scalar()


# ---------------------------------------------------------------- right to access


def owned_tables() -> list[Table]:
    """Every table with a user_id column, found in the models so a new table is never missed."""
    return sorted((t for t in metadata.tables.values() if "user_id" in t.c), key=lambda t: t.name)


def _export_value(value: Any) -> Any:
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return str(value)
    return json_value(value)


def _export_rows(db: Session, table: Table, where: Any) -> list[dict[str, Any]]:
    hidden = SECRET_COLUMNS.get(table.name, frozenset())
    columns = [column for column in table.c if column.name not in hidden]
    order = [table.c[name] for name in ("created_at", "occurred_at", "attempted_at", "recorded_at") if name in table.c]
    query = select(*columns).where(where).order_by(*order, *table.primary_key.columns)
    return [{key: _export_value(value) for key, value in row.items()} for row in db.execute(query).mappings()]


def export_user_data(user_id: uuid.UUID, *, now: datetime | None = None) -> dict[str, Any]:
    """Right to access: every row of the user, table by table, as JSON-ready data.

    The seed's "SELECT * FROM users ... UNION ALL ... (all related tables)": users by id,
    every table with a user_id column (audit_log included), and the sign-in attempts made
    with the user's e-mail. Password and session-token hashes are left out, and so is the
    device of whoever else (an admin) wrote an audit row about them. Read in one
    REPEATABLE READ transaction, so the tables agree with each other.
    """
    with session_scope() as db:
        db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        users = User.__table__
        tables = {"users": _export_rows(db, users, users.c.id == user_id)}
        if not tables["users"]:
            raise AccountNotFound("There is no such user.")
        for table in owned_tables():
            tables[table.name] = _export_rows(db, table, table.c.user_id == user_id)
        for row in tables.get("audit_log", []):
            if row.get("changed_by") != USER:  # an admin's or the system's device is theirs, not the user's
                row["user_agent"] = row["ip_address"] = None
        attempts = SignInAttempt.__table__
        tables[attempts.name] = _export_rows(db, attempts, attempts.c.email == tables["users"][0]["email"])
    return {
        "format": EXPORT_FORMAT,
        "exported_at": json_value(now or _now()),
        "user_id": str(user_id),
        "tables": dict(sorted(tables.items())),
    }


# ---------------------------------------------------------------- right to erasure


@dataclass(frozen=True)
class ErasureResult:
    user_id: uuid.UUID
    erased_at: datetime
    sessions_revoked: int
    scrubbed_rows: dict[str, int]  # table -> rows whose free text was replaced


def erase_user(
    user_id: uuid.UUID,
    *,
    requested_by: str,
    reason: str | None = None,
    password: str | None = None,
    admin_id: uuid.UUID | None = None,
    user_agent: str | None = None,
    client_ip: str | None = None,
    now: datetime | None = None,
) -> ErasureResult:
    """Right to erasure by anonymization (seed section 11), in one transaction.

    ``requested_by`` is "user" (the person themself: ``password`` is re-checked, and wrong
    guesses count towards the sign-in throttle), "admin" (``admin_id``'s role is checked in
    the database) or "operator" (the CLI). The user row gets the seed's anonymous e-mail and
    external id, status 'deleted', deleted_at and empty metadata; the credentials, roles and
    the sign-in attempts with the old e-mail are deleted, every session is revoked, the free
    text of the current rows is replaced and the user's earlier audit values are blanked; an
    audit row records the erasure (reason, requester; never the old e-mail). The profile
    cache entry goes after the commit. The old e-mail is free to sign up again.

    Kept until the hard delete (``purge_erased_users``): the anonymous structured rows and
    the profile versions, whose snapshots a trigger makes immutable (migration 007) and
    which therefore still hold the old answers; only deleting the user removes them.

    A second erasure is refused (AlreadyErased) rather than repeated, so the audit log
    shows one erasure per account. Refusals (ErasureRefused, WrongPassword, NotAllowed,
    AccountNotFound, AlreadyErased) write nothing but a failed password attempt.
    """
    if requested_by == ADMIN:  # first: a member is told "not allowed", never what the form lacks
        admin.require_admin(admin_id)
    reason = erasure_reason(reason, requested_by)
    if requested_by == USER and not password:
        raise ErasureRefused("Enter your password to delete your account.")
    now = now or _now()
    with session_scope() as db:
        user = _lock_for_erasure(db, user_id)
        if requested_by == USER and not auth.password_confirmed(db, user, password or "", client_ip=client_ip):
            result = None  # the failed attempt is committed, so it counts towards the throttle
        else:
            result = _erase(db, user, requested_by=requested_by, reason=reason, admin_id=admin_id,
                            user_agent=None if requested_by == USER else user_agent, now=now)
    if result is None:
        raise WrongPassword("That password is not right. Nothing was deleted.")
    forget_profiles(user_id)
    return result


def _lock_for_erasure(db: Session, user_id: uuid.UUID) -> User:
    # The users row first, FOR UPDATE: the one lock that conflicts with the key-share lock every
    # member unit of work takes on entry (member_scope). Work under way finishes first; work that
    # starts later waits, then finds the account closed. Then onboarding_states, user_profiles.
    user = db.get(User, user_id, with_for_update=True, populate_existing=True)
    for model in (OnboardingState, UserProfile):
        db.execute(select(model.id).where(model.user_id == user_id).with_for_update()).all()
    if user is None:
        raise AccountNotFound("There is no such user.")
    if user.deleted_at is not None or user.account_status == DELETED_STATUS:
        raise AlreadyErased("This account has already been erased.")
    return user


def _erase(
    db: Session, user: User, *, requested_by: str, reason: str, admin_id: uuid.UUID | None,
    user_agent: str | None, now: datetime,
) -> ErasureResult:
    user_id, old_email, old_status = user.id, user.email, user.account_status
    db.execute(delete(UserCredential).where(UserCredential.user_id == user_id))
    db.execute(delete(UserRole).where(UserRole.user_id == user_id))
    db.execute(delete(SignInAttempt).where(SignInAttempt.email == old_email))
    revoked = db.execute(
        update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)).values(revoked_at=now)
    ).rowcount
    scrubbed = _scrub_free_text(db, user_id)
    user.email, user.external_auth_id = anonymized_email(user_id), anonymized_external_auth_id(user_id)
    user.account_status, user.deleted_at, user.metadata_, user.updated_at = DELETED_STATUS, now, {}, now
    audit.record(
        db, user_id=user_id, table_name="users", operation="UPDATE", changed_by=requested_by,
        old_values={"account_status": old_status},
        new_values=json_value({
            "account_status": DELETED_STATUS, "deleted_at": now, "erasure_reason": reason,
            "requested_by": requested_by, "admin_id": str(admin_id) if admin_id else None,
            "sessions_revoked": revoked, "scrubbed_rows": scrubbed,
        }),
        user_agent=user_agent,
    )
    db.flush()
    return ErasureResult(user_id, now, revoked, scrubbed)


def _scrub_free_text(db: Session, user_id: uuid.UUID) -> dict[str, int]:
    scrubbed = {}
    for name, replacements in SCRUBBED_COLUMNS.items():
        table = metadata.tables[name]
        scrubbed[name] = db.execute(update(table).where(table.c.user_id == user_id).values(**replacements)).rowcount
    for column in (AuditLog.old_values, AuditLog.new_values):
        db.execute(
            update(AuditLog).where(AuditLog.user_id == user_id, column.is_not(None))
            .values({column.key: dict(ERASED_AUDIT_VALUES)})
        )
    return scrubbed


# ---------------------------------------------------------------- retention


def purge_erased_users(older_than: timedelta = ERASED_RETENTION, *, now: datetime | None = None) -> list[uuid.UUID]:
    """Hard-delete the accounts erased more than ``older_than`` ago; their ids.

    Every user-owned table cascades from users (ON DELETE CASCADE), the immutable profile
    versions included: their trigger lets a delete through once the user row is gone.
    audit_log has no foreign key and keeps the (already blanked) trail, plus one row per
    purge; the erasure's own free-text reason (a person's "why I'm leaving", an admin's
    ticket) goes with the account.
    """
    cutoff = erased_before(now or _now(), older_than)
    users = User.__table__
    with session_scope() as db:
        purged = db.execute(
            delete(users)
            .where(users.c.account_status == DELETED_STATUS, users.c.deleted_at.is_not(None), users.c.deleted_at < cutoff)
            .returning(users.c.id, users.c.deleted_at)
        ).all()
        ids = [user_id for user_id, _ in purged]
        if ids:
            db.execute(text("UPDATE audit_log SET new_values = new_values - 'erasure_reason' "
                            "WHERE user_id = ANY(:ids) AND new_values ? 'erasure_reason'"), {"ids": ids})
        for user_id, deleted_at in purged:
            audit.record(db, user_id=user_id, table_name="users", operation="DELETE", changed_by="system",
                         old_values=json_value({"account_status": DELETED_STATUS, "deleted_at": deleted_at}),
                         new_values={"retention_days": older_than.days})
    forget_profiles(*ids)
    return ids


@dataclass(frozen=True)
class InactiveAccount:
    user_id: uuid.UUID
    email: str
    last_activity_at: datetime


# The latest of: a sign-in (auth_sessions.created_at), a signed-in request
# (auth_sessions.last_seen_at, refreshed at most hourly), an onboarding answer
# (onboarding_states.last_activity_at), or the sign-up for someone who never came back.
# users has no last_login_at column; sessions are never deleted, only revoked or expired.
_INACTIVE_SQL = text(
    """
    SELECT u.id AS user_id, u.email,
           GREATEST(u.created_at, s.last_seen_at, s.last_sign_in_at, o.last_activity_at) AS last_activity_at
    FROM users u
    LEFT JOIN (
        SELECT user_id, max(last_seen_at) AS last_seen_at, max(created_at) AS last_sign_in_at
        FROM auth_sessions GROUP BY user_id
    ) s ON s.user_id = u.id
    LEFT JOIN onboarding_states o ON o.user_id = u.id
    WHERE u.deleted_at IS NULL AND u.account_status <> :deleted
      AND GREATEST(u.created_at, s.last_seen_at, s.last_sign_in_at, o.last_activity_at) < :cutoff
    ORDER BY last_activity_at, u.id
    """
)


def inactive_users(years: int = INACTIVITY_YEARS, *, now: datetime | None = None) -> list[InactiveAccount]:
    """Live accounts without any activity for ``years`` (seed: no login > 2 years), oldest first."""
    cutoff = years_before(now or _now(), years)
    with session_scope() as db:
        rows = db.execute(_INACTIVE_SQL, {"deleted": DELETED_STATUS, "cutoff": cutoff}).all()
    return [InactiveAccount(row.user_id, row.email, row.last_activity_at) for row in rows]

