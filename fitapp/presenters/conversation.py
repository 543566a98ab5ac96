"""What the conversation screen shows, derived from the onboarding view (no Reflex here).

Kept out of the Reflex state so that it stays a thin holder of display values and so the
transcript, suggestions and review are testable without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fitapp.domain import HYDRATION_DEFAULTS, REVIEW_STEP, STEPS, suggested_meals, suggested_water_ml
from fitapp.domain.forms import form_from_answer
from fitapp.domain.nutrition import proposal_if_possible
from fitapp.domain.clock import today_for
from fitapp.services.onboarding import OnboardingView

Answers = Mapping[int, Mapping[str, Any]]

DEFAULT_MEALS_PER_DAY = 3


def transcript(view: OnboardingView) -> list[dict[str, str]]:
    """The conversation so far: for each answered step, the coach's question and the user's answer."""
    lines: list[dict[str, str]] = []
    for step in sorted(view.answers):
        definition = STEPS[step]
        lines.append({"role": "coach", "text": definition.question, "step": str(step), "title": definition.title})
        lines.append({"role": "user", "text": definition.summarize(view.answers[step]), "step": str(step),
                      "title": definition.title})
    return lines


def meals_per_day(meal_plan: Mapping[str, Any] | None) -> int:
    """How many meals the meal-times step asks for: the meal plan's answer (step 7), else the default."""
    return int((meal_plan or {}).get("meals_per_day") or DEFAULT_MEALS_PER_DAY)


def form_defaults(view: OnboardingView, step: int) -> dict[str, str]:
    """Pre-filled form values: the step's last answer (changed, or re-asked after another change),
    else sensible suggestions.

    Step 0's time zone is left empty: the browser fills it into the empty field itself, so no
    late server event can ever replace what the user typed meanwhile.
    """
    last = view.last_answer(step)
    if last is not None:
        return form_from_answer(step, last)
    if step == 0:
        return {"units": "metric", "time_zone": ""}
    if step == 5:
        longest = (view.answers.get(4) or {}).get("max_workout_duration_minutes")
        return {"preferred_workout_duration_minutes": str(min(int(longest or 45), 45)), "workout_reminder_enabled": "on",
                "reminder_offset_minutes": "30", "rest_day_preference": "flexible"}
    if step == 7:
        return {"meals_per_day": str(DEFAULT_MEALS_PER_DAY)}
    if step == 8:
        return form_from_answer(8, {"meals": suggested_meals(meals_per_day(view.last_answer(7)))})
    if step == 10:
        weight = (view.answers.get(0) or {}).get("weight_kg")
        water = suggested_water_ml(float(weight)) if weight else 2000
        return form_from_answer(10, {"daily_water_target_ml": water, "reminder_enabled": True, **HYDRATION_DEFAULTS})
    return {}


def proposal_display(answers: Answers) -> dict[str, str]:
    """The coach's meal plan from the valid answers, as the step-7 card shows it ({} until steps 0, 1, 2,
    5 and 6 allow one)."""
    proposal = proposal_if_possible(answers, today_for(answers))
    if proposal is None:
        return {}
    return {
        "calories": f"{proposal.daily_calories_target}\u00a0kcal",
        "range": f"{proposal.daily_calories_min}–{proposal.daily_calories_max}\u00a0kcal",
        "protein": f"{proposal.protein_grams_target:g}\u00a0g ({proposal.protein_percentage:.0f}\u00a0%)",
        "carbs": f"{proposal.carbs_grams_target:g}\u00a0g ({proposal.carbs_percentage:.0f}\u00a0%)",
        "fat": f"{proposal.fats_grams_target:g}\u00a0g ({proposal.fats_percentage:.0f}\u00a0%)",
        "rationale": proposal.rationale,
    }


def review_items(answers: Answers) -> list[dict[str, str]]:
    """Every answered step by topic, as the review and the locked plan list them."""
    return [
        {"step": str(step), "title": STEPS[step].title, "summary": STEPS[step].summarize(answer)}
        for step, answer in sorted(answers.items())
        if step < REVIEW_STEP
    ]


def as_strings(values: dict[str, Any]) -> dict[str, str]:
    return {key: "" if value is None else str(value) for key, value in values.items()}
