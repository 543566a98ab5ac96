"""Reads of the profile side, in one place (cosmicpython's "views"): the current plan, its
history, one version, the version at an instant, the locked profile document (through the
Redis cache) and the admin's user detail.

Writes live in ``profile_lock`` (confirm), ``profile_changes`` (change, rollback) and the
admin's reset; they return what they wrote, so nothing here is called right after a write.
A member's reads run read-only (``member_read_scope``; the locked profile and the AI context
as one statement each, in one round trip: ``member_read_one``), under row-level security,
taking no lock and no transaction id; the admin's user detail reads
another person's rows and runs in the owner's ``session_scope`` after the role check.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from fitapp.core.cache import get_profile_cache
from fitapp.core.db import get_engine, member_read_one, member_read_scope, session_scope
from fitapp.domain import answers_from_step_data
from fitapp.domain.diff import FieldDiff, diff_snapshots
from fitapp.domain.errors import AccountClosed
from fitapp.domain.lifestyle_trend import TREND_DAYS, lifestyle_trends
from fitapp.models import OnboardingState, User, UserProfile, UserProfileVersion, UserRole
from fitapp.services import profile_documents as documents
from fitapp.services.snapshot import answers_from_snapshot, build_profile_snapshot, json_value

Answers = dict[int, dict[str, Any]]
ADMIN = "admin"
AUDIT_LIMIT = 200
RESET_METADATA_KEY = "reset_consent_confirmed_by_admin"


@dataclass(frozen=True)
class ProfileView:
    """The current locked plan: its version, the answers behind it and its snapshot."""

    version: int
    locked_at: datetime | None
    answers: dict[int, dict[str, Any]]
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class VersionSummary:
    version: int
    valid_from: datetime
    valid_until: datetime | None
    changed_by: str
    change_reason: str | None
    changed_fields: list[str]

    @property
    def is_current(self) -> bool:
        return self.valid_until is None


@dataclass(frozen=True)
class VersionDetail:
    summary: VersionSummary
    snapshot: dict[str, Any]
    previous_snapshot: dict[str, Any] | None
    diff: list[FieldDiff]


# ---------------------------------------------------------------- a member's plan


def current_profile(user_id: uuid.UUID) -> ProfileView | None:
    """The locked plan as it is now; None before the onboarding is confirmed."""
    with member_read_scope(user_id) as db:
        profile = db.exec(select(UserProfile).where(UserProfile.user_id == user_id)).first()
        return None if profile is None else profile_view(db, profile, version_row(db, user_id, profile.version))


_SUMMARY_COLUMNS = "version, valid_from, valid_until, changed_by, change_reason, changed_fields"
# The newest version of the user that had begun at the instant and not yet ended. With
# 10,000 users x 5 versions (analyzed), EXPLAIN ANALYZE shows:
#   Limit -> Sort (version DESC, 1 row) -> Bitmap Heap Scan on user_profile_versions
#     Filter: valid_from <= t AND (valid_until IS NULL OR valid_until > t)  (4 rows removed)
#     -> Bitmap Index Scan on idx_profile_versions_user_id  Index Cond: user_id = u
#   Execution Time: 0.064 ms
# (tests/integration/services/test_profile_changes.py checks the index is used.)
VERSION_AT_SQL = (
    f"SELECT {_SUMMARY_COLUMNS} FROM user_profile_versions "
    "WHERE user_id = :user_id AND valid_from <= :instant AND (valid_until IS NULL OR valid_until > :instant) "
    "ORDER BY version DESC LIMIT 1"
)


def history(user_id: uuid.UUID) -> list[VersionSummary]:
    """Every version of the user's plan, newest first."""
    with member_read_scope(user_id) as db:
        return _history(db, user_id)


def _history(db: Session, user_id: uuid.UUID) -> list[VersionSummary]:
    rows = db.execute(
        text(f"SELECT {_SUMMARY_COLUMNS} FROM user_profile_versions WHERE user_id = :u ORDER BY version DESC"),
        {"u": user_id},
    ).all()
    return [_summary(row) for row in rows]


