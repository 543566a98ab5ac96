"""Lifestyle check-ins over REST (the seed's time series): record one, read the recent ones."""

from __future__ import annotations

from fastapi import APIRouter, Query

from fitapp.api.deps import OwnOrAdminUserId, OwnUserId
from fitapp.api.schemas import CheckInPublic, CheckInRequest, CheckInsResponse
from fitapp.services import lifestyle

router = APIRouter(prefix="/users/{user_id}", tags=["lifestyle"])


def _public(check_in: lifestyle.CheckIn) -> CheckInPublic:
    return CheckInPublic.model_validate(check_in, from_attributes=True)


@router.post("/lifestyle", response_model=CheckInPublic, status_code=201,
             responses={422: {"description": "Refused check-in (every problem listed)"}})
def record_check_in(user_id: OwnUserId, body: CheckInRequest) -> CheckInPublic:
    """Record a check-in: energy, stress, sleep quality, hours slept, data source (user only)."""
    answer = {key: value for key, value in body.model_dump().items() if value is not None}
    return _public(lifestyle.record_check_in(user_id, answer))


@router.get("/lifestyle", response_model=CheckInsResponse,
            responses={422: {"description": "days outside 1–365"}})
def recent_check_ins(
    user_id: OwnOrAdminUserId,
    days: int = Query(30, ge=lifestyle.MIN_DAYS, le=lifestyle.MAX_DAYS, description="how many days back, 1–365"),
) -> CheckInsResponse:
    """The check-ins of the last ``days`` days, newest first (user or admin)."""
    return CheckInsResponse(user_id=user_id, days=days,
                            check_ins=[_public(c) for c in lifestyle.recent_check_ins(user_id, days)])
