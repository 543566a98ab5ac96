"""The onboarding conversation screen: thin state over the onboarding services."""

from __future__ import annotations

import reflex as rx

from fitapp import routes
from fitapp.domain import REVIEW_STEP
from fitapp.domain.steps import titles
from fitapp.domain.forms import MAX_INJURY_ROWS, answer_from_form
from fitapp.services import conversation_view as views
from fitapp.services import onboarding, profile_lock
from fitapp.services.onboarding import OnboardingClosed, OnboardingView
from fitapp.services.reference import load_reference_data
from fitapp.state.session import SessionState


CURRENT_QUESTION_ID = "current-question"


class ConversationState(SessionState):
    current_step: int = 0
    # The step whose form is shown: the current one, or an earlier one being changed.
    active_step: int = 0
    editing: bool = False
    transcript: list[dict[str, str]] = []
    errors: list[str] = []
    notes: list[str] = []
    defaults: dict[str, str] = {}
    form_key: int = 0
    units: str = "metric"
    injury_rows: int = 0
    meal_numbers: list[int] = []
    proposal: dict[str, str] = {}
    adjust_plan: bool = False
    review: list[dict[str, str]] = []
    review_problems: list[str] = []
    browser_time_zone: str = ""
    equipment_options: list[dict[str, str]] = []
    loaded: bool = False

    def _show(self, view: OnboardingView, step: int) -> None:
        defaults = views.form_defaults(view, step, self.browser_time_zone)
        step_changed = step != self.active_step or defaults != self.defaults
        self._assign(
            current_step=view.current_step,
            active_step=step,
            editing=step != view.current_step,
            transcript=views.transcript(view),
            defaults=defaults,
            units=defaults.get("units") or "metric",
            injury_rows=sum(1 for key in defaults if key.endswith("_area")),
            meal_numbers=list(range(1, views.meals_per_day(view) + 1)),
            proposal=views.proposal_display(view) if step == 7 else {},
            adjust_plan=defaults.get("adjust") == "on",
            review=views.review_items(view) if view.current_step == REVIEW_STEP else [],
            errors=[],
            loaded=True,
        )
        if step_changed:
            self.form_key += 1

    def _assign(self, **values) -> None:
        """Set only what changed: every assignment is sent to the browser and re-rendered."""
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    def _user_or_redirect(self):
        user = self.current_user()
        if user is None:
            return None, rx.redirect(routes.SIGN_IN)
        if user.onboarding_completed:
            return None, rx.redirect(routes.PROFILE)
        return user, None

    @rx.event
    def load(self):
        user, redirect = self._user_or_redirect()
        if redirect:
            return redirect
        view = onboarding.load(user.user_id)
        self.equipment_options = [
            {"code": item.code, "label": item.display_name} for item in load_reference_data().equipment_types
        ]
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
        user, redirect = self._user_or_redirect()
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
        user, redirect = self._user_or_redirect()
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
        user, redirect = self._user_or_redirect()
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
    def choose_units(self, units: str):
        self.units = units

    @rx.event
    def add_injury(self):
        self.injury_rows = min(self.injury_rows + 1, MAX_INJURY_ROWS)

    @rx.event
    def remove_injury(self):
        self.injury_rows = max(self.injury_rows - 1, 0)

    @rx.event
    def toggle_adjust(self, checked: bool):
        self.adjust_plan = bool(checked)

    @rx.event
    def confirm(self):
        user, redirect = self._user_or_redirect()
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
