"""The onboarding conversation's use cases: load and resume, show a step, answer a step.

Every accepted answer is saved in one transaction with the progress it implies; a rejected
answer changes nothing but is recorded as an event for the funnel analytics.
"""

from __future__ import annotations

import functools
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from fitapp.core.db import member_read_one, member_scope
from fitapp.domain.errors import AccountClosed
from fitapp.core.metrics import ANSWERS
from fitapp.domain import (
    REVIEW_STEP,
    STEP_TITLES,
    MealPlanProposal,
    StepContext,
    StepRejected,
    answers_from_step_data,
    invalidated_steps,
    next_unanswered_step,
    step_data_from_answers,
    validate_answer,
)
from fitapp.domain.accounts import device_type_from_user_agent
from fitapp.domain.analytics import answered_details
from fitapp.domain.clock import today_for
from fitapp.domain.nutrition import proposal_if_possible
from fitapp.domain.errors import Conflict
from fitapp.models import OnboardingState, OnboardingStepEvent
from fitapp.services.reference import load_reference_data


class OnboardingClosed(Conflict):
    """The onboarding was confirmed: changes now go through a profile change request."""


@dataclass(frozen=True)
class OnboardingView:
    """Progress and the accepted answers still valid (answers of re-asked steps are left out).

    ``reasked_answers`` are the last answers of the steps that an earlier change sent back to
    be asked again: not valid any more, but what the re-asked form is pre-filled from, so that
    nothing the user did not change is lost (the meals per day of a re-asked meal plan).
    """

    current_step: int
    completed_steps: list[int]
    answers: dict[int, dict[str, Any]]
    completed: bool
    flow_version: str
    started_at: datetime | None = None
    reasked_answers: dict[int, dict[str, Any]] = field(default_factory=dict)

    def last_answer(self, step: int) -> dict[str, Any] | None:
        """The step's valid answer, else its last answer before it was re-asked, else None."""
        return self.answers.get(step) or self.reasked_answers.get(step)

    def proposal(self) -> MealPlanProposal | None:
        """The coach's meal plan from the answers so far, once steps 0, 1, 2, 5 and 6 allow it."""
        return proposal_if_possible(self.answers, today_for(self.answers))


@dataclass(frozen=True)
class AnswerOutcome:
    accepted: bool
    view: OnboardingView
    messages: list[str] = field(default_factory=list)
    # The answer fields the messages are about (paths as in StepRejected.fields).
    fields: tuple[str, ...] = ()
    # Each of those fields' own messages (StepRejected.field_messages), to show beside its input.
    field_messages: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    invalidated: list[int] = field(default_factory=list)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _view(state: OnboardingState) -> OnboardingView:
    answers = answers_from_step_data(state.step_data)
    completed = sorted(set(state.completed_steps or []))
    return OnboardingView(
        current_step=state.current_step,
        completed_steps=completed,
        answers={step: answers[step] for step in completed if step in answers},
        completed=state.completed_at is not None,
        flow_version=state.flow_version,
        started_at=state.started_at,
        reasked_answers={step: answer for step, answer in answers.items() if step not in completed},
    )


def _state_for(db: Session, user_id: uuid.UUID, *, lock: bool = False) -> OnboardingState:
    query = select(OnboardingState).where(OnboardingState.user_id == user_id)
    if lock:
        query = query.with_for_update()
    state = db.exec(query).first()
    if state is None:
        # Accounts made before onboarding existed (or by an admin reset) start at step 0.
        state = OnboardingState(user_id=user_id, current_step=0, completed_steps=[], step_data={})
        db.add(state)
        db.flush()
    return state


def load(user_id: uuid.UUID) -> OnboardingView:
    """The member's progress, read in one round trip of a read-only unit (no lock, no
    transaction id). An account without a state row yet starts at step 0; the row is created
    by its first write."""
    found = member_read_one(user_id, _LOAD_SQL, {"user_id": user_id})
    if found is None or not found[0]:  # erased in the same snapshot as the state
        raise AccountClosed()
    if found[1] is None:
        return _view(OnboardingState(user_id=user_id, current_step=0, completed_steps=[], step_data={}))
    return _view(OnboardingState(user_id=user_id, **dict(zip(_LOAD_COLUMNS, found[1:]))))


