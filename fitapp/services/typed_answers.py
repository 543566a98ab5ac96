"""Reading a typed answer for a member: the domain's interpreter with their earlier answers.

Read only: nothing is stored (no step_data, no step event). The answer is shown back as chips
and pre-fills the step's form; saving goes through ``onboarding.answer_step`` as every answer does.
"""

from __future__ import annotations

import uuid

from sqlmodel import select

from fitapp.core.db import member_read_scope
from fitapp.domain import answers_from_step_data
from fitapp.domain.clock import today_for
from fitapp.domain.interpret import Interpretation, interpret
from fitapp.models import OnboardingState
from fitapp.services.reference import load_reference_data


def interpret_typed(user_id: uuid.UUID, step: int, text: str) -> Interpretation:
    """The partial answer, chips and missing keys of ``text`` typed at ``step`` by this member.

    Earlier answers are the member's accepted ones (as the conversation shows them), so "weigh
    190" is read in their units and meal times against their meals per day. ValueError for a
    step outside 0–10 or a text over 1,000 characters.
    """
    with member_read_scope(user_id) as db:
        state = db.exec(select(OnboardingState).where(OnboardingState.user_id == user_id)).first()
        stored = answers_from_step_data(state.step_data) if state else {}
        completed = set(state.completed_steps or []) if state else set()
    answers = {number: answer for number, answer in stored.items() if number in completed}
    return interpret(step, text, answers, reference=load_reference_data(), today=today_for(answers))
