"""The locked profile screen: read-only, loaded only for the signed-in owner; plus lifestyle check-ins."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from fitapp import routes
from fitapp.domain import StepRejected
from fitapp.domain.forms import answer_from_form
from fitapp.presenters import conversation as views
from fitapp.presenters.lifestyle import lifestyle_screen, member_zone
from fitapp.services import lifestyle, profile_views
from fitapp.state.session import SessionRecovery, SessionState, session_event, off_the_loop

LIFESTYLE_STEP = 9  # a check-in is read from the form as step 9's answer (the same fields and names)
NOT_SAVED = "I couldn't save your check-in just now; nothing was changed. Try again in a moment."


class ProfileState(SessionRecovery, SessionState):
    locked_at: str = ""
    version: int = 0
    sections: list[dict[str, str]] = []
    loaded: bool = False
    # The last 14 days of lifestyle check-ins: a row per check-in for the table (newest first),
    # the chart's points (oldest first) and the trend in words.
    check_ins: list[dict[str, str]] = []
    chart: list[dict] = []
    trend_text: str = ""
    check_in_errors: list[str] = []
    check_in_notice: str = ""
    check_in_form_key: int = 0

    def _load(self, user_id: uuid.UUID):
        # The most frequent read of a returning member: through the Redis profile cache.
        document = profile_views.locked_profile(user_id)
        if document is None:
            return rx.redirect(routes.ONBOARDING)
        answers = profile_views.document_answers(user_id, document)
        locked_at = datetime.fromisoformat(document["locked_at"]) if document.get("locked_at") else None
        self.locked_at = locked_at.astimezone(timezone.utc).strftime("%-d %B %Y, %H:%M UTC") if locked_at else ""
        self.version = document["version"]
        self.sections = views.review_items(answers)
        screen = lifestyle_screen(lifestyle.recent_with_trend(user_id), member_zone(answers))
        self.check_ins, self.chart, self.trend_text = screen.rows, screen.chart, screen.trend_text
        self.loaded = True
        return None

    @rx.event
    @session_event
    @off_the_loop
    def load(self):
        user = self.current_user()
        if user is None:
            return rx.redirect(routes.SIGN_IN)
        self.check_in_errors, self.check_in_notice = [], ""
        return self._load(user.user_id)

    @rx.event
    @session_event
    @off_the_loop
    def record_check_in(self, form: dict):
        """Today's energy, stress and sleep: the same service and rules as POST /users/{id}/lifestyle."""
        user = self.current_user()
        if user is None:
            return rx.redirect(routes.SIGN_IN)
        read = answer_from_form(LIFESTYLE_STEP, form)
        answer = {key: value for key, value in read.items() if value is not None}
        try:
            lifestyle.record_check_in(user.user_id, answer)
        except StepRejected as rejected:
            self.check_in_errors, self.check_in_notice = list(rejected.messages), ""
            return None
        except SQLAlchemyError:
            self.check_in_errors, self.check_in_notice = [NOT_SAVED], ""
            return None
        self.check_in_errors, self.check_in_notice = [], "Check-in saved: it's in your chart below."
        self.check_in_form_key += 1
        return self._load(user.user_id)
