"""The coach reads a typed answer: plain English becomes the step's answer fields, on this server.

``interpret(step, text, earlier_answers)`` returns a partial answer in the stored answer form
(``ONBOARDING_SPEC.md`` "Answer fields": metric values, "HH:MM", ISO dates, reference slugs),
the chips it understood and the answer keys still missing. It never invents a field the text
does not state: what it cannot read stays missing, for the form to ask. Nothing is stored:
the UI pre-fills the step's form with the answer and the normal Send validates and saves it.

Heavy libraries (pint, dateparser, rapidfuzz, text2num) load on the first call, not at import.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from fitapp.domain.interpret.result import Chip, Context, Found, Interpretation, without
from fitapp.domain.reference import ReferenceData

MAX_TEXT_CHARS = 1000
Interpreter = Callable[[str, Context, str], Found]


def _interpreters() -> tuple[Interpreter, ...]:
    from fitapp.domain.interpret import about_you, diet, goals_health, lifestyle, meals, training

    def plain(function: Callable[[str, Context], Found]) -> Interpreter:
        return lambda text, ctx, raw: function(text, ctx)

    return (
        plain(about_you.interpret_step0),
        plain(about_you.interpret_step1),
        goals_health.interpret_step2,
        plain(goals_health.interpret_step3),
        plain(training.interpret_step4),
        plain(training.interpret_step5),
        plain(diet.interpret_step6),
        plain(meals.interpret_step7),
        plain(meals.interpret_step8),
        plain(lifestyle.interpret_step9),
        plain(lifestyle.interpret_step10),
    )


_INTERPRETERS: tuple[Interpreter, ...] | None = None
# What the coach shows when a typed answer gave nothing: the kind of answer a step reads, by example.
TYPED_EXAMPLES: tuple[str, ...] = (
    "I agree; I'm a woman, 5'6\", 150 lbs, born 3 March 1992, in London",
    "Beginner, I sit at a desk all day",
    "Mostly lose fat, maybe get more flexible, 62 kg in 4 months",
    "No to all the health questions; bad left knee, mild",
    "At home with dumbbells and a bench, 45 minutes max",
    "Mon, Wed and Fri at 6:30 pm for 40 minutes, remind me 30 minutes before, flexible rest days",
    "Vegetarian, allergic to peanuts, no mushrooms, I like Thai food, $15 a day",
    "4 meals a day, your numbers look good",
    "Breakfast 7:30, lunch at noon, dinner 7, give or take 30 minutes",
    "Energy is ok, stress is high, I sleep badly, 6 hours last night",
    "2.5 litres, remind me every hour from 8 to 10 pm",
)
PARQ_KEYS = ("heart_condition", "chest_pain_activity", "chest_pain_rest", "dizziness", "bone_joint",
             "bp_medication", "other_reason")
MEAL_REQUIRED = ("meal_name", "scheduled_time", "earliest_time", "latest_time")
ADJUSTED_KEYS = ("daily_calories_target", "protein_grams_target", "carbs_grams_target", "fats_grams_target")


def missing_keys(step: int, answer: Mapping[str, Any], earlier: Mapping[int, Mapping[str, Any]]) -> list[str]:
    """The step's required answer keys (as paths for parts of one) that the answer does not give yet."""
    from fitapp.domain.steps import STEPS

    missing = [key for key in STEPS[step].required_keys if key not in answer]
    if step == 3 and "parq" in answer:
        missing += [f"parq.{key}" for key in PARQ_KEYS if key not in answer["parq"]]
    if step == 3:
        for number, injury in enumerate(answer.get("injuries") or [], start=1):
            missing += [f"injuries.{number}.{key}" for key in ("area", "severity") if key not in injury]
    if step == 7 and answer.get("accept_proposal") is False:
        missing += [key for key in ADJUSTED_KEYS if key not in answer]
    if step == 8 and "meals" in answer:
        count = (earlier.get(7) or {}).get("meals_per_day")
        meals = answer["meals"]
        if count and len(meals) != count:
            missing.append("meals")
        for meal in meals:
            missing += [f"meals.{meal['meal_number']}.{key}" for key in MEAL_REQUIRED if key not in meal]
    return missing


def interpret(
    step: int,
    text: str,
    earlier_answers: Mapping[int, Mapping[str, Any]] | None = None,
    *,
    reference: ReferenceData | None = None,
    today: date | None = None,
) -> Interpretation:
    """Read a typed answer to step 0–10 into a partial answer, its chips and what is still missing.

    ``earlier_answers`` (by step number, as stored) disambiguate: the units of step 0 for a
    bare "weigh 190", the current weight for "lose 10 kg", the meals per day of step 7 for the
    meal times. ``reference`` supplies the equipment names and the goals allowed as primary.
    ValueError for a step outside 0–10 or a text over 1,000 characters.
    """
    global _INTERPRETERS
    if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= 10:
        raise ValueError(f"there is no question step {step!r}; steps run from 0 to 10")
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"a typed answer is at most {MAX_TEXT_CHARS} characters")
    earlier = dict(earlier_answers or {})
    if _INTERPRETERS is None:
        _INTERPRETERS = _interpreters()
    from fitapp.domain.interpret.text import normalize

    found = _INTERPRETERS[step](normalize(text), Context(earlier, reference, today, text), text)
    return Interpretation(step, found.answer, found.chips, missing_keys(step, found.answer, earlier))


def remove_chip(interpretation: Interpretation, field: str,
                earlier_answers: Mapping[int, Mapping[str, Any]] | None = None) -> Interpretation:
    """The interpretation without one chip (the user removed it): its field out, chips renumbered."""
    answer = without(interpretation.answer, field)
    key, _, rest = field.partition(".")
    chips: list[Chip] = []
    for chip in interpretation.understood:
        if chip.field == field:
            continue
        chip_key, _, chip_rest = chip.field.partition(".")
        if chip_key == key and rest.isdigit() and chip_rest.isdigit() and int(chip_rest) > int(rest):
            chip = dataclasses.replace(chip, field=f"{key}.{int(chip_rest) - 1}")
        if chip.field.partition(".")[0] in answer:
            chips.append(chip)
    missing = missing_keys(interpretation.step, answer, dict(earlier_answers or {}))
    return Interpretation(interpretation.step, answer, chips, missing)


def warm_up() -> None:
    """Load the libraries and tables now (e.g. in a background thread at start), not on the first answer."""
    for step, text in enumerate(("5'6\" 150 lbs born 3 march 1992 in berlin", "beginner", "lose 5 kg in 3 months",
                                 "bad knee", "gym with dumbbells", "mon at 6 pm for 40 minutes", "allergic to nuts",
                                 "3 meals", "lunch at 12", "tired", "2 litres")):
        interpret(step, text, {7: {"meals_per_day": 3}})


__all__ = ["Chip", "Interpretation", "MAX_TEXT_CHARS", "TYPED_EXAMPLES", "interpret", "missing_keys", "remove_chip",
           "warm_up"]
