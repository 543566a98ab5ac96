"""Rules of steps 0–3: about you, fitness experience, goals, health & injuries."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from fitapp.domain.answer_fields import (  # noqa: F401 - the caps are importable from here too
    MAX_DESCRIPTION_CHARS,
    MAX_EXPLANATION_CHARS,
    MAX_INJURIES,
    MAX_LIMITATIONS,
    MAX_TIME_ZONE_CHARS,
    keys_of,
    step_fields,
)
from fitapp.domain.answer_reader import AnswerReader, fmt, round_to
from fitapp.domain.clock import known_time_zones
from fitapp.domain.choices import (
    ACTIVITY_LEVELS,
    FITNESS_LEVELS,
    INJURY_AREAS,
    PARQ_QUESTIONS,
    PRIMARY_GOALS,
    SEVERITIES,
    SEXES,
    UNITS,
    label_of,
    values,
)
from fitapp.domain.nutrition import age_on
from fitapp.domain.ranges import LIMITS
from fitapp.domain.results import StepContext, StepResult

STEP0_KEYS, STEP1_KEYS, STEP2_KEYS, STEP3_KEYS = (keys_of(step) for step in range(4))
INJURY_KEYS = step_fields(3).field("injuries").item.keys  # type: ignore[union-attr]
PARQ_KEYS = step_fields(3).field("parq").keys

MIN_AGE, MAX_AGE = 16, 100
MAX_LOSS_SHARE_PER_WEEK = 0.01  # of current body weight
MAX_GAIN_KG_PER_WEEK = 0.5
_EPS = 1e-9


def validate_step0(answer: Any, ctx: StepContext) -> StepResult:
    """About you: consent, units, sex, birth date, height, weight, time zone."""
    r = AnswerReader(answer, STEP0_KEYS)
    consent = r.boolean("consent")
    if consent is False:
        r.fail(
            "I can only build your plan if you agree to the processing of your health data; "
            "please give your consent to continue.",
            "consent",
        )
    units = r.choice("units", UNITS)
    sex = r.choice("sex", SEXES)
    birth = r.date("birth_date")
    if birth is not None:
        if birth > ctx.today:
            r.fail("Birth date can't be in the future.", "birth_date")
        else:
            age = age_on(birth, ctx.today)
            if not MIN_AGE <= age <= MAX_AGE:
                r.fail(
                    f"You need to be between {MIN_AGE} and {MAX_AGE} years old for this plan; "
                    f"with this birth date you are {age}.",
                    "birth_date",
                )
    height = r.number("height_cm", *LIMITS["height_cm"].bounds, "cm")
    weight = r.number("weight_kg", *LIMITS["weight_kg"].bounds, "kg")
    zone = r.text("time_zone", max_len=MAX_TIME_ZONE_CHARS)
    if zone is not None and zone not in known_time_zones():
        r.fail(f"Time zone '{zone}' isn't a known time zone; use a name like 'Europe/Berlin'.", "time_zone")
    r.raise_if_failed(0)
    return StepResult(
        {
            "consent": True,
            "units": units,
            "sex": sex,
            "birth_date": birth.isoformat() if birth else None,
            "height_cm": height,
            "weight_kg": weight,
            "time_zone": zone,
        }
    )


def validate_step1(answer: Any, ctx: StepContext) -> StepResult:
    """Fitness experience: level from ref_fitness_levels (and the CHECK), daily activity."""
    allowed = [
        code
        for code in values(FITNESS_LEVELS)
        if not ctx.reference.fitness_levels or ctx.reference.fitness_level(code)
    ]
    r = AnswerReader(answer, STEP1_KEYS)
    level = r.choice("fitness_level", allowed)
    activity = r.choice("activity_level", ACTIVITY_LEVELS)
    r.raise_if_failed(1)
    return StepResult({"fitness_level": level, "activity_level": activity})


def target_weight_problems(
    primary_goal: str, current_weight_kg: float, target_weight_kg: float, weeks: int | None
) -> list[str]:
    """Direction and pace of a weight target; reused when step 0's weight changes."""
    problem = _direction_problem(primary_goal, current_weight_kg, target_weight_kg)
    if problem is None and weeks is not None:
        problem = _pace_problem(current_weight_kg, target_weight_kg, weeks)
    return [problem] if problem else []


