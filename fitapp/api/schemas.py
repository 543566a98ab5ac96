"""What the REST API returns and accepts: chosen public shapes, never table objects.

Profile sections are the snapshot the services build (``services.snapshot``: each table's
configuration columns, ids and bookkeeping left out); datetimes are ISO 8601 in UTC, in the
same form as inside those snapshots.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer, StrictBool, StrictInt, StrictStr

from fitapp.domain.answer_reader import control_character_problem
from fitapp.domain.reasons import MAX_REASON_LENGTH
from fitapp.services.snapshot import json_value

Instant = Annotated[datetime, PlainSerializer(json_value, return_type=str)]
Row = dict[str, Any]

# A text with no control character (NUL, escapes, line breaks), as a JSON Schema pattern.
NO_CONTROL_CHARACTERS = r"^[^\u0000-\u001f\u007f-\u009f]*$"


def _no_control_characters(text: str) -> str:
    if problem := control_character_problem(text):
        raise ValueError(problem)
    return text


def Text(max_length: int, description: str | None = None) -> Any:  # noqa: N802 - a type, read as one
    """A request's text: a JSON string (not a number), capped, with no control character."""
    # The pattern is for the OpenAPI document; the validator refuses with a message a person reads.
    return Annotated[StrictStr, Field(max_length=max_length, description=description,
                                      json_schema_extra={"pattern": NO_CONTROL_CHARACTERS}),
                     AfterValidator(_no_control_characters)]


Email = Text(320, "An e-mail address.")
Password = Text(1024, "The password (sign-up: 10 to 256 characters, see the README's password rule).")
# The reason rule (domain.reasons) collapses whitespace and then caps at 500: the request carries a little more.
Reason = Text(4 * MAX_REASON_LENGTH, f"Why; at most {MAX_REASON_LENGTH} characters once spaces are collapsed.")


class Request(BaseModel):
    """A request body: unknown top-level fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- errors


class ErrorDetail(BaseModel):
    """What was wrong, in the services' words, and the request's fields it is about."""

    model_config = ConfigDict(extra="allow")  # a 409 adds current_version, a lock's 422 its problems
    messages: list[str]
    fields: list[str] = []


class ErrorResponse(BaseModel):
    """Every error: ``detail`` is one sentence, or the messages and the fields they are about."""

    detail: str | ErrorDetail


# ---------------------------------------------------------------- auth


class SignInRequest(Request):
    email: Email
    password: Password


class SignInResponse(BaseModel):
    token: str
    user_id: uuid.UUID
    onboarding_completed: bool


class SignUpRequest(Request):
    email: Email
    password: Password


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
    step: StrictInt
    answer: dict[str, Any]  # checked key by key by the domain, which refuses unknown keys
    began_as_typed: StrictBool = Field(
        False, description="True when the answer was pre-filled from POST /onboarding/interpret at this step "
                           "(the user may have changed fields since): counted by the admin funnel.")


class StepAccepted(BaseModel):
    accepted: Literal[True] = True
    state: OnboardingStatePublic
    notes: list[str]
    invalidated: list[int]  # steps this answer sent back to be asked again
    next_step: NextStep | None


class StepRefused(BaseModel):
    """A refused answer: ``detail`` as every 422 has it; a refusal by the coach also repeats the
    messages and fields at the top (a request of the wrong shape, e.g. a step that is not a JSON
    integer, carries ``detail`` only)."""

    accepted: Literal[False] = False
    messages: list[str] = []
    # The answer's fields the messages are about, as paths into the answer ("height_cm",
    # "meals.2.latest_time"), so a client can mark those inputs; empty for the answer as a whole.
    fields: list[str] = []
    detail: ErrorDetail


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
    # The last 14 days' check-ins: per measure improving / stable / deteriorating, or None
    # with fewer than two ({"days": 14, "check_ins": n, "sleep_quality": "deteriorating", ...}).
    lifestyle_trend: dict[str, Any]


class CheckInRequest(Request):
    """A lifestyle check-in; validated by the service with step 9's rules (all problems at once)."""

    energy_level: Any = None
    stress_level: Any = None
    sleep_quality: Any = None
    sleep_hours_last_night: Any = None
    data_source: Any = None


class CheckInPublic(BaseModel):
    recorded_at: Instant
    energy_level: str
    stress_level: str
    sleep_quality: str
    sleep_hours_last_night: float | None
    data_source: str


class CheckInsResponse(BaseModel):
    user_id: uuid.UUID
    days: int
    check_ins: list[CheckInPublic]  # newest first


class LockResponse(BaseModel):
    locked: Literal[True] = True
    version: int
    locked_at: Instant
    profile: ProfilePublic


class ChangeRequest(Request):
    topic: Text(50, "The topic changed, e.g. lifestyle.")
    base_version: Annotated[StrictInt, Field(ge=1, le=2**31 - 1, description="The version the change is based on.")]
    # {"9": {"energy_level": "high"}}: laid over the current answer
    changes: Annotated[dict[str, dict[str, Any]], Field(max_length=12)]
    modification_reason: Reason | None = None  # required: the service refuses a blank one


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
    reason: Reason | None = None  # required: the service refuses a blank one
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
    reason: Reason | None = None  # optional for the user themself; required when an admin erases someone
    password: Password | None = None  # required when the user erases their own account


class ErasureResponse(BaseModel):
    user_id: uuid.UUID
    erased: Literal[True] = True
    erased_at: Instant
    sessions_revoked: int
