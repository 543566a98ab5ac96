"""What the REST API returns and accepts: chosen public shapes, never table objects.

Profile sections are the snapshot the services build (``services.snapshot``: each table's
configuration columns, ids and bookkeeping left out); datetimes are ISO 8601 in UTC, in the
same form as inside those snapshots.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, StrictBool, StrictInt, StrictStr

from fitapp.services.snapshot import json_value

Instant = Annotated[datetime, PlainSerializer(json_value, return_type=str)]
Row = dict[str, Any]


class Request(BaseModel):
    """A request body: unknown top-level fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- auth


class SignInRequest(Request):
    email: str
    password: str


class SignInResponse(BaseModel):
    token: str
    user_id: uuid.UUID
    onboarding_completed: bool


class SignUpRequest(Request):
    email: str
    password: str


class SignUpResponse(BaseModel):
    """The new account's id and a session token (send it as ``Authorization: Bearer``)."""

    user_id: uuid.UUID
    token: str
    expires_at: Instant


class SignedOutEverywhere(BaseModel):
    sessions_revoked: int


# ---------------------------------------------------------------- onboarding


class NextStep(BaseModel):
    number: int
    title: str
    question: str


class OnboardingStatePublic(BaseModel):
    current_step: int
    completed_steps: list[int]
    answers: dict[int, Row]  # by step number; answers of steps that must be asked again are left out
    completed: bool
    flow_version: str
    started_at: Instant | None
    next_step: NextStep | None  # None once the onboarding is confirmed


class StepRequest(Request):
    step: int
    answer: dict[str, Any]  # checked key by key by the domain, which refuses unknown keys


class StepAccepted(BaseModel):
    accepted: Literal[True] = True
    state: OnboardingStatePublic
    notes: list[str]
    invalidated: list[int]  # steps this answer sent back to be asked again
    next_step: NextStep | None


class StepRefused(BaseModel):
    accepted: Literal[False] = False
    messages: list[str]
    # The answer's fields the messages are about, as paths into the answer ("height_cm",
    # "meals.2.latest_time"), so a client can mark those inputs; empty for the answer as a whole.
    fields: list[str] = []
    detail: dict[str, list[str]]  # {"messages": [...], "fields": [...]}, the API's error shape


class InterpretRequest(Request):
    """A typed answer to read: step 0–10 (a JSON integer, not "3" or true) and at most 1,000 characters."""

    step: Annotated[StrictInt, Field(ge=0, le=10, description="The question step the text answers, 0–10.")]
    text: Annotated[StrictStr, Field(max_length=1000, description="What the user typed, as typed.")]


class UnderstoodChip(BaseModel):
    field: str = Field(description='The answer path it set: "height_cm", "parq.bp_medication", "allergies.2".')
    text: str = Field(description='What the coach shows, e.g. "Height 5\'6\" (167.6 cm)".')


class InterpretationPublic(BaseModel):
    """What the coach understood; nothing of it is stored until the answer is sent to POST /onboarding/step."""

    step: int
    answer: Row = Field(description="The partial answer, in the step's answer fields (metric, HH:MM, ISO dates, slugs).")
    understood: list[UnderstoodChip]
    missing: list[str] = Field(description="The answer keys (or paths into them) the step still needs.")


# ---------------------------------------------------------------- profile


class ProfilePublic(BaseModel):
    """The locked configuration: one section per table plus the answers it was built from."""

    version: int
    locked_at: str | None
    answers: dict[str, Row] | None
    body_measurements: Row | None
    dietary_preferences: Row | None
    fitness_goals: list[Row]
    hydration_preferences: Row | None
    lifestyle_baselines: Row | None
    meal_plans: Row | None
    meal_schedules: list[Row]
    physical_constraints: list[Row]
    user_profiles: Row | None
    users: Row | None
    workout_schedules: Row | None


class AgentContext(BaseModel):
    """Seed Appendix A, "complete user context for AI agents", from the locked profile."""

    user_id: uuid.UUID
    profile_version: int
    fitness_level: str | None
    primary_goal: str | None
    secondary_goal: str | None
    energy_level: str | None
    stress_level: str | None
    sleep_quality: str | None
    time_zone: str | None  # meal and workout times are local times in this zone
    units: str | None
    fitness_goals: list[Row]  # status = 'active'
    constraints: list[Row]  # is_active
    dietary_prefs: list[Row]
    meal_plan: Row | None
    meal_schedule: list[Row]
    workout_schedule: Row | None
    hydration: Row | None
    lifestyle: Row | None  # the latest baseline


class LockResponse(BaseModel):
    locked: Literal[True] = True
    version: int
    locked_at: Instant
    profile: ProfilePublic


class ChangeRequest(Request):
    topic: str
    base_version: int
    changes: dict[str, dict[str, Any]]  # {"9": {"energy_level": "high"}}: laid over the current answer
    modification_reason: str | None = None  # required: the service refuses a blank one


class ChangeResponse(BaseModel):
    version: int
    changed_fields: list[str]
    profile: ProfilePublic


class VersionPublic(BaseModel):
    version: int
    valid_from: Instant
    valid_until: Instant | None
    is_current: bool
    changed_by: str
    change_reason: str | None
    changed_fields: list[str]


class HistoryResponse(BaseModel):
    user_id: uuid.UUID
    versions: list[VersionPublic]  # newest first


# ---------------------------------------------------------------- admin


class IncompleteRowPublic(BaseModel):
    user_id: uuid.UUID
    email: str
    current_step: int
    started_at: Instant | None
    last_activity_at: Instant | None
    device_type: str | None


class IncompletePage(BaseModel):
    items: list[IncompleteRowPublic]
    total: int
    page: int
    page_size: int
    pages: int
    next_cursor: str | None = None  # pass as `after` for the next page (keyset: any page is as fast)
    total_is_estimate: bool = False  # more than admin.EXACT_COUNT_LIMIT rows: the planner's estimate


class ResetRequest(Request):
    reason: str | None = None  # required: the service refuses a blank one
    consent_confirmed: StrictBool = False  # the admin confirms the user agreed; must be JSON true


class ResetResponse(BaseModel):
    user_id: uuid.UUID
    archived_version: int | None
    deleted_rows: dict[str, int]
    reset_at: Instant


# ---------------------------------------------------------------- privacy (GDPR)


class DataExport(BaseModel):
    """Right to access: every row the user owns, by table (secrets left out), as the service built it."""

    format: str
    exported_at: str
    user_id: uuid.UUID
    tables: dict[str, list[Row]]


class ErasureRequest(Request):
    reason: str | None = None  # optional for the user themself; required when an admin erases someone
    password: str | None = None  # required when the user erases their own account


class ErasureResponse(BaseModel):
    user_id: uuid.UUID
    erased: Literal[True] = True
    erased_at: Instant
    sessions_revoked: int
