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
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, SQLModel, select

from fitapp.core.cache import forget_profiles
from fitapp.core.db import NO_KEY_UPDATE, get_engine, member_scope
from fitapp.core.metrics import ONBOARDING_COMPLETED, get_metrics
from fitapp.domain.clock import today_for
from fitapp.domain import (
    QUESTION_STEPS,
    REVIEW_STEP,
    STEP_TITLES,
    ReferenceData,
    StepContext,
    answers_from_step_data,
    parq_limitations,
    validate_all,
    validate_answer,
)
from fitapp.domain.choices import WEEKDAYS, values
from fitapp.models import (
    BodyMeasurement,
    DietaryPreference,
    FitnessGoal,
    HydrationPreference,
    LifestyleBaseline,
    MealPlan,
    MealSchedule,
    OnboardingState,
    OnboardingStepEvent,
    PhysicalConstraint,
    User,
    UserProfile,
    UserProfileVersion,
    WorkoutSchedule,
)
from fitapp.services import audit
from fitapp.services.reference import load_reference_data
from fitapp.services.snapshot import build_profile_snapshot, json_value
from fitapp.services.versions import append_version

CHANGED_BY = ("user", "admin", "system")
CHANGE_REASON = "Onboarding confirmed"
DIET_COLUMNS = (
    "diet_type",
    "diet_type_other",
    "allergies",
    "intolerances",
    "dislikes",
    "religious_restrictions",
    "preferred_cuisines",
    "cooking_skill_level",
    "meal_prep_willingness",
    "max_meal_prep_time_minutes",
    "additional_notes",
)
Answers = Mapping[int, Mapping[str, Any]]
# (table, operation, old_values, new_values) of one audit row
AuditEntry = tuple[str, str, dict[str, Any] | None, dict[str, Any]]


class AlreadyConfirmed(Exception):
    """The plan is locked already; changing it is a change request, not a second confirm."""

    def __init__(self) -> None:
        super().__init__(
            "Your plan is already confirmed and locked. To change something, request a change from your profile."
        )


class NotReadyToConfirm(Exception):
    """Some step is missing or no longer valid; ``problems`` says what, per step number."""

    def __init__(self, problems: Mapping[int, list[str]]) -> None:
        self.problems = {step: list(messages) for step, messages in sorted(problems.items())}
        details = "; ".join(f"{STEP_TITLES[step]}: {' '.join(msgs)}" for step, msgs in self.problems.items())
        super().__init__(f"Some answers need another look before your plan can be locked. {details}")


class OnboardingNotFound(LookupError):
    """No onboarding_states row: the account was never set up for onboarding."""


@dataclass(frozen=True)
class LockResult:
    profile_id: uuid.UUID
    version: int
    locked_at: datetime


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
            raise OnboardingNotFound(f"no onboarding for user {user_id}")
        if state.completed_at is not None:
            raise AlreadyConfirmed()
        answers = checked_answers(state.step_data, state.completed_steps, reference)
        now = datetime.now(UTC)
        result = _write_locked_profile(db, state, answers, now, changed_by, user_agent)
    forget_profiles(user_id)
    return result


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


def load_locked_profile(user_id: uuid.UUID) -> dict[str, Any] | None:
    """The confirmed configuration plus ``locked_at`` and ``version``; None before confirm.

    Read under REPEATABLE READ so that all sections come from the same committed state even
    when a change is being saved at the same moment.
    """
    with member_scope(user_id, isolation_level="REPEATABLE READ") as db:
        profile = db.exec(select(UserProfile).where(UserProfile.user_id == user_id)).first()
        if profile is None:
            return None
        snapshot = build_profile_snapshot(db, user_id)
        return {**snapshot, "locked_at": json_value(profile.locked_at), "version": profile.version}


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
    for table, operation, old, new in entries:
        audit.record(
            db,
            user_id=user_id,
            table_name=table,
            operation=operation,
            changed_by=changed_by,
            old_values=json_value(old),
            new_values=json_value(new),
            user_agent=user_agent,
        )
    db.flush()
    return LockResult(profile_id=profile.id, version=version, locked_at=now)


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


