"""Rules of steps 6–7: diet, and the meal plan (calories and macros)."""

from __future__ import annotations

from typing import Any

from fitapp.domain.answer_reader import AnswerReader, control_character_problem, fmt, round_to
from fitapp.domain.choices import COOKING_SKILLS, DIET_TYPES, MEAL_PREP_WILLINGNESS
from fitapp.domain.nutrition import (
    MealPlanProposal,
    ProposalUnavailable,
    calorie_range,
    percentages_for,
    propose_from_answers,
)
from fitapp.domain.ranges import LIMITS
from fitapp.domain.results import STEP_TITLES, StepContext, StepResult

DIET_LIST_KEYS = (
    "allergies",
    "intolerances",
    "dislikes",
    "religious_restrictions",
    "preferred_cuisines",
)
STEP6_KEYS = (
    "diet_type",
    "diet_type_other",
    *DIET_LIST_KEYS,
    "cooking_skill_level",
    "meal_prep_willingness",
    "max_meal_prep_time_minutes",
    "budget_per_day_usd",
    "additional_notes",
)
STEP7_INPUT_KEYS = (
    "meals_per_day",
    "accept_proposal",
    "daily_calories_target",
    "protein_grams_target",
    "carbs_grams_target",
    "fats_grams_target",
)
# Stored with the answer and accepted back (so a stored answer re-validates), but always
# recomputed: the user never sets them directly.
STEP7_DERIVED_KEYS = (
    "daily_calories_min",
    "daily_calories_max",
    "protein_percentage",
    "carbs_percentage",
    "fats_percentage",
    "plan_rationale",
)
STEP7_KEYS = STEP7_INPUT_KEYS + STEP7_DERIVED_KEYS
GRAM_KEYS = ("protein_grams_target", "carbs_grams_target", "fats_grams_target")
MAX_LIST_ITEMS = 50
MAX_LIST_ITEM_CHARS = 100
MAX_DIET_OTHER_CHARS = 100
MACRO_TOLERANCE_KCAL = 50


def clean_list(items: list[Any]) -> list[str] | None:
    """Trimmed, lower-cased, de-duplicated (first wins), blanks dropped; None if not text."""
    cleaned: list[str] = []
    for item in items:
        if not isinstance(item, str):
            return None
        text = " ".join(item.split()).lower()
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def split_list_text(text: str) -> list[str]:
    """Turn "peanuts, shellfish; dairy" typed in one box into list items for step 6."""
    return [part for part in (p.strip() for p in text.replace(";", ",").replace("\n", ",").split(",")) if part]


def validate_step6(answer: Any, ctx: StepContext) -> StepResult:
    """Diet: dietary_preferences enums, 'other' text iff other, cleaned lists, limits."""
    r = AnswerReader(answer, STEP6_KEYS)
    diet = r.choice("diet_type", DIET_TYPES)
    other = r.text("diet_type_other", max_len=MAX_DIET_OTHER_CHARS, required=False)
    if diet == "other" and not r.has("diet_type_other"):
        r.fail(f"Please describe your diet in a few words (up to {MAX_DIET_OTHER_CHARS} characters).", "diet_type_other")
    if diet is not None and diet != "other" and other is not None:
        r.fail("Only describe your diet in words when you choose 'other' as the diet type.", "diet_type_other")
    lists: dict[str, list[str]] = {}
    for key in DIET_LIST_KEYS:
        # Duplicates are dropped before the cap of 50 is counted, so the raw list may hold twice that.
        items = r.items(key, required=False, max_items=2 * MAX_LIST_ITEMS)
        if items is None:
            continue
        cleaned = clean_list(items)
        name = key.replace("_", " ").capitalize()
        problem = next((found for item in items if isinstance(item, str)
                        and (found := control_character_problem(item, multiline=True))), None)
        if problem:
            r.fail(f"One of your {name.lower()} {problem}.", key)
        elif cleaned is None:
            r.fail(f"{name} must be a list of words or short phrases.", key)
        elif len(cleaned) > MAX_LIST_ITEMS:
            r.fail(f"{name} can hold at most {MAX_LIST_ITEMS} items.", key)
        elif any(len(item) > MAX_LIST_ITEM_CHARS for item in cleaned):
            r.fail(f"Each of your {name.lower()} must be at most {MAX_LIST_ITEM_CHARS} characters.", key)
        else:
            lists[key] = cleaned
    skill = r.choice("cooking_skill_level", COOKING_SKILLS, required=False)
    prep = r.choice("meal_prep_willingness", MEAL_PREP_WILLINGNESS, required=False)
    prep_minutes = r.integer("max_meal_prep_time_minutes", *LIMITS["max_meal_prep_time_minutes"].bounds, "minutes",
                             required=False)
    budget = r.number("budget_per_day_usd", *LIMITS["budget_per_day_usd"].bounds, "USD", required=False, places=2)
    notes = r.text("additional_notes", max_len=2000, required=False, multiline=True)
    r.raise_if_failed(6)
    return StepResult(
        {
            "diet_type": diet,
            "diet_type_other": other if diet == "other" else None,
            **{key: lists.get(key, []) for key in DIET_LIST_KEYS},
            "cooking_skill_level": skill,
            "meal_prep_willingness": prep,
            "max_meal_prep_time_minutes": prep_minutes,
            "budget_per_day_usd": budget,
            "additional_notes": notes,
        }
    )