def version_detail(user_id: uuid.UUID, version: int) -> VersionDetail | None:
    """One version's full snapshot and its diff against the version before it (none for the first)."""
    with member_read_scope(user_id) as db:
        rows = db.execute(
            text(
                f"SELECT {_SUMMARY_COLUMNS}, profile_snapshot FROM user_profile_versions "
                "WHERE user_id = :u AND version <= :v ORDER BY version DESC LIMIT 2"
            ),
            {"u": user_id, "v": version},
        ).all()
    if not rows or rows[0].version != version:
        return None
    snapshot = json_value(rows[0].profile_snapshot)
    previous = json_value(rows[1].profile_snapshot) if len(rows) > 1 else None
    diff = diff_snapshots(previous, snapshot) if previous is not None else []
    return VersionDetail(_summary(rows[0]), snapshot, previous, diff)


def version_at(user_id: uuid.UUID, instant: datetime) -> VersionSummary | None:
    """The version in force at ``instant`` (valid_from <= instant < valid_until), in one query.

    A naive ``instant`` is taken as UTC. Before the first version there is none.
    """
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    with member_read_scope(user_id) as db:
        row = db.execute(text(VERSION_AT_SQL), {"user_id": user_id, "instant": instant}).first()
    return None if row is None else _summary(row)


def _summary(row: Any) -> VersionSummary:
    return VersionSummary(
        version=row.version,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        changed_by=row.changed_by,
        change_reason=row.change_reason,
        changed_fields=list(row.changed_fields or []),
    )


def load_locked_profile(user_id: uuid.UUID) -> dict[str, Any] | None:
    """The confirmed configuration plus ``locked_at`` and ``version``; None before confirm.

    One statement (``profile_documents.LOCKED_PROFILE_SQL``) in a read-only unit: one snapshot, so every section
    comes from the same committed state, and the erasure check is part of it.
    """
    row = _read_document(user_id, documents.LOCKED_PROFILE)
    if row is None:
        return None
    # The answers come from jsonb as plain JSON already (json_value would only re-sort keys).
    return documents.sorted_sections(row, documents.MANY_SECTIONS)


def context(user_id: uuid.UUID) -> dict[str, Any] | None:
    """Seed Appendix A's "complete user context for AI agents" in one statement
    (``profile_documents.CONTEXT_SQL``); None before confirm. The same document as ``agent_context`` makes from
    the locked profile (the integration tests compare them)."""
    row = _read_document(user_id, documents.CONTEXT)
    if row is None:
        return None
    found = {"user_id": user_id, **documents.sorted_sections(row, ("fitness_goals", "constraints", "meal_schedule"))}
    recent = [{**check_in, "recorded_at": datetime.fromisoformat(check_in["recorded_at"])}
              for check_in in found.pop(documents.RECENT_KEY) or []]
    found["lifestyle_trend"] = {"days": TREND_DAYS, "check_ins": len(recent), **lifestyle_trends(recent)}
    return found


def _read_document(user_id: uuid.UUID, sql: str) -> dict[str, Any] | None:
    """One round trip (``member_read_one``): the read-only entry and the statement."""
    found = member_read_one(user_id, sql, {"user_id": user_id})
    account_open, document = found if found is not None else (False, None)
    if not account_open:  # erased in the same snapshot as the data
        raise AccountClosed()
    return document


def document_answers(user_id: uuid.UUID, document: Mapping[str, Any]) -> Answers:
    """The answers behind a locked profile document; for a profile confirmed before snapshots
    carried them, the confirmed onboarding answers (the one fallback, ``version_answers``)."""
    answers = answers_from_snapshot(document)
    if answers is not None:
        return answers
    current = current_profile(user_id)
    return current.answers if current is not None else {}


def profile_document(snapshot: Mapping[str, Any], locked_at: datetime | None, version: int) -> dict[str, Any]:
    """The locked profile as the API and the cache hold it: the snapshot, when it was locked, its version."""
    return {**snapshot, "locked_at": json_value(locked_at), "version": version}


