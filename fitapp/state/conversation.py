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
from fitapp.domain import typed_form
from fitapp.domain.forms import answer_from_form, kept_form
from fitapp.domain.interpret import MAX_TEXT_CHARS, TYPED_EXAMPLES, remove_chip
from fitapp.domain.steps import LAST_QUESTION_STEP, STEPS, titles
from fitapp.presenters import conversation as views
from fitapp.services import onboarding, pace, profile_lock, typed_answers
from fitapp.services.onboarding import OnboardingClosed, OnboardingView
from fitapp.state.session import SessionRecovery, SessionState, session_event
from fitapp.state.step_form import StepFormMixin

CURRENT_QUESTION_ID = "current-question"
# A hidden field of the step form: the step the user was shown, which the answer is for. A var
# may be gone (a state lost with Redis); what the form says is still there.
SHOWN_STEP_FIELD = "shown_step"
# The tab keeps a copy of each step form it sends here (pages/onboarding.py: {"step", "fields"}) and
# the reply clears it: a Send whose reply never came (the websocket dropped, the worker died) is
# still there after a reconnect, with what the user typed.
UNANSWERED_SEND = "__fitappUnansweredSend"
NOT_SAVED = "I couldn't save that just now; your answer is still here, send it again in a moment."
TYPED_FIELD = "typed_answer"
NOT_READ = "I couldn't read that just now; nothing was changed. Try again in a moment."


def _nothing_read(step: int) -> str:
    """What the coach says to a typed answer that gave nothing: the kind of answer, by example."""
    return (f"I couldn't find your {STEPS[step].title.lower()} in that. You can use the form below, "
            f"or type something like: \u201c{TYPED_EXAMPLES[step]}\u201d")


def _read_back(missing: int) -> str:
    if missing == 0:
        return "Here's what I understood; it's in the form below. Remove anything I got wrong, check it and press Send."
    still = "1 answer is" if missing == 1 else f"{missing} answers are"
    return (f"Here's what I understood; it's in the form below. {still} still needed, marked in the form: "
            "fill them in, check the rest and press Send.")


def _step_number(value) -> int | None:
    """A step number sent by the page (an event's argument, a form field); anything else is None."""
    text = str(value) if isinstance(value, (str, int)) else ""
    return int(text) if text.isascii() and text.isdigit() else None


def _replied(reply) -> list:
    """The handler's reply to a sent form, with the tab's note of an unanswered Send cleared."""
    events = reply if isinstance(reply, list) else [] if reply is None else [reply]
    return [rx.call_script(f"delete window.{UNANSWERED_SEND}"), *events]


def _scroll_to_question():
    return rx.scroll_to(CURRENT_QUESTION_ID)


