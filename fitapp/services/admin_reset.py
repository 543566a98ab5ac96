"""Resetting a user's onboarding (seed: "Archives current profile", "Admin + user consent")."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, select

from fitapp.core.cache import forget_profiles
from fitapp.core.db import NO_KEY_UPDATE, session_scope, writes_for
from fitapp.domain.diff import changed_fields
from fitapp.domain.reasons import checked_reason
from fitapp.models import OnboardingState, User, UserProfile, UserProfileVersion
from fitapp.services import audit
from fitapp.services.admin_roles import ADMIN, AdminError, UserNotFound, require_admin
from fitapp.services.profile_tables import RESET_ORDER
from fitapp.services.profile_views import RESET_METADATA_KEY
from fitapp.services.snapshot import METADATA_KEYS, build_profile_snapshot, json_value
from fitapp.services.versions import append_version

RESET_REASON_PREFIX = "onboarding reset by admin: "
# What a reset removes, in delete order (children first): the registry's tables but the time
# series; lifestyle_baselines and body_measurements are a history, not the locked configuration.
RESET_TABLES: tuple[tuple[str, type], ...] = tuple((table.section, table.model) for table in RESET_ORDER)


class ResetRefused(AdminError):
    """A reset without a reason or without the user's confirmed consent: nothing was written."""


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
        writes_for(db, user_id)  # the user's next reads (and the admin's) see the reset
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
