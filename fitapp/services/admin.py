"""Admin use cases (seed section 10 "Bulk/Admin Endpoints"): roles, incomplete onboardings,
a user's detail, resetting an onboarding, and the funnel reports.

Being an admin is a row in `user_roles` (extension, migration 008), written only by the
operator command `python -m fitapp.cli make-admin`. Every function here that shows or changes
other people's data takes the acting ``admin_id`` first and checks the role itself, in the
database, before doing anything: a page guard in the UI is only a redirect.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Select, delete, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlmodel import Session, select

from fitapp.core.cache import forget_profiles
from fitapp.core.db import NO_KEY_UPDATE, session_scope
from fitapp.domain import REVIEW_STEP
from fitapp.domain.accounts import AccountError, normalize_email
from fitapp.domain.diff import changed_fields
from fitapp.domain import errors
from fitapp.domain.errors import NotFound, Refused
from fitapp.domain.reasons import checked_reason
from fitapp.models import OnboardingState, User, UserProfile, UserProfileVersion, UserRole
from fitapp.services import analytics, audit, profile_views
from fitapp.services.profile_views import (  # noqa: F401 - the user detail's types, importable here too
    AUDIT_LIMIT,
    RESET_METADATA_KEY,
    AuditRow,
    OnboardingDetail,
    UserDetail,
    VersionRow,
)
from fitapp.services.profile_tables import RESET_ORDER
from fitapp.services.snapshot import METADATA_KEYS, build_profile_snapshot, json_value
from fitapp.services.versions import append_version

ADMIN = "admin"
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
RESET_REASON_PREFIX = "onboarding reset by admin: "
# What a reset removes, in delete order (children first): the registry's tables but the time
# series; lifestyle_baselines and body_measurements are a history, not the locked configuration.
RESET_TABLES: tuple[tuple[str, type], ...] = tuple((table.section, table.model) for table in RESET_ORDER)
CSV_COLUMNS = ("user_id", "email", "current_step", "started_at", "last_activity_at", "device_type")


# ---------------------------------------------------------------- errors


class NotAllowed(errors.NotAllowed):
    """The caller is not an admin (or not signed in): nothing was read or written."""

    def __init__(self, message: str = "Only administrators can do this.") -> None:
        super().__init__(message)


class AdminError(Refused, ValueError):
    """A refused admin request; ``message`` says why, for the admin."""


class UserNotFound(NotFound, AdminError, LookupError):
    pass


class ResetRefused(AdminError):
    """A reset without a reason or without the user's confirmed consent: nothing was written."""


class InvalidQuery(AdminError):
    """A page, page size or filter out of range."""


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


# ---------------------------------------------------------------- incomplete onboardings


@dataclass(frozen=True)
class IncompleteFilter:
    """Which unfinished onboardings to list, and in which order.

    ``inactive_days``: only users whose last activity is more than that many days ago.
    ``email_contains``: a case-insensitive part of the e-mail address.
    Ties are broken by user id, so pages never overlap.
    """

    step: int | None = None
    inactive_days: int | None = None
    sort: Literal["last_activity", "started"] = "last_activity"
    descending: bool = True
    email_contains: str | None = None


@dataclass(frozen=True)
class IncompleteRow:
    user_id: uuid.UUID
    email: str
    current_step: int
    started_at: datetime | None
    last_activity_at: datetime | None
    device_type: str | None


