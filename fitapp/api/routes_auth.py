"""Sign in and out with the web UI's own server-side sessions."""

from __future__ import annotations

from fastapi import APIRouter, Response

from fitapp.api.deps import CallerDep, UserAgent, no_store
from fitapp.api.schemas import SignInRequest, SignInResponse
from fitapp.services import auth

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/sign-in", response_model=SignInResponse,
             responses={401: {"description": "Wrong e-mail or password"}, 429: {"description": "Too many failures"}})
def sign_in(body: SignInRequest, response: Response, agent: UserAgent) -> SignInResponse:
    signed_in = auth.sign_in(body.email, body.password, user_agent=agent)
    no_store(response)
    return SignInResponse(token=signed_in.token, user_id=signed_in.user.user_id,
                          onboarding_completed=signed_in.user.onboarding_completed)


@router.post("/sign-out", status_code=204)
def sign_out(caller: CallerDep) -> Response:
    """Revoke the session of the token sent: it stops working here and in the web UI."""
    auth.sign_out(caller.token)
    return Response(status_code=204)
