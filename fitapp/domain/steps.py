"""The onboarding steps 0–11: what each asks, which keys it takes, and how it is checked.

Defined once here; the conversation UI, the services and the REST API read it from here so
the three can never disagree about a step.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fitapp.domain import summaries
from fitapp.domain.answer_fields import STEP_FIELDS, StepFields, keys_of
from fitapp.domain.answer_reader import AnswerReader
from fitapp.domain.results import STEP_TITLES, StepContext, StepRejected, StepResult
from fitapp.domain.step_numbers import (  # noqa: F401 - importable from here too
    LAST_QUESTION_STEP,
    QUESTION_STEPS,
    REVIEW_STEP,
    STEP_COUNT,
)
from fitapp.domain.validate_lifestyle import (
    STEP9_KEYS,
    STEP10_KEYS,
    validate_step9,
    validate_step10,
)
from fitapp.domain.validate_meal_times import validate_step8
from fitapp.domain.validate_meals import (
    STEP6_KEYS,
    STEP7_DERIVED_KEYS,
    STEP7_INPUT_KEYS,
    validate_step6,
    validate_step7,
)
from fitapp.domain.validate_profile import (
    STEP0_KEYS,
    STEP1_KEYS,
    STEP2_KEYS,
    STEP3_KEYS,
    validate_step0,
    validate_step1,
    validate_step2,
    validate_step3,
)
from fitapp.domain.validate_training import (
    STEP4_KEYS,
    STEP5_KEYS,
    validate_step4,
    validate_step5,
)

STEP11_KEYS = keys_of(REVIEW_STEP)

Validator = Callable[[Any, StepContext], StepResult]


@dataclass(frozen=True)
class StepDefinition:
    """One step of the conversation: its topic, the coach's question, the keys it takes."""

    number: int
    title: str
    question: str
    answer_keys: tuple[str, ...]
    required_keys: tuple[str, ...]
    summarizer: Callable[[Mapping[str, Any]], str] = field(repr=False, compare=False)
    derived_keys: tuple[str, ...] = ()
    # Each key's type, requiredness and caps, and what the rules check beyond them (the OpenAPI's per-step schemas).
    fields: StepFields | None = field(default=None, repr=False, compare=False)

    def summarize(self, answer: Mapping[str, Any]) -> str:
        """The user's chat bubble for a stored answer, e.g. "Intermediate · moderately active"."""
        return self.summarizer(answer)


_QUESTIONS = (
    "Hi, I'm your coach! Setting up your plan takes about 4 minutes, and you can stop at any "
    "time and pick up where you left off on any device. First, a little about you: do you "
    "agree that I use your health data to build your plan? Then tell me which units you "
    "prefer, your sex (for the energy estimate), birth date, height, weight and time zone.",
    "How would you describe your fitness experience, and how active are you outside your "
    "workouts?",
    "What's your main goal? If you like, add a secondary goal, a target and a timeline, and "
    "tell me why this goal matters to you.",
    "A few health questions before we plan any training: please answer yes or no to each. "
    "Then tell me about any injuries or limitations, or say you have none.",
    "Where will you work out, what equipment do you have, and how long can your longest "
    "workout be?",
    "Which days do you want to train, at what time and for how long? Would you like a "
    "reminder, and how should I handle rest days?",
    "Now food: what's your diet, and is there anything you're allergic to, can't tolerate, "
    "dislike or avoid for religious reasons? Which cuisines do you enjoy, how much do you "
    "like to cook, and what's your daily budget?",
    "How many meals a day suit you? From your answers I've worked out your calories and "
    "macros; accept them or adjust them.",
    "When would you like to eat each meal? Give each one a time and the window you can eat "
    "it in, and say when I should remind you.",
    "How have you been lately: your energy, your stress, and how well you sleep?",
    "Last one: how much water would you like to drink a day, and shall I remind you?",
    "Here's everything you told me. Check it, edit anything you like, then confirm to lock "
    "your plan.",
)

_SUMMARIZERS = (
    summaries.summarize_step0,
    summaries.summarize_step1,
    summaries.summarize_step2,
    summaries.summarize_step3,
    summaries.summarize_step4,
    summaries.summarize_step5,
    summaries.summarize_step6,
    summaries.summarize_step7,
    summaries.summarize_step8,
    summaries.summarize_step9,
    summaries.summarize_step10,
    summaries.summarize_step11,
)