_LOAD_COLUMNS = ("current_step", "completed_steps", "step_data", "completed_at", "flow_version", "started_at")
# One round trip (member_read_one): the account's state, and whether the account is open.
_LOAD_SQL = (
    "SELECT u.deleted_at IS NULL AND u.account_status <> 'deleted', "
    + ", ".join(f"o.{column}" for column in _LOAD_COLUMNS)
    + " FROM users u LEFT JOIN onboarding_states o ON o.user_id = u.id WHERE u.id = %(user_id)s"
)


def holds_answer(view: OnboardingView, step: int, answer: dict[str, Any]) -> bool:
    """Whether ``view`` holds ``answer`` as the step's valid answer, once the rules have read it.

    A tab whose Send got no reply (its worker died, the connection dropped) cannot tell whether
    the answer was stored before the failure; this says, so that the user is told only about
    an answer that was really lost."""
    stored = view.answers.get(step)
    if stored is None:
        return False
    try:
        return _validated(view.answers, step, answer).answer == stored
    except StepRejected:
        return False


def _validated(answers: dict[int, dict[str, Any]], step: int, answer: dict[str, Any]):
    """The rules' reading of ``answer`` for ``step`` against the other valid ``answers``."""
    earlier = {number: value for number, value in answers.items() if number != step}
    return validate_answer(step, answer, StepContext(earlier, load_reference_data(), today_for(earlier or {0: answer})))


def record_shown(user_id: uuid.UUID, step: int, *, session_id: str | None = None) -> None:
    """A step was put in front of the user: the funnel's 'reached' and the start of its time."""
    _record_view_event(user_id, step, "shown", session_id)


def record_hidden(user_id: uuid.UUID, step: int, *, session_id: str | None = None) -> None:
    """The tab went to the background: time on the step stops until it is shown again."""
    _record_view_event(user_id, step, "hidden", session_id)


def _record_view_event(user_id: uuid.UUID, step: int, event: str, session_id: str | None) -> None:
    if not 0 <= step <= REVIEW_STEP:
        return
    with member_scope(user_id) as db:
        state = _state_for(db, user_id)
        if state.completed_at is not None:
            return
        db.add(OnboardingStepEvent(user_id=user_id, step=step, event=event, flow_version=state.flow_version,
                                   session_id=session_id, occurred_at=_now()))
        if event == "shown":
            state.last_activity_at = _now()


def _prerequisite_problem(step: int, completed: set[int]) -> str | None:
    if not 0 <= step <= REVIEW_STEP - 1:
        return f"There is no question step {step}; the questions run from 0 to {REVIEW_STEP - 1}."
    if step in completed:
        return None
    missing = [number for number in range(step) if number not in completed]
    if missing:
        return f"Let's finish '{STEP_TITLES[missing[0]]}' first."
    return None


def _counted(answer):
    """Answers and rejections per step for the metrics, counted once the transaction has committed."""

    @functools.wraps(answer)
    def counted(user_id: uuid.UUID, step: int, *args: Any, **kwargs: Any) -> AnswerOutcome:
        outcome = answer(user_id, step, *args, **kwargs)
        label = str(step) if isinstance(step, int) and 0 <= step <= REVIEW_STEP else "other"  # bounded labels
        ANSWERS.labels(step=label, outcome="accepted" if outcome.accepted else "rejected").inc()
        return outcome

    return counted


