"""The locked profile screen: read-only, loaded only for the signed-in owner."""

from __future__ import annotations

from datetime import timezone

import reflex as rx

from fitapp import routes
from fitapp.services import conversation_view as views
from fitapp.services import profile_changes
from fitapp.services.onboarding import OnboardingView
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
        profile = profile_changes.current_profile(user.user_id)
        if profile is None:
            return rx.redirect(routes.ONBOARDING)
        self.locked_at = profile.locked_at.astimezone(timezone.utc).strftime("%-d %B %Y, %H:%M UTC") if profile.locked_at else ""
        self.version = profile.version
        self.sections = views.review_items(
            OnboardingView(current_step=11, completed_steps=sorted(profile.answers), answers=profile.answers,
                           completed=True, flow_version="1.0")
        )
        self.loaded = True
