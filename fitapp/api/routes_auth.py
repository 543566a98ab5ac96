"""Sign up, sign in and out with the web UI's own server-side sessions (the same auth service)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from fitapp.api.deps import BearerToken, CallerDep, ClientIp, UserAgent
from fitapp.api.schemas import SignedOutEverywhere, SignInRequest, SignInResponse, SignUpRequest, SignUpResponse
from fitapp.services import auth

router = APIRouter(prefix="/auth", tags=["auth"])

THROTTLED = {429: {"description": "Too many attempts from this client: wait `Retry-After` seconds"},
             503: {"description": "Too many sign-ins at this moment, or the database is unavailable: retry after `Retry-After`"}}


@router.post("/sign-up", status_code=201, response_model=SignUpResponse,
             responses={409: {"description": "An account with this e-mail exists"},
                        422: {"description": "E-mail malformed or password too weak (`fields` says which)"}, **THROTTLED})
async def sign_up(body: SignUpRequest, agent: UserAgent, ip: ClientIp) -> SignUpResponse:
    """Create an account, exactly as the web sign-up does (same rules for e-mail and password)."""
    signed_in = await auth.sign_up_queued(body.email, body.password, user_agent=agent, client_ip=ip)
    return SignUpResponse(user_id=signed_in.user.user_id, token=signed_in.token, expires_at=signed_in.expires_at)


@router.post("/sign-in", response_model=SignInResponse,
             responses={401: {"description": "Wrong e-mail or password"}, **THROTTLED})
async def sign_in(body: SignInRequest, agent: UserAgent, ip: ClientIp, previous: BearerToken) -> SignInResponse:
    """A new token every time; a bearer token sent along is revoked (the client's old session).

    Waits its turn for a hashing slot on the event loop (no thread held); 503 when the line is too long."""
    signed_in = await auth.sign_in_queued(body.email, body.password, user_agent=agent, client_ip=ip, replaces_token=previous)
    return SignInResponse(token=signed_in.token, user_id=signed_in.user.user_id,
                          onboarding_completed=signed_in.user.onboarding_completed)


@router.post("/sign-out", status_code=204)
def sign_out(caller: CallerDep) -> Response:
    """Revoke the session of the token sent: it stops working here and in the web UI."""
    auth.sign_out(caller.token)
    return Response(status_code=204)


@router.post("/sign-out-everywhere", response_model=SignedOutEverywhere)
def sign_out_everywhere(caller: CallerDep) -> SignedOutEverywhere:
    """Revoke every session of the caller, on every device and browser, this one included."""
    return SignedOutEverywhere(sessions_revoked=auth.sign_out_everywhere(caller.token))
