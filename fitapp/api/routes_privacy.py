"""GDPR rights over REST (seed section 11): export a user's data, erase an account."""

from __future__ import annotations

from fastapi import APIRouter

from fitapp.api.deps import CallerDep, ClientIp, OwnOrAdminUserId, UserAgent
from fitapp.api.schemas import DataExport, ErasureRequest, ErasureResponse
from fitapp.domain.privacy import ADMIN, USER
from fitapp.services import privacy

router = APIRouter(prefix="/users/{user_id}", tags=["privacy"])


@router.get("/export", response_model=DataExport, responses={404: {"description": "No such user"}})
def export_data(user_id: OwnOrAdminUserId) -> DataExport:
    """Every row the user owns, in every table, without password or token hashes (user or admin)."""
    return DataExport.model_validate(privacy.export_user_data(user_id))


@router.delete(
    "",
    response_model=ErasureResponse,
    responses={403: {"description": "Wrong password, or not allowed"}, 404: {"description": "No such user"},
               409: {"description": "Already erased"}, 422: {"description": "Password or reason missing"},
               429: {"description": "Too many wrong passwords"}},
)
def erase_account(user_id: OwnOrAdminUserId, body: ErasureRequest, caller: CallerDep, agent: UserAgent,
                  ip: ClientIp) -> ErasureResponse:
    """Erase the account by anonymization: the user themself with their password, or an admin with a reason.

    The user's own token stops working at once (every session is revoked).
    """
    if user_id == caller.user_id:
        result = privacy.erase_user(user_id, requested_by=USER, reason=body.reason, password=body.password,
                                    client_ip=ip)
    else:
        result = privacy.erase_user(user_id, requested_by=ADMIN, admin_id=caller.user_id, reason=body.reason,
                                    user_agent=agent)
    return ErasureResponse(user_id=result.user_id, erased_at=result.erased_at, sessions_revoked=result.sessions_revoked)
