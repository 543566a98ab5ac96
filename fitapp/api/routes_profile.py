"""The locked profile: read (cached), confirm and lock, change with a reason, history, AI context."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from fitapp.api.deps import OwnOrAdminUserId, OwnUserId, UserAgent
from fitapp.api.schemas import (
    AgentContext,
    ChangeRequest,
    ChangeResponse,
    HistoryResponse,
    LockResponse,
    ProfilePublic,
    VersionPublic,
)
from fitapp.services import profile_changes, profile_lock, profile_views
from fitapp.services.profile_views import locked_profile

NOT_CONFIRMED = "This user's plan isn't confirmed yet; the profile exists once the onboarding is locked."

router = APIRouter(prefix="/users/{user_id}", tags=["profile"])


def _profile_or_404(user_id) -> dict:
    profile = locked_profile(user_id)
    if profile is None:
        raise HTTPException(404, NOT_CONFIRMED)
    return profile


@router.get("/profile", response_model=ProfilePublic)
def get_profile(user_id: OwnOrAdminUserId) -> ProfilePublic:
    """The complete profile and every related preference (user or admin)."""
    profile = _profile_or_404(user_id)
    return ProfilePublic.model_validate(profile)


@router.get("/context", response_model=AgentContext)
def get_context(user_id: OwnOrAdminUserId) -> AgentContext:
    """Everything an AI coach needs about the user, in one document (user or admin)."""
    found = profile_views.context(user_id)
    if found is None:
        raise HTTPException(404, NOT_CONFIRMED)
    return AgentContext.model_validate(found)


@router.get("/profile/history", response_model=HistoryResponse)
def get_history(user_id: OwnUserId) -> HistoryResponse:
    """Every version of the plan, newest first (user only)."""
    versions = [
        VersionPublic(version=v.version, valid_from=v.valid_from, valid_until=v.valid_until, is_current=v.is_current,
                      changed_by=v.changed_by, change_reason=v.change_reason, changed_fields=v.changed_fields)
        for v in profile_views.history(user_id)
    ]
    return HistoryResponse(user_id=user_id, versions=versions)


@router.put("/profile/lock", response_model=LockResponse,
            responses={409: {"description": "Already confirmed"}, 422: {"description": "Not ready to confirm"}})
def lock_profile(user_id: OwnUserId, agent: UserAgent) -> LockResponse:
    """Confirm the onboarding: write the locked profile and its first version (user only)."""
    result = profile_lock.confirm_and_lock(user_id, changed_by="user", user_agent=agent)
    return LockResponse(version=result.version, locked_at=result.locked_at, profile=result.profile)


@router.patch("/profile", response_model=ChangeResponse,
              responses={409: {"description": "Changed meanwhile"}, 422: {"description": "Refused change"}})
def change_profile(user_id: OwnUserId, body: ChangeRequest, agent: UserAgent) -> ChangeResponse:
    """Unlock, update and relock as a new version; needs the base version and a reason (user only).

    One transaction: the change returns the profile it wrote."""
    result = profile_changes.request_change(
        user_id, topic=body.topic, base_version=body.base_version, changes=body.changes,
        reason=body.modification_reason or "", changed_by="user", user_agent=agent,
    )
    return ChangeResponse(version=result.version, changed_fields=result.changed_fields, profile=result.profile)