_LOCKED_VERSION = text(
    "SELECT p.version FROM user_profiles p JOIN users u ON u.id = p.user_id "
    "WHERE p.user_id = :user_id AND u.deleted_at IS NULL"
)


def locked_version(user_id: uuid.UUID) -> int | None:
    """The current profile version (None before confirm or after erasure): is a cached copy current?

    It guards every cache hit, so it must cost far less than the snapshot the cache spares: one
    autocommit round trip by primary key, as the connecting role (a version number is no private
    data, and there is no transaction to confine), instead of a member unit of work.
    """
    with get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        return conn.execute(_LOCKED_VERSION, {"user_id": user_id}).scalar()


def locked_profile(user_id: uuid.UUID) -> dict[str, Any] | None:
    """The confirmed configuration with ``version`` and ``locked_at``; None before confirm."""
    cache = get_profile_cache()
    key = str(user_id)
    if cache is not None and (cached := cache.get(key)) is not None:
        # An invalidation can fail outright (Redis refusing writes while a change commits): a hit
        # is served only while its version is still PostgreSQL's (one lookup by primary key).
        if cached.get("version") == locked_version(user_id):
            return cached
        cache.invalidate(key)
    document = load_locked_profile(user_id)
    if document is None or cache is None:
        return document
    cache.put(key, document)
    # Changed or erased while this read was under way (None after erasure): its document must
    # not stay. The same one-round-trip lookup that guards a hit.
    if locked_version(user_id) != document["version"]:
        cache.invalidate(key)
    return document


def agent_context(user_id: uuid.UUID, profile: dict[str, Any]) -> dict[str, Any]:
    """Seed Appendix A's "complete user context for AI agents", from a locked profile.

    The profile fields, active goals, active constraints, dietary preferences, meal plan,
    meal schedule, workout schedule, hydration and the latest lifestyle baseline.
    """
    fields = profile.get("user_profiles") or {}
    users = profile.get("users") or {}
    diet = profile.get("dietary_preferences")
    return {
        "user_id": user_id,
        "profile_version": profile["version"],
        **{key: fields.get(key) for key in (
            "fitness_level", "primary_goal", "secondary_goal", "energy_level", "stress_level", "sleep_quality")},
        "time_zone": users.get("time_zone"),
        "units": users.get("units"),
        "fitness_goals": [goal for goal in profile.get("fitness_goals") or [] if goal.get("status") == "active"],
        "constraints": [row for row in profile.get("physical_constraints") or [] if row.get("is_active") is True],
        "dietary_prefs": [diet] if diet else [],
        "meal_plan": profile.get("meal_plans"),
        "meal_schedule": profile.get("meal_schedules") or [],
        "workout_schedule": profile.get("workout_schedules"),
        "hydration": profile.get("hydration_preferences"),
        "lifestyle": profile.get("lifestyle_baselines"),
    }


# ---------------------------------------------------------------- shared by reads and writes


def version_row(db: Session, user_id: uuid.UUID, version: int) -> UserProfileVersion | None:
    return db.exec(
        select(UserProfileVersion).where(UserProfileVersion.user_id == user_id, UserProfileVersion.version == version)
    ).first()


def version_answers(db: Session, user_id: uuid.UUID, snapshot: Mapping[str, Any] | None) -> Answers:
    """A version's answers; a version saved before snapshots carried them (a version 1) has
    the confirmed onboarding answers, which onboarding_states still holds."""
    answers = answers_from_snapshot(snapshot)
    if answers is not None:
        return answers
    state = db.exec(select(OnboardingState).where(OnboardingState.user_id == user_id)).first()
    if state is None:
        return {}
    done = set(state.completed_steps or [])
    return {step: answer for step, answer in answers_from_step_data(state.step_data).items() if step in done}


def profile_view(db: Session, profile: UserProfile, row: UserProfileVersion | None) -> ProfileView:
    snapshot = json_value(row.profile_snapshot) if row is not None else build_profile_snapshot(db, profile.user_id)
    return ProfileView(
        version=profile.version,
        locked_at=profile.locked_at,
        answers=version_answers(db, profile.user_id, snapshot),
        snapshot=snapshot,
    )
