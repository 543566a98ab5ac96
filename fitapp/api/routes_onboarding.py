"""The onboarding conversation over REST: read the progress, answer one step."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from fitapp.api.deps import CallerDep, OwnUserId, UserAgent
from fitapp.api.schemas import (
    InterpretationPublic,
    InterpretRequest,
    NextStep,
    OnboardingStatePublic,
    StepAccepted,
    StepRefused,
    StepRequest,
    UnderstoodChip,
)
from fitapp.domain import STEPS
from fitapp.services import onboarding, typed_answers


router = APIRouter(tags=["onboarding"])


def _next_step(view: onboarding.OnboardingView) -> NextStep | None:
    if view.completed:
        return None
    step = STEPS[view.current_step]
    return NextStep(number=step.number, title=step.title, question=step.question)


def state_public(view: onboarding.OnboardingView) -> OnboardingStatePublic:
    return OnboardingStatePublic(
        current_step=view.current_step,
        completed_steps=view.completed_steps,
        answers=view.answers,
        completed=view.completed,
        flow_version=view.flow_version,
        started_at=view.started_at,
        next_step=_next_step(view),
    )


@router.get("/users/{user_id}/onboarding/state", response_model=OnboardingStatePublic)
def get_state(user_id: OwnUserId) -> OnboardingStatePublic:
    """Current progress (user only)."""
    return state_public(onboarding.load(user_id))


@router.post("/onboarding/step", response_model=StepAccepted,
             responses={422: {"model": StepRefused}, 409: {"description": "The onboarding is already confirmed"}})
def answer_step(body: StepRequest, caller: CallerDep, agent: UserAgent):
    """Validate and save one step's answer for the caller; nothing is stored when it is refused."""
    # The response hands the client its next step: that is when the step is shown (funnel analytics).
    outcome = onboarding.answer_step(caller.user_id, body.step, body.answer, session_id=str(caller.user.session_id),
                                     user_agent=agent, record_next_shown=True, began_as_typed=body.began_as_typed)
    if not outcome.accepted:
        fields = list(outcome.fields)
        refused = StepRefused(messages=outcome.messages, fields=fields,
                              detail={"messages": outcome.messages, "fields": fields})
        return JSONResponse(refused.model_dump(mode="json"), status_code=422)
    state = state_public(outcome.view)
    return StepAccepted(state=state, notes=outcome.notes, invalidated=outcome.invalidated, next_step=state.next_step)


@router.post("/onboarding/interpret", response_model=InterpretationPublic,
             responses={401: {"description": "No valid bearer token"},
                        422: {"description": "A step outside 0–10 or a text over 1,000 characters"}})
def interpret_answer(body: InterpretRequest, caller: CallerDep) -> InterpretationPublic:
    """Read a typed answer into the step's fields, on this server, and store nothing.

    Returns the partial answer, the chips the coach understood and the answer keys still
    missing, for any step 0–10 at any time. Send the confirmed answer to POST /onboarding/step.
    (Like every /api/v1 response, it is sent with Cache-Control: no-store.)
    """
    result = typed_answers.interpret_typed(caller.user_id, body.step, body.text)
    return InterpretationPublic(
        step=result.step,
        answer=result.answer,
        understood=[UnderstoodChip(field=chip.field, text=chip.text) for chip in result.understood],
        missing=result.missing,
    )