@_counted
def answer_step(
    user_id: uuid.UUID,
    step: int,
    answer: dict[str, Any],
    *,
    session_id: str | None = None,
    user_agent: str | None = None,
    record_next_shown: bool = False,
    began_as_typed: bool = False,
) -> AnswerOutcome:
    """Validate and save one step's answer; re-ask exactly the steps that depend on it.

    ``began_as_typed`` (the form was pre-filled from a typed answer, see
    ``domain.analytics.answered_details``) is kept on the 'answered' event for the funnel.

    With `record_next_shown` the step the conversation moves to is recorded as shown in the
    same transaction (the UI shows it at once), saving a second round trip to the database.
    """
    with member_scope(user_id) as db:
        state = _state_for(db, user_id, lock=True)
        if state.completed_at is not None:
            raise OnboardingClosed("Your plan is locked. To change it, request a change from your profile.")
        view = _view(state)
        completed = set(view.completed_steps)
        answers = dict(view.answers)
        problem = _prerequisite_problem(step, completed)
        try:
            if problem:
                raise StepRejected([problem], step)
            result = _validated(answers, step, answer)
        except StepRejected as rejected:
            db.add(OnboardingStepEvent(user_id=user_id, step=min(max(step, 0), REVIEW_STEP), event="rejected",
                                       flow_version=state.flow_version, session_id=session_id,
                                       details=rejected.record()))
            state.last_activity_at = _now()
            return AnswerOutcome(False, view, messages=rejected.messages, fields=rejected.fields,
                                 field_messages=rejected.field_messages)

        # step_data keeps answers that were invalidated (not in completed_steps): they are what a
        # re-answer is compared with, and what the form is pre-filled from.
        stored = answers_from_step_data(state.step_data)
        invalidated = invalidated_steps(step, stored.get(step), result.answer, answers)
        stored[step] = result.answer
        completed = (completed | {step}) - invalidated
        answered_at = _now()
        progress = dict(step_data=step_data_from_answers(stored), completed_steps=sorted(completed),
                        current_step=next_unanswered_step(completed), last_activity_at=answered_at,
                        session_id=session_id, device_type=device_type_from_user_agent(user_agent),
                        user_agent=user_agent)
        # The state's UPDATE and the events' INSERT in one statement (a data-modifying WITH), not a
        # flush then an INSERT: the answer path is bound by round trips to PostgreSQL (at 1 M users
        # this took bench_reads.py's answer from 2.03-2.10x its floor at p50 to 1.85-1.87x, README). The
        # row stays locked by the SELECT above; the detached object only carries the new values to
        # the view. With record_next_shown the next step's 'shown' event goes along, strictly after
        # the answer, so per-step durations never overlap.
        db.expunge(state)
        for name, value in progress.items():
            setattr(state, name, value)
        details = answered_details(invalidated, began_as_typed)
        db.execute(_SAVE_ANSWER_SQL[record_next_shown], dict(
            progress, step_data=json.dumps(progress["step_data"]), user_id=user_id, step=step,
            flow_version=state.flow_version, details=None if details is None else json.dumps(details),
            shown_at=answered_at + timedelta(microseconds=1)))
        return AnswerOutcome(True, _view(state), notes=result.notes, invalidated=sorted(invalidated))


# An answer's one write statement: the state's new progress and its events (the answer, and with
# record_next_shown the next step shown), by record_next_shown. Text, so it is compiled once.
_SAVE_ANSWER_EVENTS = (
    "(:user_id, :step, 'answered', :flow_version, :session_id, :last_activity_at, CAST(:details AS jsonb))",
    "(:user_id, :current_step, 'shown', :flow_version, :session_id, :shown_at, NULL)",
)
_SAVE_ANSWER_SQL = {
    shown: text(
        "WITH saved AS (UPDATE onboarding_states SET step_data = CAST(:step_data AS jsonb), "
        "completed_steps = CAST(:completed_steps AS integer[]), current_step = :current_step, "
        "last_activity_at = :last_activity_at, session_id = :session_id, device_type = :device_type, "
        "user_agent = :user_agent WHERE user_id = :user_id) "
        "INSERT INTO onboarding_step_events (user_id, step, event, flow_version, session_id, occurred_at, details) "
        "VALUES " + ", ".join(_SAVE_ANSWER_EVENTS[:2 if shown else 1]))
    for shown in (False, True)
}
