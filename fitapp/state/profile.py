"""The locked profile screen: read-only, loaded only for the signed-in owner."""

from __future__ import annotations

from datetime import datetime

import reflex as rx

from fitapp import routes
from fitapp.services import conversation_view as views
from fitapp.services import onboarding, profile_lock
from fitapp.state.session import SessionState


class ProfileState(SessionState):
    locked_at: str = ""
    version: int = 0
    sections: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    def load(self):
        user = self.current_user()
        if user is None:
            return rx.redirect(routes.SIGN_IN)
        profile = profile_lock.load_locked_profile(user.user_id)
        if profile is None:
            return rx.redirect(routes.ONBOARDING)
        locked_at = datetime.fromisoformat(str(profile["locked_at"])) if profile.get("locked_at") else None
        self.locked_at = locked_at.strftime("%-d %B %Y, %H:%M UTC") if locked_at else ""
        self.version = int(profile.get("version") or 1)
        self.sections = views.review_items(onboarding.load(user.user_id))
        self.loaded = True
