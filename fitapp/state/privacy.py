"""The "Your data" section of the profile page: download everything, or delete the account (GDPR)."""

from __future__ import annotations

import asyncio
import json

import reflex as rx

from fitapp import routes
from fitapp.domain.accounts import AccountError
from fitapp.domain.errors import UserFacingError
from fitapp.domain.privacy import EXPORT_FILENAME, USER
from fitapp.services import privacy
from fitapp.state.accounts import AccountFormState
from fitapp.state.session import SessionRecovery, SessionState, session_event, off_the_loop

ACCOUNT_DELETED = "Your account has been deleted and you have been signed out. Thank you for training with us."


class PrivacyState(SessionRecovery, SessionState):
    delete_open: bool = False
    delete_error: str = ""

    @rx.event
    @session_event
    @off_the_loop
    def download_my_data(self):
        user = self.current_user()
        if user is None:
            return rx.redirect(routes.SIGN_IN)
        document = json.dumps(privacy.export_user_data(user.user_id), indent=2, ensure_ascii=False)
        return rx.download(data=document, filename=EXPORT_FILENAME, mime_type="application/json")

    @rx.event
    def set_delete_open(self, is_open: bool):
        self.delete_open = is_open
        self.delete_error = ""

    @rx.event
    @session_event
    async def delete_account(self, form: dict):
        """Erase with the password re-checked; then sign out and say so on the sign-in page."""
        user = await asyncio.to_thread(self.current_user)
        if user is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            # The password check is Argon2 (about 0.1 s): off the event loop, like sign-in.
            await asyncio.to_thread(privacy.erase_user, user.user_id, requested_by=USER,
                                    password=form.get("password", ""), reason=form.get("reason") or None,
                                    client_ip=self._client_ip())
        except UserFacingError as error:  # wrong or missing password, reason too long
            self.delete_error = error.message
            return
        except AccountError as error:  # too many wrong passwords
            self.delete_error = str(error)
            return
        self.auth_token, self.signed_in_email, self.delete_open = "", "", False
        accounts = await self.get_state(AccountFormState)
        accounts.notice = ACCOUNT_DELETED
        return rx.redirect(routes.SIGN_IN)
