"""Step 11, "Confirm and lock": turn the stored onboarding answers into the locked profile.

Everything happens in one transaction that first locks the user's onboarding_states row, so a
double click or a second tab waits for the first confirm and then finds it already done; the
UNIQUE constraints on the per-user tables are the backstop. Answers are validated again here
(they may have been stored long ago, and an earlier one may have changed since), and the rows
are written from the *normalized* answers the domain returns, never from raw step_data.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, SQLModel, select

from fitapp.core.cache import forget_profiles
from fitapp.core.db import NO_KEY_UPDATE, get_engine, member_scope
from fitapp.core.metrics import ONBOARDING_COMPLETED, get_metrics
from fitapp.domain.clock import today_for
from fitapp.domain.errors import Conflict, NotFound, Refused
from fitapp.domain import (
    QUESTION_STEPS,
    REVIEW_STEP,
    STEP_TITLES,
    ReferenceData,
    StepContext,
    answers_from_step_data,
    validate_all,
    validate_answer,
)
from fitapp.models import OnboardingState, OnboardingStepEvent, User, UserProfile, UserProfileVersion
from fitapp.services import audit
from fitapp.services.audit import AuditEntry
from fitapp.services.profile_tables import about_metadata, build_rows, profile_fields
from fitapp.services.profile_views import profile_document
from fitapp.services.reference import load_reference_data
from fitapp.services.snapshot import build_profile_snapshot, json_value
from fitapp.services.versions import append_version

CHANGED_BY = ("user", "admin", "system")
CHANGE_REASON = "Onboarding confirmed"
Answers = Mapping[int, Mapping[str, Any]]


class AlreadyConfirmed(Conflict):
    """The plan is locked already; changing it is a change request, not a second confirm."""

    def __init__(self) -> None:
        super().__init__(
            "Your plan is already confirmed and locked. To change something, request a change from your profile."
        )


class NotReadyToConfirm(Refused):
    """Some step is missing or no longer valid; ``problems`` says what, per step number."""

    def __init__(self, problems: Mapping[int, list[str]]) -> None:
        self.problems = {step: list(messages) for step, messages in sorted(problems.items())}
        details = "; ".join(f"{STEP_TITLES[step]}: {' '.join(msgs)}" for step, msgs in self.problems.items())
        super().__init__(f"Some answers need another look before your plan can be locked. {details}")


class OnboardingNotFound(NotFound, LookupError):
    """No onboarding_states row: the account was never set up for onboarding."""

    def __init__(self, message: str = "There is no onboarding for this user.") -> None:
        super().__init__(message)


@dataclass(frozen=True)
class LockResult:
    """The locked profile's id, version and time, and the profile document it wrote."""

    profile_id: uuid.UUID
    version: int
    locked_at: datetime
    profile: dict[str, Any] | None = field(default=None, compare=False, repr=False)


def confirm_and_lock(user_id: uuid.UUID, *, changed_by: str = "user", user_agent: str | None = None) -> LockResult:
    """Write the whole locked profile (version 1) from the stored answers, or nothing at all."""
    result = _confirm_and_lock(user_id, changed_by=changed_by, user_agent=user_agent)
    get_metrics().count(ONBOARDING_COMPLETED)  # committed: a completion the funnel counts too
    return result