def about_metadata(about: Mapping[str, Any]) -> dict[str, Any]:
    """The users.metadata keys that step 0 sets (consent time aside)."""
    return {key: about[key] for key in ("units", "sex", "birth_date", "time_zone")}


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _time(value: str | None) -> time | None:
    return None if value is None else time.fromisoformat(value)


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


def profile_fields(answers: Answers) -> dict[str, Any]:
    """The user_profiles columns that come from the answers (steps 1, 2 and 9)."""
    experience, goals, lifestyle = answers[1], answers[2], answers[9]
    return {
        "fitness_level": experience["fitness_level"],
        "primary_goal": goals["primary_goal"],
        "secondary_goal": goals["secondary_goal"],
        "energy_level": lifestyle["energy_level"],
        "stress_level": lifestyle["stress_level"],
        "sleep_quality": lifestyle["sleep_quality"],
    }


def goal_rows(user_id: uuid.UUID, goals: Mapping[str, Any]) -> list[FitnessGoal]:
    rows = [
        FitnessGoal(
            user_id=user_id,
            goal_type="primary",
            goal_category=goals["primary_goal"],
            priority=1,
            target_weight_kg=_dec(goals["target_weight_kg"]),
            target_body_fat_percentage=_dec(goals["target_body_fat_percentage"]),
            target_muscle_gain_kg=_dec(goals["target_muscle_gain_kg"]),
            target_timeline_weeks=goals["target_timeline_weeks"],
            user_explanation=goals["user_explanation"],
        )
    ]
    if goals["secondary_goal"]:
        rows.append(
            FitnessGoal(user_id=user_id, goal_type="secondary", goal_category=goals["secondary_goal"], priority=2)
        )
    return rows


def constraint_rows(
    user_id: uuid.UUID, health: Mapping[str, Any], place: Mapping[str, Any]
) -> list[PhysicalConstraint]:
    rows = [
        PhysicalConstraint(
            user_id=user_id,
            constraint_type="injury",
            constraint_category=injury["area"],
            severity=injury["severity"],
            description=injury["description"],
        )
        for injury in health["injuries"]
    ]
    rows += [
        PhysicalConstraint(user_id=user_id, constraint_type="limitation", description=text)
        for text in health["limitations"]
    ]
    rows += [
        PhysicalConstraint(user_id=user_id, constraint_type="limitation", constraint_category="parq", description=text)
        for text in parq_limitations(health)
    ]
    rows += [
        PhysicalConstraint(
            user_id=user_id, constraint_type="location_preference", workout_location=place["workout_location"]
        ),
        PhysicalConstraint(
            user_id=user_id, constraint_type="equipment", available_equipment=list(place["available_equipment"])
        ),
        PhysicalConstraint(
            user_id=user_id,
            constraint_type="time_constraint",
            max_workout_duration_minutes=place["max_workout_duration_minutes"],
        ),
    ]
    return rows


def diet_row(user_id: uuid.UUID, diet: Mapping[str, Any]) -> DietaryPreference:
    copied = {key: diet[key] for key in DIET_COLUMNS}  # chosen columns, never the whole answer
    return DietaryPreference(user_id=user_id, **copied, budget_per_day_usd=_dec(diet["budget_per_day_usd"]))


def meal_plan_row(user_id: uuid.UUID, plan: Mapping[str, Any], now: datetime) -> MealPlan:
    decimals = {
        key: _dec(plan[key])
        for key in (
            "protein_grams_target",
            "carbs_grams_target",
            "fats_grams_target",
            "protein_percentage",
            "carbs_percentage",
            "fats_percentage",
        )
    }
    return MealPlan(
        id=uuid.uuid4(),
        user_id=user_id,
        meals_per_day=plan["meals_per_day"],
        daily_calories_target=plan["daily_calories_target"],
        daily_calories_min=plan["daily_calories_min"],
        daily_calories_max=plan["daily_calories_max"],
        **decimals,
        plan_rationale=plan["plan_rationale"],
        is_locked=True,
        locked_at=now,
    )