def _direction_problem(primary_goal: str, current: float, target: float) -> str | None:
    if primary_goal == "fat_loss" and target >= current:
        return (
            f"For fat loss the target weight must be below your current weight of "
            f"{fmt(current)} kg."
        )
    if primary_goal == "muscle_gain" and target < current:
        return (
            f"For muscle gain the target weight can't be below your current weight of "
            f"{fmt(current)} kg."
        )
    return None


def _pace_problem(current: float, target: float, weeks: int) -> str | None:
    change = target - current
    if change < 0:
        limit = MAX_LOSS_SHARE_PER_WEEK * current
        per_week = -change / weeks
        if per_week > limit + _EPS:
            needed = math.ceil(-change / limit - _EPS)
            return (
                f"Losing {fmt(round_to(-change, 2))} kg in {weeks} weeks is "
                f"{fmt(round_to(per_week, 2))} kg a week; a safe pace is at most "
                f"{fmt(round_to(limit, 3))} kg a week (1 % of your current weight). "
                f"Allow at least {needed} weeks or choose a closer target."
            )
    elif change > 0:
        per_week = change / weeks
        if per_week > MAX_GAIN_KG_PER_WEEK + _EPS:
            needed = math.ceil(change / MAX_GAIN_KG_PER_WEEK - _EPS)
            return (
                f"Gaining {fmt(round_to(change, 2))} kg in {weeks} weeks is "
                f"{fmt(round_to(per_week, 2))} kg a week; a safe pace is at most 0.5 kg a week. "
                f"Allow at least {needed} weeks or choose a closer target."
            )
    return None


def validate_step2(answer: Any, ctx: StepContext) -> StepResult:
    """Goals: compatible primary/secondary, CHECK ranges, direction and safe pace."""
    ref = ctx.reference
    r = AnswerReader(answer, STEP2_KEYS)
    primary = r.choice("primary_goal", PRIMARY_GOALS)
    if primary is not None:
        category = ref.goal_category(primary)
        if category is None or not category.compatible_with_primary:
            r.fail(f"{label_of(PRIMARY_GOALS, primary)} isn't available as a primary goal.", "primary_goal")
            primary = None
    secondary = r.choice("secondary_goal", ref.secondary_goal_codes, required=False)
    if primary and secondary:
        if secondary == primary:
            r.fail(
                "Your secondary goal must be different from your primary goal; "
                "pick another one or leave it empty.",
                "secondary_goal",
            )
        elif {primary, secondary} == {"fat_loss", "muscle_gain"}:
            r.fail(
                "Fat loss and muscle gain pull in opposite directions (eating less versus "
                "eating more), so they can't be paired. If you want some of both, choose "
                "general fitness instead.",
                "secondary_goal",
            )
    target = r.number("target_weight_kg", *LIMITS["target_weight_kg"].bounds, "kg", required=False, lo_open=True, hi_open=True)
    body_fat = r.number("target_body_fat_percentage", *LIMITS["target_body_fat_percentage"].bounds, "%", required=False)
    muscle = r.number(
        "target_muscle_gain_kg", *LIMITS["target_muscle_gain_kg"].bounds, "kg", required=False, lo_open=True,
        hi_open=True
    )
    weeks = r.integer("target_timeline_weeks", *LIMITS["target_timeline_weeks"].bounds, "weeks", required=False)
    explanation = r.text("user_explanation", max_len=MAX_EXPLANATION_CHARS, required=False, multiline=True)

    timeline_ok = weeks is not None or not r.has("target_timeline_weeks")
    if primary and target is not None and timeline_ok:
        about = ctx.answer(0)
        if not about or about.get("weight_kg") is None:
            r.fail(
                "I need your current weight (from 'About you') before I can check a target "
                "weight; please answer that step first."
            )
        else:
            direction = _direction_problem(primary, about["weight_kg"], target)
            if direction:
                r.fail(direction, "target_weight_kg")
            elif weeks is not None and (pace := _pace_problem(about["weight_kg"], target, weeks)):
                r.fail(pace, "target_weight_kg", "target_timeline_weeks")
    if muscle is not None and weeks is not None and muscle / weeks > MAX_GAIN_KG_PER_WEEK + _EPS:
        needed = math.ceil(muscle / MAX_GAIN_KG_PER_WEEK - _EPS)
        r.fail(
            f"Gaining {fmt(muscle)} kg of muscle in {weeks} weeks is "
            f"{fmt(round_to(muscle / weeks, 2))} kg a week; a safe pace is at most 0.5 kg a week. "
            f"Allow at least {needed} weeks or choose a smaller target.",
            "target_muscle_gain_kg",
            "target_timeline_weeks",
        )
    r.raise_if_failed(2)
    return StepResult(
        {
            "primary_goal": primary,
            "secondary_goal": secondary,
            "target_weight_kg": target,
            "target_body_fat_percentage": body_fat,
            "target_muscle_gain_kg": muscle,
            "target_timeline_weeks": weeks,
            "user_explanation": explanation,
        }
    )


