"""The locked profile screen: read-only, loaded only for the signed-in owner."""

from __future__ import annotations

from datetime import datetime, timezone

import reflex as rx

from fitapp import routes
from fitapp.presenters import conversation as views
from fitapp.services import profile_views
from fitapp.state.session import SessionState, off_the_loop


class ProfileState(SessionState):
    locked_at: str = ""
    version: int = 0
    sections: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    @off_the_loop
    def load(self):
        user = self.current_user()
        if user is None:
            return rx.redirect(routes.SIGN_IN)
        # The most frequent read of a returning member: through the Redis profile cache.
        document = profile_views.locked_profile(user.user_id)
        if document is None:
            return rx.redirect(routes.ONBOARDING)
        answers = profile_views.document_answers(user.user_id, document)
        locked_at = datetime.fromisoformat(document["locked_at"]) if document.get("locked_at") else None
        self.locked_at = locked_at.astimezone(timezone.utc).strftime("%-d %B %Y, %H:%M UTC") if locked_at else ""
        self.version = document["version"]
        self.sections = views.review_items(answers)
        self.loaded = True