class ConversationState(StepFormMixin, SessionRecovery, SessionState):
    current_step: int = 0
    transcript: list[dict[str, str]] = []
    notes: list[str] = []
    review: list[dict[str, str]] = []
    review_problems: list[str] = []
    time_left: str = ""
    loaded: bool = False
    # A typed answer read at the active step: what the user typed, the coach's reply and the
    # chips understood. Nothing of it is stored until the pre-filled form is sent.
    typed_said: str = ""
    typed_reply: str = ""
    typed_chips: list[dict[str, str]] = []
    # Backend only: the typed answer's fields, and the form's values before any text filled it.
    _typed_answer: dict = {}
    _typed_base: dict[str, str] = {}
    # The step the chips were read at (None: no text read since the form was shown).
    _typed_step: int | None = None

    def _show(self, view: OnboardingView, step: int, keep_inputs: bool = False) -> None:
        self._clear_typed()
        self._show_form(view.answers, step, views.form_defaults(view, step), view.last_answer(7),
                        keep_inputs=keep_inputs)
        self._assign(
            current_step=view.current_step,
            editing=step != view.current_step,
            # At the review the chat is not shown (the review lists every answer): don't send it.
            transcript=views.transcript(view) if view.current_step != REVIEW_STEP else [],
            review=views.review_items(view.answers) if view.current_step == REVIEW_STEP else [],
            time_left=pace.time_left(view.current_step),
            loaded=True,
        )
        self._tab_in_step = True

    async def _member(self):
        """(user, None) for a signed-in member still onboarding, else (None, where to go instead)."""
        return await asyncio.to_thread(self.user_at_stage, onboarded=False)

    @rx.event
    @session_event  # a page load brings the tab's token; an on_load Reflex runs again for a lost state does not
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
        # Every load asks the tab for a Send that got no reply: after a reconnect this state may be
        # new (a worker killed with the tab's socket leaves its claim on the tab's token, so the tab
        # comes back under a new one; Redis may have restarted empty), so no var can tell.
        return [_scroll_to_question(),
                rx.call_script(f"window.{UNANSWERED_SEND} ?? null", callback=ConversationState.unanswered_send)]

    @rx.event
    @session_event
    async def unanswered_send(self, sent: dict | None):
        """The tab's copy of a form whose Send got no reply. Unless the database holds that answer
        (stored before the failure), its step is shown with the inputs as they were sent and the
        coach says it was not saved."""
        fields = kept_form(sent)
        step = _step_number(sent.get("step")) if fields is not None else None
        if step is None or step > LAST_QUESTION_STEP:
            return _replied(None)
        user, redirect = await self._member()
        if redirect:
            return redirect
        view = await asyncio.to_thread(onboarding.load, user.user_id)
        if step > view.current_step:
            return _replied(None)
        answer = answer_from_form(step, fields, meals_per_day=views.meals_per_day(view.last_answer(7)))
        if await asyncio.to_thread(onboarding.holds_answer, view, step, answer):
            return _replied(None)
        self._show(view, step)
        self._fill_form(fields)
        self.errors = [NOT_SAVED]
        return _replied(_scroll_to_question())

    @rx.event
    @session_event
    async def submit(self, form: dict):
        return _replied(await self._submit(form))

    async def _submit(self, form: dict):
        user, redirect = await self._member()
        if redirect:
            return redirect
        shown = _step_number(form.get(SHOWN_STEP_FIELD))
        if not self.loaded:
            # A new state: what the tab shows is rebuilt from the database, the step from the form
            # (the service checks that it may be answered), and the inputs stay as the user typed them.
            try:
                view = await asyncio.to_thread(onboarding.load, user.user_id)
            except SQLAlchemyError:
                self.errors = [NOT_SAVED]
                return _scroll_to_question()
            await asyncio.to_thread(self._load_equipment)
            self._show(view, shown if shown is not None and shown <= LAST_QUESTION_STEP else view.current_step,
                       keep_inputs=True)
        step = self.active_step if shown is None else shown
        answer = answer_from_form(step, form, meals_per_day=len(self.meal_numbers))
        try:
            outcome = await asyncio.to_thread(
                onboarding.answer_step, user.user_id, step, answer, session_id=str(user.session_id),
                user_agent=self._user_agent(), record_next_shown=True,
                began_as_typed=typed_form.began_as_typed(self._typed_step, step, self.typed_chips))
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

    def _clear_typed(self) -> None:
        self._assign(typed_said="", typed_reply="", typed_chips=[])
        self._typed_answer, self._typed_base, self._typed_step = {}, {}, None

    def _earlier_for_chips(self) -> dict[int, dict]:
        """What removing a chip needs of the earlier answers: the meals per day at the meal times."""
        return {7: {"meals_per_day": len(self.meal_numbers)}} if self.meal_numbers else {}

    def _show_typed(self, interpretation) -> None:
        """Pre-fill the form with the typed fields over what it showed before, and mark what is missing."""
        step = self.active_step
        form = typed_form.prefilled_form(step, self._typed_base, interpretation)
        marks = typed_form.still_needed(step, form, interpretation)
        self._fill_form(form, marks)
        self._typed_answer = interpretation.answer
        self._typed_step = step
        self._assign(typed_chips=typed_form.chips_payload(interpretation.understood), typed_reply=_read_back(len(marks)))

    @rx.event
    @session_event
    async def read_typed(self, form: dict):
        """The "Or type your answer" box: read the text into the step's fields (stores nothing)."""
        text = str(form.get(TYPED_FIELD) or "").strip()
        if not text:
            return
        user, redirect = await self._member()
        if redirect:
            return redirect
        step = self.active_step
        self.typed_said = text[:MAX_TEXT_CHARS]
        try:
            read = await asyncio.to_thread(typed_answers.interpret_typed, user.user_id, step, text)
        except ValueError:
            self.typed_reply = f"That's more than {MAX_TEXT_CHARS:,} characters; say it in fewer words."
            return
        except SQLAlchemyError:
            self.typed_reply = NOT_READ
            return
        if read.empty:
            self.typed_reply = _nothing_read(step)
            return
        earlier = None
        if self.typed_chips:
            earlier = typed_form.interpretation_from(step, self._typed_answer, self.typed_chips,
                                                     self._earlier_for_chips())
        else:
            self._typed_base = dict(self.defaults)
        self._show_typed(typed_form.combine(earlier, read, self._earlier_for_chips()))

    @rx.event
    def remove_typed(self, field: str):
        """Take one understood chip back out: its field leaves the form (back to what it showed before)."""
        step = self.active_step
        if not any(chip["field"] == field for chip in self.typed_chips):
            return
        earlier = self._earlier_for_chips()
        kept = remove_chip(typed_form.interpretation_from(step, self._typed_answer, self.typed_chips, earlier),
                           field, earlier)
        self._show_typed(kept)
        if not kept.understood:
            self.typed_reply = "I've taken that out; nothing you typed is in the form now."
        return rx.set_focus(TYPED_FIELD)

    @rx.event
    @session_event
    async def change_answer(self, step: str):
        user, redirect = await self._member()
        if redirect:
            return redirect
        view = await asyncio.to_thread(onboarding.load, user.user_id)
        # The event's argument comes from the page and may be anything: only an answered step's number counts.
        number = _step_number(step)
        if number in view.answers:
            self.notes = []
            self._show(view, number)
            await asyncio.to_thread(onboarding.record_shown, user.user_id, number, session_id=str(user.session_id))
            return _scroll_to_question()

    @rx.event
    @session_event
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
    @session_event
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
