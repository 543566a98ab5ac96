"""Sign-up and sign-in forms: parse, call the auth service, keep the token, route onwards."""

from __future__ import annotations


import reflex as rx

from fitapp import routes
from fitapp.core.outages import OUTAGES
from fitapp.domain.accounts import AccountError
from fitapp.services import auth
from fitapp.state.session import SessionState


SIGN_IN_UNAVAILABLE = ("We couldn't reach our database just now, so you are not signed in yet. "
                       "What you typed is still in the form; please try again in a moment.")
SIGN_UP_UNAVAILABLE = ("We couldn't reach our database just now, so your account was not created yet. "
                       "What you typed is still in the form; please try again in a moment.")


class AccountFormState(SessionState):
    """Hashing or checking a password is Argon2 CPU work (which releases the GIL): the handlers wait
    their turn on the event loop and run it in a thread, so the worker keeps serving everyone else."""

    error: str = ""
    notice: str = ""  # e.g. "your account has been deleted", shown on the sign-in page
    busy: bool = False

    def _signed_in(self, signed_in: auth.SignedIn):
        self.auth_token = signed_in.token
        self.signed_in_email = signed_in.user.email
        self.error = self.notice = ""
        return rx.redirect(routes.PROFILE if signed_in.user.onboarding_completed else routes.ONBOARDING)

    @rx.event
    async def sign_up(self, form: dict):
        if form.get("password", "") != form.get("password_confirm", ""):
            self.error = "The two passwords are not the same."
            return
        try:
            signed_in = await auth.sign_up_queued(form.get("email", ""), form.get("password", ""),
                                                user_agent=self._user_agent(), client_ip=self._client_ip())
        except AccountError as error:
            self.error = str(error)
            return
        except OUTAGES:
            self.error = SIGN_UP_UNAVAILABLE
            return
        return self._signed_in(signed_in)

    @rx.event
    async def sign_in(self, form: dict):
        try:
            signed_in = await auth.sign_in_queued(form.get("email", ""), form.get("password", ""),
                                                user_agent=self._user_agent(), client_ip=self._client_ip(),
                                                replaces_token=self.auth_token or None)
        except AccountError as error:
            self.error = str(error)
            return
        except OUTAGES:
            self.error = SIGN_IN_UNAVAILABLE
            return
        return self._signed_in(signed_in)

    @rx.event
    def clear_error(self):
        self.error = ""