def parq_yes_questions(parq: Mapping[str, bool]) -> list[str]:
    """The full text of every PAR-Q question answered yes."""
    return [text for key, text in PARQ_QUESTIONS if parq.get(key) is True]


def parq_limitations(step3_answer: Mapping[str, Any]) -> list[str]:
    """The limitation texts to store for PAR-Q "yes" answers at lock."""
    return [
        f"PAR-Q yes: {question} A doctor's clearance is advised before training."
        for question in parq_yes_questions(step3_answer.get("parq") or {})
    ]


def _read_parq(r: AnswerReader) -> dict[str, bool] | None:
    raw = r.raw("parq")
    if raw is None:
        return None
    parq = AnswerReader(raw, PARQ_KEYS, what="set of health answers", path="parq")
    result: dict[str, bool] = {}
    for key, question in PARQ_QUESTIONS:
        value = parq.answer.get(key)
        if value is None:
            parq.fail(f"Please answer the health question: \"{question}\"", key)
        elif not isinstance(value, bool):
            parq.fail(f"The answer to \"{question}\" must be yes or no (true or false).", key)
        else:
            result[key] = value
    r.absorb(parq)
    return result if parq.ok else None


def _read_injuries(r: AnswerReader) -> list[dict[str, Any]]:
    items = r.items("injuries", required=False, max_items=MAX_INJURIES, noun="injuries") or []
    injuries: list[dict[str, Any]] = []
    for index, item in enumerate(items, start=1):
        entry = AnswerReader(item, INJURY_KEYS, prefix=f"Injury {index}: ", what="injury", path=f"injuries.{index}")
        area = entry.choice("area", INJURY_AREAS)
        severity = entry.choice("severity", SEVERITIES)
        description = entry.text(
            "description", max_len=MAX_DESCRIPTION_CHARS, required=False, what="Description", multiline=True
        )
        r.absorb(entry)
        if entry.ok:
            injuries.append({"area": area, "severity": severity, "description": description})
    return injuries


def _read_limitations(r: AnswerReader) -> list[str]:
    items = r.items("limitations", required=False, max_items=MAX_LIMITATIONS, noun="limitations") or []
    limitations: list[str] = []
    for index, item in enumerate(items, start=1):
        before = len(r.messages)
        text = None if not isinstance(item, str) else r.checked_text(
            item, "limitations", MAX_DESCRIPTION_CHARS, what=f"Limitation {index}", multiline=True)
        if text is not None:
            limitations.append(text)
        elif len(r.messages) == before:
            r.fail(f"Limitation {index} must be a non-empty text.", "limitations")
    return limitations


def validate_step3(answer: Any, ctx: StepContext) -> StepResult:
    """Health & injuries: the seven PAR-Q booleans, injuries, limitations."""
    r = AnswerReader(answer, STEP3_KEYS)
    parq = _read_parq(r)
    injuries = _read_injuries(r)
    limitations = _read_limitations(r)
    r.raise_if_failed(3)
    assert parq is not None
    notes: list[str] = []
    yes = parq_yes_questions(parq)
    if yes:
        notes.append(
            f"You answered yes to {len(yes)} of the health questions. Please talk to your "
            "doctor and get their clearance before you start training; I've noted this as a "
            "limitation so your plan starts gently."
        )
    return StepResult({"parq": parq, "injuries": injuries, "limitations": limitations}, notes)


__all__ = [
    "validate_step0",
    "validate_step1",
    "validate_step2",
    "validate_step3",
    "target_weight_problems",
    "parq_yes_questions",
    "parq_limitations",
    "known_time_zones",
]