def _confirm_and_lock(user_id: uuid.UUID, *, changed_by: str, user_agent: str | None) -> LockResult:
    if changed_by not in CHANGED_BY:
        raise ValueError(f"changed_by must be one of {', '.join(CHANGED_BY)}")
    reference = load_reference_data()  # cached; loaded before the row lock is taken
    with member_scope(user_id) as db:
        state = db.exec(
            select(OnboardingState)
            .where(OnboardingState.user_id == user_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
        if state is None:
            raise OnboardingNotFound()
        if state.completed_at is not None:
            raise AlreadyConfirmed()
        answers = checked_answers(state.step_data, state.completed_steps, reference)
        now = datetime.now(UTC)
        result = _write_locked_profile(db, state, answers, now, changed_by, user_agent)
    forget_profiles(user_id)
    return result


def checked_answers(
    step_data: Mapping[str, Any] | None, completed_steps: list[int] | None, reference: ReferenceData
) -> dict[int, dict[str, Any]]:
    """The normalized answers of steps 0–10, or NotReadyToConfirm with every problem.

    Only completed steps count: step_data also keeps answers that a later change sent back
    to be asked again.
    """
    done = set(completed_steps or [])
    answers = {step: answer for step, answer in answers_from_step_data(step_data).items() if step in done}
    context = StepContext(answers, reference, today_for(answers))
    problems = validate_all(answers, context)
    if problems:
        raise NotReadyToConfirm(problems)
    return {step: validate_answer(step, answers[step], context).answer for step in QUESTION_STEPS}


def _write_locked_profile(
    db: Session, state: OnboardingState, answers: Answers, now: datetime, changed_by: str, user_agent: str | None
) -> LockResult:
    """Insert the profile rows, complete the user and the onboarding, then version and audit them."""
    user_id = state.user_id
    previous = db.exec(
        select(UserProfileVersion)
        .where(UserProfileVersion.user_id == user_id)
        .order_by(UserProfileVersion.version.desc())
    ).first()
    version = previous.version + 1 if previous else 1  # 1 unless an admin reset archived one
    profile = _profile(user_id, answers, now, changed_by, version, previous)
    inserted: list[str] = []
    for table, rows in _profile_rows(user_id, answers, now, profile):
        db.add_all(rows)
        db.flush()  # table by table: meal_schedules need meal_plans, and an error names its table
        inserted.append(table)
    updates = [_complete_user(db, user_id, answers[0], now), _complete_onboarding(state, now)]
    db.flush()

    snapshot = build_profile_snapshot(db, user_id, answers)
    append_version(db, user_id=user_id, previous=previous, version=version, snapshot=snapshot,
                   changed_fields=list(snapshot), change_reason=CHANGE_REASON, changed_by=changed_by, at=now)
    entries: list[AuditEntry] = [(table, "INSERT", None, _summary(snapshot[table])) for table in inserted]
    version_summary = {"version": version, "change_reason": CHANGE_REASON, "changed_fields": list(snapshot)}
    entries += [("user_profile_versions", "INSERT", None, version_summary), *updates]
    audit.record_all(db, entries, user_id=user_id, changed_by=changed_by, user_agent=user_agent)
    return LockResult(profile_id=profile.id, version=version, locked_at=now,
                      profile=profile_document(snapshot, now, version))


def _summary(section: Any) -> dict[str, Any]:
    """An audit row's new_values: the table's snapshot section (lists with their count)."""
    return {"count": len(section), "rows": section} if isinstance(section, list) else dict(section or {})


def _complete_user(db: Session, user_id: uuid.UUID, about: Mapping[str, Any], now: datetime) -> AuditEntry:
    user = db.get(User, user_id, with_for_update=NO_KEY_UPDATE)
    old = {"onboarding_completed": user.onboarding_completed, "onboarding_completed_at": user.onboarding_completed_at}
    profile_metadata = _metadata(db, user_id, about, user.metadata_ or {}, now)
    user.metadata_ = {**(user.metadata_ or {}), **profile_metadata}
    user.onboarding_completed, user.onboarding_completed_at, user.updated_at = True, now, now
    new = {"onboarding_completed": True, "onboarding_completed_at": now, "metadata": profile_metadata}
    return ("users", "UPDATE", old, new)


def _complete_onboarding(state: OnboardingState, now: datetime) -> AuditEntry:
    old = {"current_step": state.current_step, "completed_at": None}
    state.completed_at, state.current_step, state.last_activity_at, state.updated_at = now, REVIEW_STEP, now, now
    return ("onboarding_states", "UPDATE", old, {"current_step": REVIEW_STEP, "completed_at": now})


def _metadata(
    db: Session, user_id: uuid.UUID, about: Mapping[str, Any], existing: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """users.metadata profile keys; consent time is when step 0 was (last) answered, if known."""
    consent_at = existing.get("consent_given_at")
    if not consent_at:
        answered = db.exec(
            select(func.max(OnboardingStepEvent.occurred_at)).where(
                OnboardingStepEvent.user_id == user_id,
                OnboardingStepEvent.step == 0,
                OnboardingStepEvent.event == "answered",
            )
        ).first()
        consent_at = json_value(answered or now)
    return {"consent_given_at": consent_at, **about_metadata(about)}


def _profile(
    user_id: uuid.UUID,
    answers: Answers,
    now: datetime,
    changed_by: str,
    version: int,
    previous: UserProfileVersion | None,
) -> UserProfile:
    return UserProfile(
        id=uuid.uuid4(),
        user_id=user_id,
        version=version,
        previous_version_id=previous.id if previous else None,
        **profile_fields(answers),
        last_modified_by=changed_by,
        modification_reason=CHANGE_REASON,
        is_locked=True,
        locked_at=now,
    )


def _profile_rows(
    user_id: uuid.UUID, answers: Answers, now: datetime, profile: UserProfile
) -> list[tuple[str, list[SQLModel]]]:
    """Every row the lock inserts, grouped by table in insert order (the registry's)."""
    built = build_rows(user_id, answers, now, body_source="onboarding")
    return [(profile.__tablename__, [profile]), *((table.section, rows) for table, rows in built)]