# ---------------------------------------------------------------- the admin's user detail


@dataclass(frozen=True)
class OnboardingDetail:
    current_step: int
    completed_steps: list[int]
    answers: dict[int, dict[str, Any]]  # every stored answer by step (re-asked ones included)
    started_at: datetime | None
    last_activity_at: datetime | None
    completed_at: datetime | None
    device_type: str | None
    user_agent: str | None
    flow_version: str


VersionRow = VersionSummary  # the admin's name for it


@dataclass(frozen=True)
class AuditRow:
    created_at: datetime | None
    table_name: str
    operation: str
    changed_by: str
    old_values: dict[str, Any] | None
    new_values: dict[str, Any] | None
    user_agent: str | None
    ip_address: str | None


@dataclass(frozen=True)
class UserDetail:
    user_id: uuid.UUID
    email: str
    account_status: str
    created_at: datetime | None
    onboarding_completed: bool
    is_admin: bool
    onboarding: OnboardingDetail | None
    profile: dict[str, Any] | None  # build_profile_snapshot of the locked profile; None before confirm
    profile_version: int | None
    locked_at: datetime | None
    versions: list[VersionSummary]  # newest first
    audit: list[AuditRow]  # newest first, at most AUDIT_LIMIT
    last_reset: dict[str, Any] | None  # users.metadata[RESET_METADATA_KEY]


def _is_admin(db: Session, user_id: uuid.UUID | None) -> bool:
    if user_id is None:
        return False
    query = (
        select(UserRole.user_id)
        .join(User, User.id == UserRole.user_id)
        .where(
            UserRole.user_id == user_id,
            UserRole.role == ADMIN,
            User.deleted_at.is_(None),
            User.account_status == "active",
        )
    )
    return db.exec(query).first() is not None


def user_detail(user_id: uuid.UUID) -> UserDetail | None:
    """Onboarding state with answers, current profile, version history and audit trail; None
    for an unknown user. Read in one REPEATABLE READ transaction so the parts agree.

    Another person's rows: the caller (``admin.user_detail``) has checked the admin role.
    """
    with session_scope() as db:
        db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        user = db.get(User, user_id)
        if user is None:
            return None
        state = db.exec(select(OnboardingState).where(OnboardingState.user_id == user_id)).first()
        profile = db.exec(select(UserProfile).where(UserProfile.user_id == user_id)).first()
        trail = db.execute(
            text(
                "SELECT created_at, table_name, operation, changed_by, old_values, new_values, user_agent, "
                "host(ip_address) AS ip_address FROM audit_log WHERE user_id = :u "
                "ORDER BY created_at DESC, table_name LIMIT :limit"
            ),
            {"u": user_id, "limit": AUDIT_LIMIT},
        ).all()
        return UserDetail(
            user_id=user.id,
            email=user.email,
            account_status=user.account_status,
            created_at=user.created_at,
            onboarding_completed=bool(user.onboarding_completed),
            is_admin=_is_admin(db, user_id),
            onboarding=_onboarding_detail(state) if state is not None else None,
            profile=build_profile_snapshot(db, user_id) if profile is not None else None,
            profile_version=profile.version if profile is not None else None,
            locked_at=profile.locked_at if profile is not None else None,
            versions=_history(db, user_id),
            audit=[AuditRow(**row._mapping) for row in trail],
            last_reset=(user.metadata_ or {}).get(RESET_METADATA_KEY),
        )


def _onboarding_detail(state: OnboardingState) -> OnboardingDetail:
    return OnboardingDetail(
        current_step=state.current_step,
        completed_steps=sorted(set(state.completed_steps or [])),
        answers=answers_from_step_data(state.step_data),
        started_at=state.started_at,
        last_activity_at=state.last_activity_at,
        completed_at=state.completed_at,
        device_type=state.device_type,
        user_agent=state.user_agent,
        flow_version=state.flow_version,
    )
