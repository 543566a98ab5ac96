"""The browser's session: an opaque token in localStorage, checked on the server every time."""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import time

import reflex as rx

from fitapp import routes
from fitapp.core import metrics
from fitapp.services import auth


def off_the_loop(handler):
    """Run a synchronous event handler in a worker thread: its database and Redis calls never
    block the worker's event loop (a stalled PostgreSQL must not freeze `/ping` or other tabs).

    The state is locked for this event while the thread runs, so nothing else touches it. The
    handler keeps its name, signature and annotations (Reflex reads them for the event's args).
    """

    @functools.wraps(handler)
    async def in_a_thread(self, *args, **kwargs):  # Reflex passes an event's arguments by name
        return await asyncio.to_thread(handler, self, *args, **kwargs)

    return in_a_thread


async def _outcome(value):
    return await value if inspect.isawaitable(value) else value


async def _timed(state, handler, args, kwargs):
    """Run an event handler, its time in fitapp_event_duration_seconds{event="State.handler"}
    (Reflex 0.10 calls no middleware after an event, so the handlers time themselves)."""
    began = time.perf_counter()
    try:
        return await _outcome(handler(state, *args, **kwargs))
    finally:
        metrics.EVENT_SECONDS.labels(f"{type(state).__name__}.{handler.__name__}").observe(time.perf_counter() - began)


def session_event(handler):
    """For an event handler that acts for the signed-in person (in a state with ``SessionRecovery``).

    Run in a state without the tab's session token (a new state, after Redis restarted empty or
    the tab came back under a new token), it first asks the tab for the token and then runs with
    it, the event's arguments kept (a form as typed), rather than send the person to sign in.
    Each run is timed into the metrics."""

    @functools.wraps(handler)
    async def with_session(self, *args, **kwargs):
        if not self.auth_token:
            asked = bool(self._waiting_events)
            self._waiting_events = [*self._waiting_events, {"name": handler.__name__, "args": list(args),
                                                            "kwargs": kwargs}]
            return None if asked else self._ask_the_tab_for_its_session(type(self).resume_with_session)
        return await _timed(self, handler, args, kwargs)

    return with_session


SESSION_STORAGE_KEY = "fitapp_session"
PAGE_LOAD = "load"  # the name of every page state's on_load handler


class SessionState(rx.State):
    # Shared by every tab of the browser (sync=True): sign in once, and a second tab is signed in.
    auth_token: str = rx.LocalStorage("", name=SESSION_STORAGE_KEY, sync=True)
    signed_in_email: str = ""

    def current_user(self) -> auth.CurrentUser | None:
        """Every handler touching private data calls this; the page redirect is not protection."""
        user = auth.current_user(self.auth_token)
        email = user.email if user else ""
        if email != self.signed_in_email:  # an unchanged assignment would still be sent and re-rendered
            self.signed_in_email = email
        return user

    def user_at_stage(self, *, onboarded: bool):
        """(user, None) when signed in with the onboarding finished (or not, as asked); else (None, a redirect)."""
        user = self.current_user()
        if user is None:
            return None, rx.redirect(routes.SIGN_IN)
        if user.onboarding_completed != onboarded:
            return None, rx.redirect(routes.PROFILE if user.onboarding_completed else routes.ONBOARDING)
        return user, None

    def _ask_the_tab_for_its_session(self, then):
        """A new state without a token (lost when Redis restarted empty) on a tab that may still hold
        one: the tab reads it from its storage and sends it to ``then`` (Reflex only reads the
        storage when a page loads, and a reload would lose what the user typed)."""
        return rx.call_script(f"window.localStorage.getItem({json.dumps(SESSION_STORAGE_KEY)})", callback=then)

    def _restore_session(self, token) -> None:
        """The token the tab sent back; checked by ``current_user`` like any other."""
        if isinstance(token, str) and token and not self.auth_token:
            self.auth_token = token

    def _user_agent(self) -> str:
        return self.router.headers.user_agent or ""

    def _client_ip(self) -> str | None:
        """The websocket's peer (behind TRUSTED_PROXY_HOPS proxies, the client they name)."""
        return self.router.session.client_ip or None

    @rx.event
    @off_the_loop
    def redirect_signed_in(self):
        """On the sign-in and sign-up pages: a signed-in person goes where they belong."""
        user = self.current_user()
        if user is not None:
            return rx.redirect(routes.PROFILE if user.onboarding_completed else routes.ONBOARDING)

    @rx.event
    async def sign_out(self):
        await asyncio.to_thread(auth.sign_out, self.auth_token)
        return self._signed_out()

    @rx.event
    async def sign_out_everywhere(self):
        """Every session of this person ends: other browsers and API clients lose access too."""
        await asyncio.to_thread(auth.sign_out_everywhere, self.auth_token)
        return self._signed_out()

    def _signed_out(self):
        self.auth_token = ""
        self.signed_in_email = ""
        return rx.redirect(routes.SIGN_IN)


class SessionRecovery(rx.State, mixin=True):
    """The event that ``session_event`` handlers wait for: the tab's answer with its token."""

    # Backend only: the events that arrived without a token (a form sent, then the on_load Reflex
    # runs again for the new state), in order, until the tab sends it.
    _waiting_events: list[dict] = []

    @rx.event
    async def resume_with_session(self, token: str | None):
        waiting, self._waiting_events = self._waiting_events, []
        self._restore_session(token)
        replies = []
        # The page's own load first (every page state's on_load is named `load`): it rebuilds what
        # the new state shows, and the person's event then acts on it (a form sent, say) and says
        # how that went, which a load run after would wipe.
        for event in sorted(waiting, key=lambda event: event["name"] != PAGE_LOAD):
            # Past the token check: a tab with no token either gets what the handler gives anyone
            # signed out (sign in), instead of being asked again.
            handler = getattr(type(self), event["name"]).fn.__wrapped__
            reply = await _timed(self, handler, event["args"], event["kwargs"])
            replies.extend(reply if isinstance(reply, list) else [] if reply is None else [reply])
        return replies or None
