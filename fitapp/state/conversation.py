"""The onboarding conversation screen: thin state over the onboarding services.

Every handler re-reads the step from the database (the state is a disposable cache) and runs
the service calls in a worker thread, so a slow database never stalls the other users of
this backend worker's event loop.
"""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from fitapp import routes
from fitapp.domain import REVIEW_STEP
from fitapp.domain.forms import answer_from_form
from fitapp.domain.steps import titles
from fitapp.services import conversation_view as views
from fitapp.services import onboarding, pace, profile_lock
from fitapp.services.onboarding import OnboardingClosed, OnboardingView
from fitapp.state.session import SessionState
from fitapp.state.step_form import StepFormMixin

CURRENT_QUESTION_ID = "current-question"
NOT_SAVED = "I couldn't save that just now; your answer is still here, send it again in a moment."


def _scroll_to_question():
    return rx.scroll_to(CURRENT_QUESTION_ID)


class ConversationState(StepFormMixin, SessionState):
    current_step: int = 0
    transcript: list[dict[str, str]] = []
    notes: list[str] = []
    review: list[dict[str, str]] = []
    review_problems: list[str] = []
    time_left: str = ""
    loaded: bool = False

    def _show(self, view: OnboardingView, step: int) -> None:
        self._show_form(view.answers, step, views.form_defaults(view, step), view.last_answer(7))
        self._assign(
            current_step=view.current_step,
            editing=step != view.current_step,
            # At the review the chat is not shown (the review lists every answer): don't send it.
            transcript=views.transcript(view) if view.current_step != REVIEW_STEP else [],
            review=views.review_items(view.answers) if view.current_step == REVIEW_STEP else [],
            time_left=pace.time_left(view.current_step),
            loaded=True,
        )

    async def _member(self):
        """(user, None) for a signed-in member still onboarding, else (None, where to go instead)."""
        return await asyncio.to_thread(self.user_at_stage, onboarded=False)

    @rx.event
    async def load(self):
        user, redirect = await self._member()
        if redirect:
            return redirect
        view = await asyncio.to_thread(onboarding.load, user.user_id)
        await asyncio.to_thread(self._load_equipment)
        self.notes = []
        self._show(view, view.current_step)
        await asyncio.to_thread(onboarding.record_shown, user.user_id, view.current_step,
                                session_id=str(user.session_id))
        # Resuming on another device: the current question is in view, not the top of a long chat.
        return _scroll_to_question()

    @rx.event
    async def submit(self, form: dict):
        user, redirect = await self._member()
        if redirect:
            return redirect
        step = self.active_step
        answer = answer_from_form(step, form, meals_per_day=len(self.meal_numbers))
        try:
            outcome = await asyncio.to_thread(
                onboarding.answer_step, user.user_id, step, answer, session_id=str(user.session_id),
                user_agent=self._user_agent(), record_next_shown=True)
        except OnboardingClosed:
            return rx.redirect(routes.PROFILE)
        except SQLAlchemyError:
            # Nothing was stored; the form is not re-drawn, so what the user typed stays in it.
            self.errors = [NOT_SAVED]
            return _scroll_to_question()
        if not outcome.accepted:
            self._refuse(outcome.messages, outcome.field_messages, form)
            return _scroll_to_question()
        self.notes = list(outcome.notes)
        if outcome.invalidated:
            self.notes.append("That changes something we planned, so let's look again at: "
                              + ", ".join(titles(outcome.invalidated)) + ".")
        self._show(outcome.view, outcome.view.current_step)
        return _scroll_to_question()

    @rx.event
    async def change_answer(self, step: str):
        user, redirect = await self._member()
        if redirect:
            return redirect
        view = await asyncio.to_thread(onboarding.load, user.user_id)
        number = int(step)
        if number in view.answers:
            self.notes = []
            self._show(view, number)
            await asyncio.to_thread(onboarding.record_shown, user.user_id, number, session_id=str(user.session_id))
            return _scroll_to_question()

    @rx.event
    async def cancel_change(self):
        user, redirect = await self._member()
        if redirect:
            return redirect
        view = await asyncio.to_thread(onboarding.load, user.user_id)
        self._show(view, view.current_step)
        return _scroll_to_question()

    @rx.event
    async def visibility_changed(self, hidden: bool):
        """Time on a step counts only while the tab is visible (the funnel's time per step)."""
        if not self.loaded:
            return
        user = await asyncio.to_thread(self.current_user)
        if user is None:
            return
        record = onboarding.record_hidden if hidden else onboarding.record_shown
        await asyncio.to_thread(record, user.user_id, self.active_step, session_id=str(user.session_id))

    @rx.event
    async def confirm(self):
        user, redirect = await self._member()
        if redirect:
            return redirect
        try:
            await asyncio.to_thread(profile_lock.confirm_and_lock, user.user_id, user_agent=self._user_agent())
        except profile_lock.AlreadyConfirmed:
            return rx.redirect(routes.PROFILE)
        except profile_lock.NotReadyToConfirm as problem:
            self.review_problems = [f"{message}" for messages in problem.problems.values() for message in messages]
            return
        except SQLAlchemyError:
            self.review_problems = ["I couldn't lock your plan just now; nothing was changed. Try again in a moment."]
            return
        return rx.redirect(routes.PROFILE)