def meal_schedule_rows(user_id: uuid.UUID, meals: Mapping[str, Any], plan: MealPlan) -> list[MealSchedule]:
    return [
        MealSchedule(
            user_id=user_id,
            meal_plan_id=plan.id,
            meal_number=meal["meal_number"],
            meal_name=meal["meal_name"],
            scheduled_time=_time(meal["scheduled_time"]),
            earliest_time=_time(meal["earliest_time"]),
            latest_time=_time(meal["latest_time"]),
            notification_offset_minutes=meal["notification_offset_minutes"],
        )
        for meal in meals["meals"]
    ]


def workout_row(user_id: uuid.UUID, schedule: Mapping[str, Any]) -> WorkoutSchedule:
    days = {f"{day}_workout": day in schedule["workout_days"] for day in values(WEEKDAYS)}
    return WorkoutSchedule(
        user_id=user_id,
        **days,
        preferred_workout_time=_time(schedule["preferred_workout_time"]),
        preferred_workout_duration_minutes=schedule["preferred_workout_duration_minutes"],
        workout_reminder_enabled=schedule["workout_reminder_enabled"],
        reminder_offset_minutes=schedule["reminder_offset_minutes"],
        rest_day_preference=schedule["rest_day_preference"],
        is_locked=True,
    )


def hydration_row(user_id: uuid.UUID, water: Mapping[str, Any]) -> HydrationPreference:
    return HydrationPreference(
        user_id=user_id,
        daily_water_target_ml=water["daily_water_target_ml"],
        reminder_enabled=water["reminder_enabled"],
        reminder_frequency_minutes=water["reminder_frequency_minutes"],
        reminder_start_time=_time(water["reminder_start_time"]),
        reminder_end_time=_time(water["reminder_end_time"]),
        reminder_tone=water["reminder_tone"],
        auto_remind_with_meals=water["auto_remind_with_meals"],
    )


def _profile_rows(
    user_id: uuid.UUID, answers: Answers, now: datetime, profile: UserProfile
) -> list[tuple[str, list[SQLModel]]]:
    """Every row the lock inserts, grouped by table in insert order."""
    plan = meal_plan_row(user_id, answers[7], now)
    return [
        ("user_profiles", [profile]),
        ("fitness_goals", goal_rows(user_id, answers[2])),
        ("physical_constraints", constraint_rows(user_id, answers[3], answers[4])),
        ("dietary_preferences", [diet_row(user_id, answers[6])]),
        ("meal_plans", [plan]),
        ("meal_schedules", meal_schedule_rows(user_id, answers[8], plan)),
        ("workout_schedules", [workout_row(user_id, answers[5])]),
        ("hydration_preferences", [hydration_row(user_id, answers[10])]),
        ("lifestyle_baselines", [lifestyle_row(user_id, answers[9], now)]),
        ("body_measurements", [body_row(user_id, answers[0], now, source="onboarding")]),
    ]


def lifestyle_row(user_id: uuid.UUID, lifestyle: Mapping[str, Any], now: datetime) -> LifestyleBaseline:
    """A lifestyle_baselines entry (a time series: a change adds a row, never edits one)."""
    return LifestyleBaseline(
        user_id=user_id,
        energy_level=lifestyle["energy_level"],
        stress_level=lifestyle["stress_level"],
        sleep_quality=lifestyle["sleep_quality"],
        sleep_hours_last_night=_dec(lifestyle["sleep_hours_last_night"]),
        recorded_at=now,
        data_source="user_input",
    )


def body_row(user_id: uuid.UUID, about: Mapping[str, Any], now: datetime, *, source: str) -> BodyMeasurement:
    """A body_measurements entry with step 0's weight and height (a time series, like lifestyle)."""
    return BodyMeasurement(
        user_id=user_id,
        weight_kg=_dec(about["weight_kg"]),
        height_cm=_dec(about["height_cm"]),
        recorded_at=now,
        source=source,
    )
