"""Who is calling and what they may touch.

The bearer token is the web UI's own session token (``auth.current_user``), checked on every
request. Rows are checked by their owner: the ``{user_id}`` in the path must be the caller's
own id, except where the seed allows an admin, and being an admin is checked in the database
(``admin.is_admin``), never taken from the request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from fitapp.core.config import get_settings
from fitapp.services import admin, auth

_bearer = HTTPBearer(auto_error=False, description="The session token from POST /api/v1/auth/sign-in.")


@dataclass(frozen=True)
class Caller:
    user: auth.CurrentUser
    token: str

    @property
    def user_id(self) -> uuid.UUID:
        return self.user.user_id


def current_caller(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Caller:
    token = credentials.credentials if credentials else None
    user = auth.current_user(token)
    if user is None:
        raise HTTPException(
            401,
            "Sign in first: send 'Authorization: Bearer <session token>' with a valid, unexpired token.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Caller(user, token)


CallerDep = Annotated[Caller, Depends(current_caller)]


def _forbidden() -> HTTPException:
    return HTTPException(403, "You can only access your own data.")


def own_user_id(user_id: uuid.UUID, caller: CallerDep) -> uuid.UUID:
    """'User only': the path's user must be the caller, admins included."""
    if user_id != caller.user_id:
        raise _forbidden()
    return user_id


def own_or_admin_user_id(user_id: uuid.UUID, caller: CallerDep) -> uuid.UUID:
    """'User or Admin': the caller's own id, or any id for an admin."""
    if user_id != caller.user_id and not admin.is_admin(caller.user_id):
        raise _forbidden()
    return user_id


def admin_caller(caller: CallerDep) -> Caller:
    """'Admin only': the signed-in caller. The role is checked once, by the admin service the
    route calls (``admin_roles.require_admin``, in the database; NotAllowed is a 403)."""
    return caller


OwnUserId = Annotated[uuid.UUID, Depends(own_user_id)]
OwnOrAdminUserId = Annotated[uuid.UUID, Depends(own_or_admin_user_id)]
AdminDep = Annotated[Caller, Depends(admin_caller)]


def user_agent(request: Request) -> str | None:
    return request.headers.get("user-agent")


UserAgent = Annotated[str | None, Depends(user_agent)]


def client_ip(request: Request) -> str:
    """The caller's address for throttling: the socket's peer, or, behind `trusted_proxy_hops`
    reverse proxies, the address the outermost trusted proxy saw (the same rule Reflex applies
    to its websocket). X-Forwarded-For from anyone else is ignored: a client could forge it."""
    peer = request.client.host if request.client else "unknown"
    hops = get_settings().trusted_proxy_hops
    if hops:
        forwarded = [ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",") if ip.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return peer


ClientIp = Annotated[str, Depends(client_ip)]


def bearer_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str | None:
    return credentials.credentials if credentials else None


BearerToken = Annotated[str | None, Depends(bearer_token)]