def _proposal(r: AnswerReader, ctx: StepContext) -> MealPlanProposal | None:
    try:
        return propose_from_answers(ctx.answers, ctx.today)
    except ProposalUnavailable as missing:
        names = ", ".join(f"'{STEP_TITLES[step]}'" for step in missing.missing_steps)
        r.fail(f"I need your answers to {names} before I can propose a meal plan.")
        return None


def _macro_energy(protein: float, carbs: float, fat: float) -> float:
    return protein * 4 + carbs * 4 + fat * 9


def validate_step7(answer: Any, ctx: StepContext) -> StepResult:
    """Meal plan: accept the coach's proposal, or adjusted numbers that add up."""
    r = AnswerReader(answer, STEP7_KEYS)
    meals = r.integer("meals_per_day", *LIMITS["meals_per_day"].bounds)
    accept = r.boolean("accept_proposal")
    proposal = _proposal(r, ctx)
    if accept is None or proposal is None:
        r.raise_if_failed(7)
    assert proposal is not None
    if accept:
        return _accept(r, proposal, meals)
    return _adjusted(r, proposal, meals)


def _same_number(sent: int | float, proposed: float) -> bool:
    """Whether a number sent along is the proposal's; an int too large for a float is not (and no 500)."""
    try:
        return abs(sent - proposed) <= 1e-9
    except OverflowError:
        return False


def _accept(r: AnswerReader, proposal: MealPlanProposal, meals: int | None) -> StepResult:
    """Accepting takes the proposal; numbers sent along must still be the proposal's."""
    expected = proposal.targets()
    stale = [
        key
        for key in ("daily_calories_target", *GRAM_KEYS)
        if r.has(key)
        and (
            isinstance(r.answer[key], bool)
            or not isinstance(r.answer[key], (int, float))
            or not _same_number(r.answer[key], expected[key])
        )
    ]
    if stale:
        r.fail(
            "The coach's proposal has changed since these numbers were accepted (an earlier "
            f"answer changed): it is now {fmt(proposal.daily_calories_target)} kcal with "
            f"{fmt(proposal.protein_grams_target)} g protein, {fmt(proposal.carbs_grams_target)} g "
            f"carbs and {fmt(proposal.fats_grams_target)} g fat. Please accept it again or adjust it."
        )
    r.raise_if_failed(7)
    assert meals is not None
    return StepResult(proposal.as_answer(meals))


def _adjusted(r: AnswerReader, proposal: MealPlanProposal, meals: int | None) -> StepResult:
    target = r.integer("daily_calories_target", *LIMITS["daily_calories_target"].bounds, "kcal")
    grams = [
        r.number(key, *LIMITS["macro_grams"].bounds, "g", places=1, lo_open=True, hi_open=False) for key in GRAM_KEYS
    ]
    protein, carbs, fat = grams
    if target is not None and protein is not None and carbs is not None and fat is not None:
        energy = _macro_energy(protein, carbs, fat)
        if abs(energy - target) > MACRO_TOLERANCE_KCAL + 1e-9:
            r.fail(
                f"Your macros add up to {fmt(round_to(energy, 2))} kcal (protein {fmt(protein)} g × 4 + "
                f"carbs {fmt(carbs)} g × 4 + fat {fmt(fat)} g × 9), but the target is "
                f"{fmt(target)} kcal; they must be within {MACRO_TOLERANCE_KCAL} kcal of each other.",
                "daily_calories_target",
                *GRAM_KEYS,
            )
    r.raise_if_failed(7)
    assert meals is not None and target is not None
    assert protein is not None and carbs is not None and fat is not None
    low, high = calorie_range(target)
    shares = percentages_for(protein, carbs, fat)
    rationale = (
        f"You adjusted the coach's proposal of {fmt(proposal.daily_calories_target)} kcal "
        f"(protein {fmt(proposal.protein_grams_target)} g, carbs "
        f"{fmt(proposal.carbs_grams_target)} g, fat {fmt(proposal.fats_grams_target)} g) to "
        f"{fmt(target)} kcal with {fmt(protein)} g protein, {fmt(carbs)} g carbs and "
        f"{fmt(fat)} g fat; range {fmt(low)}–{fmt(high)} kcal (±10 %). Share of energy: "
        f"protein {shares[0]:.2f} %, carbs {shares[1]:.2f} %, fat {shares[2]:.2f} %. "
        f"The coach's reasoning: {proposal.rationale}"
    )
    notes: list[str] = []
    if target < proposal.resting_kcal:
        notes.append(
            f"{fmt(target)} kcal is below your resting energy of "
            f"{fmt(round_to(proposal.resting_kcal, 0))} kcal; eating that little for long can slow "
            "your progress. I've saved it, and you can change it at any time before confirming."
        )
    return StepResult(
        {
            "meals_per_day": meals,
            "accept_proposal": False,
            "daily_calories_target": target,
            "daily_calories_min": low,
            "daily_calories_max": high,
            "protein_grams_target": protein,
            "carbs_grams_target": carbs,
            "fats_grams_target": fat,
            "protein_percentage": shares[0],
            "carbs_percentage": shares[1],
            "fats_percentage": shares[2],
            "plan_rationale": rationale,
        },
        notes,
    )
