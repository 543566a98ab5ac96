"""Planning a change of a locked profile: which answers a change request leads to.

Pure: no database, no clock. ``plan_change`` takes the current answers, the edits of one
topic, the reference data and the user's date, and returns the new answers validated as in
onboarding (or raises ``StepRejected`` with the onboarding's own messages). The service
``services.profile_changes`` owns the transaction around it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fitapp.domain.dependencies import PROPOSAL_INPUTS, value_changed
from fitapp.domain.errors import Refused
from fitapp.domain.reasons import checked_reason
from fitapp.domain.reference import ReferenceData
from fitapp.domain.answer_reader import quote
from fitapp.domain.results import STEP_TITLES, StepContext, StepRejected
from fitapp.domain.step_numbers import MEAL_PLAN_STEP, MEAL_TIMES_STEP
from fitapp.domain.steps import validate_all, validate_answer

Answers = dict[int, dict[str, Any]]
ADJUSTED_PLAN_KEYS = ("daily_calories_target", "protein_grams_target", "carbs_grams_target", "fats_grams_target")


class ProfileChangeError(Refused):
    """A refused change; ``message`` says why in words for the user."""


class ReasonRequired(ProfileChangeError):
    def __init__(self, message: str = "Please say why you are changing your plan.") -> None:
        super().__init__(message)


class InvalidChangeRequest(ProfileChangeError):
    """A request the UI should never send (unknown topic, a step outside it, ...)."""


@dataclass(frozen=True)
class Topic:
    """What a change is about: the onboarding steps whose answers it edits."""

    key: str
    title: str
    steps: tuple[int, ...]


TOPICS: dict[str, Topic] = {
    topic.key: topic
    for topic in (
        Topic("about_you", STEP_TITLES[0], (0,)),
        Topic("experience", STEP_TITLES[1], (1,)),
        Topic("goals", STEP_TITLES[2], (2,)),
        Topic("injuries", STEP_TITLES[3], (3,)),
        Topic("equipment", STEP_TITLES[4], (4,)),
        Topic("workouts", STEP_TITLES[5], (5,)),
        Topic("diet", STEP_TITLES[6], (6,)),
        Topic("meal_plan", STEP_TITLES[7], (7,)),
        # The number of meals a day (step 7) and the meal times (step 8) change together.
        Topic("meal_times", STEP_TITLES[8], (7, 8)),
        Topic("lifestyle", STEP_TITLES[9], (9,)),
        Topic("hydration", STEP_TITLES[10], (10,)),
    )
}


def plan_change(
    topic: Topic, current: Mapping[int, Mapping[str, Any]], edits: Mapping[int, Mapping[str, Any]],
    reference: ReferenceData, today: date,
) -> tuple[Answers, bool]:
    """The answers after the edits, validated as in onboarding, and whether the coach's
    accepted meal plan was recomputed. Pure: raises ``StepRejected`` and touches nothing.

    - each edited step is checked like an onboarding answer, against the other answers;
    - an accepted proposal (step 7) whose inputs changed (weight, height, birth date, sex,
      activity, goal, workout days, diet type) is recomputed with the same meals per day; a
      plan the user adjusted keeps its numbers (only its rationale is rewritten);
    - every answer is then checked against the others (``validate_all``), e.g. a lower
      weight against the goal's target; meals per day and meal times must agree.
    """
    edits = _with_meal_count(topic, current, edits)
    merged: Answers = {step: dict(answer) for step, answer in current.items()}
    rejected: list[tuple[int, list[str]]] = []
    fields: tuple[str, ...] = ()
    for step in sorted(edits):
        raw = _raw_answer(step, current.get(step) or {}, edits[step])
        try:
            merged[step] = validate_answer(step, raw, _context(merged, step, reference, today)).answer
        except StepRejected as refusal:
            rejected.append((step, refusal.messages))
            fields = refusal.fields
    if rejected:
        # The fields can be marked in the form only when one step's answer was refused.
        raise _rejection(rejected, titled=len(topic.steps) > 1, fields=fields if len(rejected) == 1 else ())

    plan_kept = MEAL_PLAN_STEP not in edits
    recomputed = False
    if plan_kept and _proposal_inputs_changed(current, merged) and MEAL_PLAN_STEP in current:
        merged[MEAL_PLAN_STEP] = _recomputed_plan(current[MEAL_PLAN_STEP], merged, reference, today)
        recomputed = bool(current[MEAL_PLAN_STEP].get("accept_proposal"))
        plan_kept = False

    meals_per_day = (merged.get(MEAL_PLAN_STEP) or {}).get("meals_per_day")
    meal_count = len((merged.get(MEAL_TIMES_STEP) or {}).get("meals") or [])
    if meals_per_day is not None and MEAL_TIMES_STEP in merged and meal_count != meals_per_day:
        raise StepRejected(
            [
                f"Your meal plan would have {meals_per_day} meals a day, but your meal times list "
                f"{meal_count}. To change the number of meals a day, use '{TOPICS['meal_times'].title}', "
                "where you set the number of meals and their times together."
            ],
            MEAL_TIMES_STEP,
        )

    problems = validate_all(merged, StepContext(merged, reference, today))
    if plan_kept:
        # The kept plan was accepted for inputs that did not change; only the passing of
        # time (the user's age) can make the coach propose otherwise now, which no change
        # request should trip over.
        problems.pop(MEAL_PLAN_STEP, None)
    if problems:
        raise _rejection(sorted(problems.items()), titled=True)
    return merged, recomputed


def _with_meal_count(
    topic: Topic, current: Mapping[int, Mapping[str, Any]], edits: Mapping[int, Mapping[str, Any]]
) -> dict[int, Mapping[str, Any]]:
    """In 'Meal times' the plan's meals per day is the number of meals given (unless sent
    explicitly); the meal plan is edited only when that number changes."""
    edits = dict(edits)
    if topic.key != "meal_times":
        return edits
    meals = (edits.get(MEAL_TIMES_STEP) or {}).get("meals")
    plan_edit = edits.pop(MEAL_PLAN_STEP, None) or {}
    count = plan_edit.get("meals_per_day", len(meals) if isinstance(meals, list) and meals else None)
    if count is not None and count != (current.get(MEAL_PLAN_STEP) or {}).get("meals_per_day"):
        edits[MEAL_PLAN_STEP] = {"meals_per_day": count}
    return edits


def _context(answers: Answers, step: int, reference: ReferenceData, today: date) -> StepContext:
    return StepContext({n: a for n, a in answers.items() if n != step}, reference, today)


def _raw_answer(step: int, current: Mapping[str, Any], edit: Mapping[str, Any]) -> dict[str, Any]:
    """The answer to validate: the edit laid over the current answer.

    For the meal plan only its inputs are carried over (the derived numbers are always
    recomputed), and the proposal's numbers only while the plan is adjusted. In the
    meal-times topic only the number of meals a day is taken from the edit.
    """
    if step != MEAL_PLAN_STEP:
        return {**current, **edit}
    accept = edit.get("accept_proposal", current.get("accept_proposal"))
    base: dict[str, Any] = {"meals_per_day": current.get("meals_per_day"), "accept_proposal": accept}
    if accept is False:
        base.update({key: current[key] for key in ADJUSTED_PLAN_KEYS if key in current})
    return {**base, **edit}


def _proposal_inputs_changed(old: Mapping[int, Mapping[str, Any]], new: Mapping[int, Mapping[str, Any]]) -> bool:
    return any(
        value_changed((old.get(step) or {}).get(key), (new.get(step) or {}).get(key))
        for step, keys in PROPOSAL_INPUTS.items()
        for key in keys
    )


def _recomputed_plan(
    plan: Mapping[str, Any], answers: Answers, reference: ReferenceData, today: date
) -> dict[str, Any]:
    raw: dict[str, Any] = {"meals_per_day": plan["meals_per_day"], "accept_proposal": bool(plan.get("accept_proposal"))}
    if not raw["accept_proposal"]:
        raw.update({key: plan[key] for key in ADJUSTED_PLAN_KEYS})
    try:
        return validate_answer(MEAL_PLAN_STEP, raw, _context(answers, MEAL_PLAN_STEP, reference, today)).answer
    except StepRejected as refusal:
        raise _rejection([(MEAL_PLAN_STEP, refusal.messages)], titled=True) from refusal


def _rejection(problems: list[tuple[int, list[str]]], *, titled: bool, fields: tuple[str, ...] = ()) -> StepRejected:
    messages = [f"{STEP_TITLES[step]}: {m}" if titled else m for step, msgs in problems for m in msgs]
    return StepRejected(messages, problems[0][0], fields)


def checked_change_reason(reason: Any) -> str:
    """The change's reason, required and capped like every reason (``domain.reasons``)."""
    return checked_reason(reason, missing=ReasonRequired().message, refuse=ReasonRequired)


def topic_edits(topic: Topic, changes: Mapping[Any, Any]) -> dict[int, Mapping[str, Any]]:
    """The edits by step number (keys may arrive as "2" from JSON), only the topic's steps."""
    edits: dict[int, Mapping[str, Any]] = {}
    for key, answer in (changes or {}).items():
        # ASCII digits only: "²".isdigit() is true and int("²") fails; a step is at most two digits.
        step = int(key) if isinstance(key, str) and key.isascii() and key.isdecimal() and len(key) <= 2 else key
        if step not in topic.steps:
            raise InvalidChangeRequest(f"A change to '{topic.title}' cannot change step "
                                       f"{step if isinstance(step, int) else repr(quote(key))}.")
        if not isinstance(answer, Mapping):
            raise StepRejected([f"The answer to '{STEP_TITLES[step]}' must be a set of fields."], step)
        edits[step] = answer
    return edits