@dataclass(frozen=True)
class Page:
    rows: list[IncompleteRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _incomplete_query(flt: IncompleteFilter, now: datetime) -> Select:
    """Unfinished onboardings of live users (the seed's partial indexes on completed_at IS NULL)."""
    if flt.step is not None and not 0 <= flt.step <= REVIEW_STEP:
        raise InvalidQuery(f"The step must be between 0 and {REVIEW_STEP}.")
    if flt.inactive_days is not None and flt.inactive_days < 0:
        raise InvalidQuery("The number of inactive days cannot be negative.")
    if flt.sort not in ("last_activity", "started"):
        raise InvalidQuery("Sort by last activity or by start date.")
    state = OnboardingState.__table__.c
    user = User.__table__.c
    query = (
        select(state.user_id, user.email, state.current_step, state.started_at, state.last_activity_at,
               state.device_type)
        .join_from(OnboardingState.__table__, User.__table__, user.id == state.user_id)
        .where(state.completed_at.is_(None), user.deleted_at.is_(None))
    )
    if flt.step is not None:
        query = query.where(state.current_step == flt.step)
    if flt.inactive_days is not None:
        query = query.where(state.last_activity_at < now - timedelta(days=flt.inactive_days))
    if flt.email_contains and flt.email_contains.strip():
        pattern = flt.email_contains.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(user.email.ilike(f"%{pattern}%", escape="\\"))
    return query


def _ordered(query: Select, flt: IncompleteFilter) -> Select:
    state = OnboardingState.__table__.c
    column = state.last_activity_at if flt.sort == "last_activity" else state.started_at
    # PostgreSQL's default NULL placement (first when descending), so the partial indexes on
    # last_activity_at / started_at can deliver the order; user_id makes it total.
    if flt.descending:
        return query.order_by(column.desc(), state.user_id.desc())
    return query.order_by(column.asc(), state.user_id.asc())


def _row(row: Any) -> IncompleteRow:
    return IncompleteRow(
        row.user_id, row.email, row.current_step, row.started_at, row.last_activity_at, row.device_type
    )


def list_incomplete(
    admin_id: uuid.UUID, flt: IncompleteFilter, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE
) -> Page:
    """One page (1-based) of unfinished onboardings, with the total count of the filter."""
    require_admin(admin_id)
    if page < 1:
        raise InvalidQuery("Pages are numbered from 1.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidQuery(f"Choose a page size between 1 and {MAX_PAGE_SIZE}.")
    query = _incomplete_query(flt, datetime.now(UTC))
    with analytics.read_only() as conn:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = conn.execute(_ordered(query, flt).limit(page_size).offset((page - 1) * page_size)).all()
    return Page([_row(row) for row in rows], total, page, page_size)


def _csv_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_lines(rows: Iterator[Any]) -> Iterator[list[Any]]:
    yield list(CSV_COLUMNS)
    for row in rows:
        yield [
            str(row.user_id),
            _csv_cell(row.email),
            row.current_step,
            json_value(row.started_at) if row.started_at else "",
            json_value(row.last_activity_at) if row.last_activity_at else "",
            _csv_cell(row.device_type or ""),
        ]


def incomplete_csv(admin_id: uuid.UUID, flt: IncompleteFilter) -> str:
    """Every row of the filter (not just one page) as CSV text with a header row; times ISO UTC."""
    require_admin(admin_id)
    query = _ordered(_incomplete_query(flt, datetime.now(UTC)), flt)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    with analytics.read_only() as conn:
        writer.writerows(_csv_lines(iter(conn.execute(query))))
    return buffer.getvalue()


# ---------------------------------------------------------------- user detail


def find_user(admin_id: uuid.UUID, email: str) -> uuid.UUID | None:
    """The account with exactly this e-mail (any case), finished onboarding or not."""
    require_admin(admin_id)
    try:
        wanted = normalize_email(email)
    except AccountError:
        return None
    with session_scope() as db:
        return db.exec(select(User.id).where(User.email == wanted)).first()


def user_detail(admin_id: uuid.UUID, user_id: uuid.UUID) -> UserDetail | None:
    """Onboarding state with answers, current profile, version history and audit trail; None
    for an unknown user (``profile_views.user_detail``, after the role check)."""
    require_admin(admin_id)
    return profile_views.user_detail(user_id)


# ---------------------------------------------------------------- reset


@dataclass(frozen=True)
class ResetResult:
    user_id: uuid.UUID
    archived_version: int | None  # the version that archives the profile; None if there was none
    deleted_rows: dict[str, int]  # table -> rows removed
    reset_at: datetime


def _reset_reason(reason: str | None) -> str:
    return checked_reason(
        reason, missing="Give a reason for the reset; it is stored with the archived profile and in the audit log.",
        refuse=ResetRefused,
    )


def reset_onboarding(
    admin_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    reason: str,
    consent_confirmed: bool,
    user_agent: str | None = None,
) -> ResetResult:
    """Send a user back to step 0 (seed: "Archives current profile", "Admin + user consent").

    Refused, with nothing written, without a reason or without ``consent_confirmed`` (the
    admin confirms the user agreed). In one transaction: the current profile is archived as
    a new version (changed_by 'admin') and the version in force is closed; the profile rows
    are deleted (lifestyle and body measurements are kept as history); the onboarding starts
    over; the user is marked not onboarded, with the consent confirmation in users.metadata;
    and every table touched gets an audit row. A later confirm continues the version numbers.
    """
    require_admin(admin_id)
    reason = _reset_reason(reason)
    if consent_confirmed is not True:
        raise ResetRefused("Confirm that the user agreed to the reset before resetting their onboarding.")
    with session_scope() as db:
        # Lock order as in confirm (onboarding_states, then users) and change (profile, then users);
        # FOR NO KEY UPDATE on users, like them: it leaves the key-share lock every member unit of
        # work holds on that row (member_scope) alone, so neither waits for the other in a cycle.
        state = db.exec(
            select(OnboardingState).where(OnboardingState.user_id == user_id).with_for_update()
            .execution_options(populate_existing=True)
        ).first()
        profile = db.exec(
            select(UserProfile).where(UserProfile.user_id == user_id).with_for_update()
            .execution_options(populate_existing=True)
        ).first()
        user = db.get(User, user_id, with_for_update=NO_KEY_UPDATE, populate_existing=True)
        if user is None or user.deleted_at is not None:
            raise UserNotFound("There is no such user.")
        now = datetime.now(UTC)
        entries: list[tuple[str, str, Any, Any]] = []
        snapshot = build_profile_snapshot(db, user_id)
        archived = _archive(db, user_id, snapshot, reason, now, entries) if profile is not None else None
        deleted = _delete_profile_rows(db, user_id, snapshot, entries)
        entries.append(_restart_onboarding(db, state, user_id, now))
        entries.append(_reset_user(user, admin_id, reason, now))
        audit.record_all(db, entries, user_id=user_id, changed_by=ADMIN, user_agent=user_agent)
    forget_profiles(user_id)
    return ResetResult(user_id, archived, deleted, now)


def _archive(
    db: Session, user_id: uuid.UUID, snapshot: Mapping[str, Any], reason: str, now: datetime, entries: list
) -> int:
    """Close the version in force and add the archive version (version = max + 1).

    The archive is closed as it is written (valid_from = valid_until = the reset time): after
    a reset no profile is in force until the user confirms again. Versions are immutable
    (migration 007): the only update is setting the previous version's valid_until once.
    """
    latest = db.exec(
        select(UserProfileVersion).where(UserProfileVersion.user_id == user_id)
        .order_by(UserProfileVersion.version.desc()).limit(1)
    ).first()
    version = (latest.version + 1) if latest is not None else 1
    at = max(now, latest.valid_from) if latest is not None else now
    if latest is not None and latest.valid_until is None:
        entries.append(("user_profile_versions", "UPDATE", {"version": latest.version, "valid_until": None},
                        {"version": latest.version, "valid_until": at}))
    fields = changed_fields(json_value(latest.profile_snapshot), snapshot) if latest is not None else list(snapshot)
    change_reason = RESET_REASON_PREFIX + reason
    append_version(db, user_id=user_id, previous=latest, version=version, snapshot=snapshot, changed_fields=fields,
                   change_reason=change_reason, changed_by=ADMIN, at=at, closed=True)
    entries.append(("user_profile_versions", "INSERT", None,
                    {"version": version, "change_reason": change_reason, "changed_fields": fields}))
    return version


def _delete_profile_rows(
    db: Session, user_id: uuid.UUID, snapshot: Mapping[str, Any], entries: list
) -> dict[str, int]:
    deleted: dict[str, int] = {}
    for table, model in RESET_TABLES:
        count = db.execute(delete(model).where(model.user_id == user_id)).rowcount
        deleted[table] = count
        if count:
            section = snapshot.get(table)
            old = {"count": len(section), "rows": section} if isinstance(section, list) else section
            entries.append((table, "DELETE", old, None))
    return deleted


def _restart_onboarding(db: Session, state: OnboardingState | None, user_id: uuid.UUID, now: datetime) -> tuple:
    fresh = {"current_step": 0, "completed_steps": [], "step_data": {}, "completed_at": None,
             "started_at": now, "last_activity_at": now}
    if state is None:
        db.add(OnboardingState(user_id=user_id, **fresh))
        return ("onboarding_states", "INSERT", None, fresh)
    old = {key: getattr(state, key) for key in fresh}
    for key, value in fresh.items():
        setattr(state, key, value)
    state.updated_at = now
    return ("onboarding_states", "UPDATE", old, fresh)


def _reset_user(user: User, admin_id: uuid.UUID, reason: str, now: datetime) -> tuple:
    """Not onboarded; the profile keys of users.metadata go (they are in the archive and
    step 0 asks them again, consent included); the admin's consent confirmation is kept."""
    metadata = dict(user.metadata_ or {})
    removed = {key: metadata.pop(key) for key in METADATA_KEYS if key in metadata}
    confirmation = {"admin_id": str(admin_id), "at": json_value(now), "reason": reason}
    metadata[RESET_METADATA_KEY] = confirmation
    old = {"onboarding_completed": user.onboarding_completed, "onboarding_completed_at": user.onboarding_completed_at,
           "metadata": removed}
    user.metadata_ = metadata
    user.onboarding_completed, user.onboarding_completed_at, user.updated_at = False, None, now
    new = {"onboarding_completed": False, "onboarding_completed_at": None,
           "metadata": {RESET_METADATA_KEY: confirmation}}
    return ("users", "UPDATE", old, new)


# ---------------------------------------------------------------- reports


def funnel(
    admin_id: uuid.UUID, start: date, end: date, flow_version: str | None = None, *, as_of: date | None = None
) -> analytics.FunnelReport:
    """The funnel page: summary, Appendix A per day, per-step funnel, trailing 7-day rate."""
    require_admin(admin_id)
    return analytics.funnel_report(start, end, flow_version, as_of=as_of)


def data_quality(admin_id: uuid.UUID, start: date | None = None, end: date | None = None) -> analytics.DataQuality:
    """NULL shares of optional columns, rejected answers per step, version churn per week."""
    require_admin(admin_id)
    return analytics.data_quality(start, end)


def flow_versions(admin_id: uuid.UUID) -> list[str]:
    require_admin(admin_id)
    return analytics.flow_versions()