STEPS: tuple[StepDefinition, ...] = tuple(
    StepDefinition(
        number=number,
        title=STEP_TITLES[number],
        question=_QUESTIONS[number],
        answer_keys=STEP_FIELDS[number].keys,
        required_keys=STEP_FIELDS[number].required_keys,
        derived_keys=STEP7_DERIVED_KEYS if number == 7 else (),
        fields=STEP_FIELDS[number],
        summarizer=_SUMMARIZERS[number],
    )
    for number in range(STEP_COUNT)
)


def step_definition(step: int) -> StepDefinition:
    """The definition of step 0–11; ValueError for any other number."""
    if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step < STEP_COUNT:
        raise ValueError(f"there is no onboarding step {step!r}")
    return STEPS[step]


def _validate_review(answer: Any, ctx: StepContext) -> StepResult:
    """Step 11: an explicit confirmation, and every step 0–10 answered and still valid."""
    r = AnswerReader(answer, STEP11_KEYS)
    confirm = r.boolean("confirm")
    if confirm is False:
        r.fail("Please confirm to lock your plan.")
    for step, problems in validate_all(ctx.answers, ctx).items():
        for problem in problems:
            r.fail(f"{STEP_TITLES[step]}: {problem}")
    r.raise_if_failed(REVIEW_STEP)
    return StepResult({"confirm": True})


_VALIDATORS: tuple[Validator, ...] = (
    validate_step0,
    validate_step1,
    validate_step2,
    validate_step3,
    validate_step4,
    validate_step5,
    validate_step6,
    validate_step7,
    validate_step8,
    validate_step9,
    validate_step10,
    _validate_review,
)


def validate_answer(step: int, answer: Mapping[str, Any], context: StepContext) -> StepResult:
    """Check one step's answer against its rules and the earlier answers.

    Returns the normalized answer to store and any coach notes; raises ``StepRejected`` with
    every problem when anything is wrong, so nothing invalid is ever stored. A stored answer
    passed back in validates to itself, which is what review relies on.
    """
    try:
        step_definition(step)
    except ValueError:
        raise StepRejected([f"There is no onboarding step {step!r}; steps run from 0 to 11."])
    return _VALIDATORS[step](answer, context)


def validate_all(
    answers: Mapping[int, Mapping[str, Any]], context: StepContext
) -> dict[int, list[str]]:
    """Problems per step for review (step 11): {} when steps 0–10 are all answered and valid.

    Every stored answer is checked again against the others, because an earlier answer may
    have changed since it was given.
    """
    ctx = dataclasses.replace(context, answers=answers)
    problems: dict[int, list[str]] = {}
    for step in QUESTION_STEPS:
        answer = answers.get(step)
        if answer is None:
            problems[step] = [f"'{STEP_TITLES[step]}' hasn't been answered yet."]
            continue
        try:
            validate_answer(step, answer, ctx)
        except StepRejected as rejected:
            problems[step] = rejected.messages
    return problems


def step_key(step: int) -> str:
    """The key of a step's answer in onboarding_states.step_data."""
    return f"step_{step}"


def answers_from_step_data(step_data: Mapping[str, Any] | None) -> dict[int, dict[str, Any]]:
    """onboarding_states.step_data ({"step_N": {...}}) as answers by step number."""
    answers: dict[int, dict[str, Any]] = {}
    for key, value in (step_data or {}).items():
        prefix, _, number = str(key).partition("_")
        if prefix == "step" and number.isdigit() and int(number) < STEP_COUNT and isinstance(value, Mapping):
            answers[int(number)] = dict(value)
    return answers


def step_data_from_answers(answers: Mapping[int, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Answers by step number as the step_data JSON object."""
    return {step_key(step): dict(answer) for step, answer in sorted(answers.items())}


def titles(steps: Iterable[int]) -> list[str]:
    """Topic titles of some steps, in step order (for coach messages about them)."""
    return [STEP_TITLES[step] for step in sorted(set(steps))]
