"""Domain and service errors -> HTTP status codes, in one place.

Every error body is ``{"detail": "<message>"}`` or ``{"detail": {"messages": [...], ...}}``;
the messages are the services' own words for the user.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import redis
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc

from fitapp.domain import StepRejected
from fitapp.domain.answer_reader import quote
from fitapp.domain.accounts import AccountError, EmailTaken, SignInsBusy, SignInThrottled, SignUpRefused
from fitapp.domain.errors import Conflict, NotAllowed, NotFound, Refused
from fitapp.services.profile_changes import ProfileChangedMeanwhile
from fitapp.services.profile_lock import NotReadyToConfirm
from fitapp.services.snapshot import json_value



logger = logging.getLogger(__name__)

# What a client should wait before trying again when PostgreSQL or Redis is not answering: about the
# database's own deadline (fitapp.core.config: db_round_trip_deadline_ms).
RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE = ("The service cannot reach its database right now, so this request was not completed. "
                        "Please try again in a few seconds.")
CACHE_UNAVAILABLE = ("The service cannot reach its session store right now, so this request was not completed. "
                     "Please try again in a few seconds.")


def _unavailable(message: str) -> Callable[[Exception], JSONResponse]:
    """An outage is a 503 with a message and Retry-After, never a plain 500; the cause goes to the log."""

    def respond(exc: Exception) -> JSONResponse:
        logger.warning("answered 503: %s: %s", type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
        return error(503, message, {"Retry-After": str(RETRY_AFTER_SECONDS)})

    return respond


def error(status: int, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _messages(messages: list[str], **extra: Any) -> dict[str, Any]:
    return {"messages": list(messages), **extra}


def _account(exc: AccountError) -> JSONResponse:
    if isinstance(exc, SignInsBusy):
        return error(503, str(exc), {"Retry-After": str(exc.retry_after_seconds)})
    if isinstance(exc, SignInThrottled):
        return error(429, str(exc), {"Retry-After": str(exc.retry_after_seconds)})
    return error(401, str(exc), {"WWW-Authenticate": "Bearer"})


def _changed_meanwhile(exc: ProfileChangedMeanwhile) -> JSONResponse:
    current = exc.current
    profile = {**current.snapshot, "version": current.version, "locked_at": json_value(current.locked_at)}
    return error(409, _messages([exc.message], current_version=current.version, current_profile=profile))


def _not_ready(exc: NotReadyToConfirm) -> JSONResponse:
    problems = {str(step): messages for step, messages in exc.problems.items()}
    return error(422, _messages([str(exc)], problems=problems))


def _validation(exc: RequestValidationError) -> JSONResponse:
    """The request's shape was wrong: one message per problem and the fields it is about
    (never the input itself: pydantic's ``input`` is left out, it may be a megabyte or a NUL)."""
    messages: list[str] = []
    fields: list[str] = []
    for problem in exc.errors()[:20]:
        where = ".".join(quote(part) for part in problem.get("loc", ()) if part not in ("body", "query", "path"))
        message = quote(problem.get("msg"), 300)
        messages.append(f"{where}: {message}" if where else message)
        if where and where not in fields:
            fields.append(where)
    return error(422, _messages(messages, fields=fields))


# One status per base (domain.errors); Starlette picks the handler by the exception's MRO, so
# the few errors with a richer body (below the bases) override their base's row.
HANDLERS: dict[type[Exception], Callable[[Any], JSONResponse]] = {
    NotFound: lambda exc: error(404, exc.message),
    Conflict: lambda exc: error(409, exc.message),
    Refused: lambda exc: error(422, _messages([exc.message])),
    NotAllowed: lambda exc: error(403, exc.message),  # a wrong password re-check too: signed in, so not a 401
    RequestValidationError: _validation,
    AccountError: _account,
    SignUpRefused: lambda exc: error(422, _messages([str(exc)], fields=[exc.field])),
    EmailTaken: lambda exc: error(409, str(exc)),
    StepRejected: lambda exc: error(422, _messages(exc.messages, fields=list(exc.fields))),
    NotReadyToConfirm: _not_ready,
    ProfileChangedMeanwhile: _changed_meanwhile,
    # PostgreSQL down, frozen past its deadline, a statement or lock timeout, or no pooled connection free.
    sa_exc.OperationalError: _unavailable(DATABASE_UNAVAILABLE),
    sa_exc.InterfaceError: _unavailable(DATABASE_UNAVAILABLE),
    sa_exc.TimeoutError: _unavailable(DATABASE_UNAVAILABLE),
    sa_exc.DisconnectionError: _unavailable(DATABASE_UNAVAILABLE),
    redis.ConnectionError: _unavailable(CACHE_UNAVAILABLE),  # BusyLoadingError too
    redis.TimeoutError: _unavailable(CACHE_UNAVAILABLE),
    redis.exceptions.ReadOnlyError: _unavailable(CACHE_UNAVAILABLE),
}


def install_error_handlers(api: FastAPI) -> None:
    for exc_class, to_response in HANDLERS.items():
        api.add_exception_handler(exc_class, _handler(to_response))
    api.add_exception_handler(StarletteHTTPException, _http_error(api))


def _http_error(api: FastAPI) -> Callable[[Request, Exception], Any]:
    """Starlette's own HTTP errors, with one correction: a 405 names in Allow every method the path
    takes, as its OpenAPI says (Starlette names only the first of its routes: GET /profile said
    nothing of PATCH)."""
    methods_by_path: list[tuple[re.Pattern[str], list[str]]] = []

    async def handle(request: Request, exc: Exception) -> Any:
        if isinstance(exc, StarletteHTTPException) and exc.status_code == 405:
            if not methods_by_path:
                for template, operations in api.openapi()["paths"].items():
                    pattern = re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
                    methods_by_path.append((pattern, sorted(method.upper() for method in operations)))
            allowed = next((methods for pattern, methods in methods_by_path if pattern.match(request.url.path)), [])
            return error(405, "This path does not take that method.", {"Allow": ", ".join(allowed)})
        return await http_exception_handler(request, exc)

    return handle


def _handler(to_response: Callable[[Any], JSONResponse]) -> Callable[[Request, Exception], JSONResponse]:
    def handle(_request: Request, exc: Exception) -> JSONResponse:
        return to_response(exc)

    return handle
