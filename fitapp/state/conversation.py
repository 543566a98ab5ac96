"""The onboarding conversation screen: thin state over the onboarding services."""

from __future__ import annotations

import reflex as rx

from fitapp import routes
from fitapp.domain import REVIEW_STEP
from fitapp.domain.steps import titles
from fitapp.domain.forms import answer_from_form
from fitapp.services import conversation_view as views
from fitapp.services import onboarding, profile_lock
from fitapp.services.onboarding import OnboardingClosed, OnboardingView
from fitapp.state.session import SessionState
from fitapp.state.step_form import StepFormMixin


CURRENT_QUESTION_ID = "current-question"


class ConversationState(StepFormMixin, SessionState):
    current_step: int = 0
    transcript: list[dict[str, str]] = []
    notes: list[str] = []
    review: list[dict[str, str]] = []
    review_problems: list[str] = []
    browser_time_zone: str = ""
    loaded: bool = False

    def _show(self, view: OnboardingView, step: int) -> None:
        self._show_form(view, step, views.form_defaults(view, step, self.browser_time_zone))
        self._assign(
            current_step=view.current_step,
            editing=step != view.current_step,
            # At the review the chat is not shown (the review lists every answer): don't send it.
            transcript=views.transcript(view) if view.current_step != REVIEW_STEP else [],
            review=views.review_items(view) if view.current_step == REVIEW_STEP else [],
            loaded=True,
        )

    @rx.event
    def load(self):
        user, redirect = self.user_at_stage(onboarded=False)
        if redirect:
            return redirect
        view = onboarding.load(user.user_id)
        self._load_equipment()
        self.notes = []
        self._show(view, view.current_step)
        onboarding.record_shown(user.user_id, view.current_step, session_id=str(user.session_id))
        return rx.call_script("Intl.DateTimeFormat().resolvedOptions().timeZone", callback=ConversationState.set_time_zone)

    @rx.event
    def set_time_zone(self, time_zone: str):
        self.browser_time_zone = time_zone or ""
        if self.active_step == 0 and not self.editing and time_zone:
            self.defaults = {**self.defaults, "time_zone": time_zone}
            self.form_key += 1

    @rx.event
    def submit(self, form: dict):
        user, redirect = self.user_at_stage(onboarded=False)
        if redirect:
            return redirect
        step = self.active_step
        answer = answer_from_form(step, form, meals_per_day=len(self.meal_numbers))
        try:
            outcome = onboarding.answer_step(user.user_id, step, answer, session_id=str(user.session_id),
                                             user_agent=self._user_agent(), record_next_shown=True)
        except OnboardingClosed:
            return rx.redirect(routes.PROFILE)
        if not outcome.accepted:
            self.errors = outcome.messages
            return rx.scroll_to(CURRENT_QUESTION_ID)
        self.notes = list(outcome.notes)
        if outcome.invalidated:
            self.notes.append("That changes something we planned, so let's look again at: "
                              + ", ".join(titles(outcome.invalidated)) + ".")
        self._show(outcome.view, outcome.view.current_step)
        return rx.scroll_to(CURRENT_QUESTION_ID)

    @rx.event
    def change_answer(self, step: str):
        user, redirect = self.user_at_stage(onboarded=False)
        if redirect:
            return redirect
        view = onboarding.load(user.user_id)
        number = int(step)
        if number in view.answers:
            self.notes = []
            self._show(view, number)
            onboarding.record_shown(user.user_id, number, session_id=str(user.session_id))
            return rx.scroll_to(CURRENT_QUESTION_ID)

    @rx.event
    def cancel_change(self):
        user, redirect = self.user_at_stage(onboarded=False)
        if redirect:
            return redirect
        self._show(onboarding.load(user.user_id), self.current_step)

    @rx.event
    def visibility_changed(self, hidden: bool):
        """Time on a step counts only while the tab is visible (the funnel's time per step)."""
        user = self.current_user()
        if user is None or not self.loaded:
            return
        record = onboarding.record_hidden if hidden else onboarding.record_shown
        record(user.user_id, self.active_step, session_id=str(user.session_id))

    @rx.event
    def confirm(self):
        user, redirect = self.user_at_stage(onboarded=False)
        if redirect:
            return redirect
        try:
            profile_lock.confirm_and_lock(user.user_id, user_agent=self._user_agent())
        except profile_lock.AlreadyConfirmed:
            return rx.redirect(routes.PROFILE)
        except profile_lock.NotReadyToConfirm as problem:
            self.review_problems = [f"{message}" for messages in problem.problems.values() for message in messages]
            return
        return rx.redirect(routes.PROFILE)
