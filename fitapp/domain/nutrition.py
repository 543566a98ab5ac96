"""Energy and macro proposal for the meal plan (step 7), exactly as the spec states it.

Decimal arithmetic throughout so that hand-worked examples (and the user reading the
rationale) get the same numbers as the code, including half-way roundings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fitapp.domain.answer_reader import fmt, round_to
from fitapp.domain.choices import ACTIVITY_LEVELS, PRIMARY_GOALS, SEXES, label_of

ACTIVITY_FACTORS: dict[str, Decimal] = {
    "sedentary": Decimal("1.2"),
    "light": Decimal("1.375"),
    "moderate": Decimal("1.55"),
    "very_active": Decimal("1.725"),
}
WORKOUT_DAY_BONUS = Decimal("0.05")
WORKOUT_DAYS_WITHOUT_BONUS = 3
MAX_TOTAL_FACTOR = Decimal("1.9")
GOAL_ADJUSTMENTS: dict[str, Decimal] = {
    "fat_loss": Decimal("-0.20"),
    "muscle_gain": Decimal("0.10"),
    "general_fitness": Decimal("0"),
}
PROTEIN_G_PER_KG: dict[str, Decimal] = {
    "fat_loss": Decimal("2.0"),
    "muscle_gain": Decimal("1.8"),
    "general_fitness": Decimal("1.6"),
}
SEX_CONSTANTS: dict[str, Decimal] = {
    "male": Decimal("5"),
    "female": Decimal("-161"),
    "unspecified": Decimal("-78"),  # the mean of +5 and -161
}
MIN_DAILY_KCAL = 1000
MAX_DAILY_KCAL = 5000
RANGE_SHARE = Decimal("0.10")
FAT_SHARE = Decimal("0.25")
KETO_CARB_SHARE = Decimal("0.05")
KETO_CARB_CAP_G = Decimal("50")
KCAL_PER_G = {"protein": Decimal(4), "carbs": Decimal(4), "fat": Decimal(9)}

# Steps whose answers the proposal reads.
PROPOSAL_STEPS = (0, 1, 2, 5, 6)


class ProposalUnavailable(ValueError):
    """The proposal needs answers that are not there yet."""

    def __init__(self, missing_steps: list[int]) -> None:
        self.missing_steps = missing_steps
        super().__init__(f"steps {missing_steps} must be answered before the meal plan")


def _d(value: float | int | str | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _half(value: Decimal) -> Decimal:
    """Round to the nearest 0.5 g, halves up."""
    return (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def age_on(birth_date: date, today: date) -> int:
    """Completed years on ``today``: the day before a birthday still counts the old age.

    A 29 February birthday is reached on 1 March in common years.
    """
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def resting_energy(sex: str, weight_kg: float, height_cm: float, age: int) -> Decimal:
    """Mifflin–St Jeor resting energy in kcal (not rounded)."""
    return (
        10 * _d(weight_kg) + Decimal("6.25") * _d(height_cm) - 5 * _d(age) + SEX_CONSTANTS[sex]
    )


def percentages_for(
    protein_g: float, carbs_g: float, fat_g: float
) -> tuple[float, float, float]:
    """Each macro's share of macro energy to two decimals, summing to exactly 100.00.

    The macro with the largest share absorbs the rounding, as the schema's CHECK needs the
    three stored DECIMAL(4,2) values to add up to 100.
    """
    energies = [
        _d(protein_g) * KCAL_PER_G["protein"],
        _d(carbs_g) * KCAL_PER_G["carbs"],
        _d(fat_g) * KCAL_PER_G["fat"],
    ]
    total = sum(energies, Decimal(0))
    if total <= 0:
        raise ValueError("macros must carry some energy")
    shares = [energy * 100 / total for energy in energies]
    rounded = [share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for share in shares]
    largest = shares.index(max(shares))
    rounded[largest] = Decimal("100.00") - sum(
        (value for index, value in enumerate(rounded) if index != largest), Decimal(0)
    )
    return (float(rounded[0]), float(rounded[1]), float(rounded[2]))


def calorie_range(target: int) -> tuple[int, int]:
    """min/max = target ∓ 10 %, whole kcal, kept strictly around the target."""
    low = _whole(_d(target) * (1 - RANGE_SHARE))
    high = _whole(_d(target) * (1 + RANGE_SHARE))
    return min(low, target - 1), max(high, target + 1)


@dataclass(frozen=True)
class MealPlanProposal:
    """The coach's numbers and every intermediate value the rationale names."""

    sex: str
    age: int
    height_cm: float
    weight_kg: float
    activity_level: str
    workout_days_per_week: int
    primary_goal: str
    diet_type: str
    resting_kcal: float
    activity_factor: float
    workout_day_bonus: float
    total_factor: float
    factor_capped: bool
    maintenance_kcal: float
    goal_adjustment: float
    adjusted_kcal: float
    clamps: tuple[str, ...]
    daily_calories_target: int
    daily_calories_min: int
    daily_calories_max: int
    protein_per_kg: float
    protein_grams_target: float
    carbs_grams_target: float
    fats_grams_target: float
    protein_percentage: float
    carbs_percentage: float
    fats_percentage: float
    rationale: str

    def targets(self) -> dict[str, Any]:
        """The stored numbers of step 7 (no meals_per_day / accept_proposal)."""
        return {
            "daily_calories_target": self.daily_calories_target,
            "daily_calories_min": self.daily_calories_min,
            "daily_calories_max": self.daily_calories_max,
            "protein_grams_target": self.protein_grams_target,
            "carbs_grams_target": self.carbs_grams_target,
            "fats_grams_target": self.fats_grams_target,
            "protein_percentage": self.protein_percentage,
            "carbs_percentage": self.carbs_percentage,
            "fats_percentage": self.fats_percentage,
            "plan_rationale": self.rationale,
        }

    def as_answer(self, meals_per_day: int) -> dict[str, Any]:
        """The step-7 answer stored when the user accepts this proposal."""
        return {"meals_per_day": meals_per_day, "accept_proposal": True, **self.targets()}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def propose_meal_plan(
    *,
    sex: str,
    birth_date: date,
    height_cm: float,
    weight_kg: float,
    activity_level: str,
    workout_days_per_week: int,
    primary_goal: str,
    diet_type: str,
    today: date,
) -> MealPlanProposal:
    """Calories and macros from the spec's formula, with a rationale naming every number."""
    age = age_on(birth_date, today)
    weight, height = _d(weight_kg), _d(height_cm)
    resting = resting_energy(sex, weight_kg, height_cm, age)

    base_factor = ACTIVITY_FACTORS[activity_level]
    extra_days = max(0, workout_days_per_week - WORKOUT_DAYS_WITHOUT_BONUS)
    bonus = WORKOUT_DAY_BONUS * extra_days
    factor = min(base_factor + bonus, MAX_TOTAL_FACTOR)
    capped = base_factor + bonus > MAX_TOTAL_FACTOR
    maintenance = resting * factor
    adjustment = GOAL_ADJUSTMENTS[primary_goal]
    adjusted = maintenance * (1 + adjustment)

    target = _whole(adjusted)
    clamps: list[str] = []
    resting_floor = math.ceil(resting)
    if target < MIN_DAILY_KCAL and MIN_DAILY_KCAL >= resting_floor:
        target = MIN_DAILY_KCAL
        clamps.append(f"raised to the minimum of {fmt(MIN_DAILY_KCAL)} kcal")
    if target < resting_floor:
        target = resting_floor
        clamps.append(f"raised to your resting energy of {fmt(resting_floor)} kcal, never below it")
    if target > MAX_DAILY_KCAL:
        target = MAX_DAILY_KCAL
        clamps.append(f"capped at the maximum of {fmt(MAX_DAILY_KCAL)} kcal")
    low, high = calorie_range(target)

    energy = _d(target)
    per_kg = PROTEIN_G_PER_KG[primary_goal]
    protein = _half(per_kg * weight)
    keto = diet_type == "keto"
    carb_floor = _half(energy * KETO_CARB_SHARE / KCAL_PER_G["carbs"])
    carb_floor_used = False
    if keto:
        carbs = min(carb_floor, KETO_CARB_CAP_G)
        fat = _half((energy - protein * 4 - carbs * 4) / 9)
    else:
        fat = _half(energy * FAT_SHARE / 9)
        carbs = _half((energy - protein * 4 - fat * 9) / 4)
        if carbs < carb_floor:
            # Very high protein needs can leave nothing for carbs; keep carbs at the keto
            # level and let fat give way instead of storing a non-positive carb target.
            carb_floor_used = True
            carbs = carb_floor
            fat = _half((energy - protein * 4 - carbs * 4) / 9)
    percentages = percentages_for(float(protein), float(carbs), float(fat))

    proposal_numbers = dict(
        sex=sex,
        age=age,
        height_cm=float(height),
        weight_kg=float(weight),
        activity_level=activity_level,
        workout_days_per_week=workout_days_per_week,
        primary_goal=primary_goal,
        diet_type=diet_type,
        resting_kcal=float(resting),
        activity_factor=float(base_factor),
        workout_day_bonus=float(bonus),
        total_factor=float(factor),
        factor_capped=capped,
        maintenance_kcal=float(maintenance),
        goal_adjustment=float(adjustment),
        adjusted_kcal=float(adjusted),
        clamps=tuple(clamps),
        daily_calories_target=target,
        daily_calories_min=low,
        daily_calories_max=high,
        protein_per_kg=float(per_kg),
        protein_grams_target=float(protein),
        carbs_grams_target=float(carbs),
        fats_grams_target=float(fat),
        protein_percentage=percentages[0],
        carbs_percentage=percentages[1],
        fats_percentage=percentages[2],
    )
    rationale = _rationale(proposal_numbers, keto, carb_floor_used)
    return MealPlanProposal(**proposal_numbers, rationale=rationale)


def _rationale(n: dict[str, Any], keto: bool, carb_floor_used: bool) -> str:
    """Plain language that names every number used, so the user can check the maths."""
    sex = n["sex"]
    constant = SEX_CONSTANTS[sex]
    sign = "+" if constant >= 0 else "−"
    sex_text = label_of(SEXES, sex).lower()
    if sex == "unspecified":
        sex_text = "sex not given, so the mean of the male (+5) and female (−161) constants"
    parts = [
        f"Resting energy (Mifflin–St Jeor) for {fmt(n['weight_kg'])} kg, "
        f"{fmt(n['height_cm'])} cm, age {n['age']}, {sex_text}: "
        f"10 × {fmt(n['weight_kg'])} + 6.25 × {fmt(n['height_cm'])} − 5 × {n['age']} "
        f"{sign} {fmt(abs(constant))} = {fmt(n['resting_kcal'])} kcal."
    ]
    activity = label_of(ACTIVITY_LEVELS, n["activity_level"]).lower()
    factor_text = f"Activity factor {fmt(n['activity_factor'])} ({activity})"
    days = n["workout_days_per_week"]
    if n["workout_day_bonus"]:
        extra = days - WORKOUT_DAYS_WITHOUT_BONUS
        factor_text += (
            f" + 0.05 × {extra} workout day{'s' if extra != 1 else ''} above 3 "
            f"({days} a week) = {fmt(_d(n['activity_factor']) + _d(n['workout_day_bonus']))}"
        )
    else:
        factor_text += f", no workout-day bonus ({days} workout day{'s' if days != 1 else ''} a week, 3 or fewer)"
    if n["factor_capped"]:
        factor_text += f", capped at {fmt(MAX_TOTAL_FACTOR)}"
    parts.append(
        f"{factor_text}: {fmt(n['resting_kcal'])} × {fmt(n['total_factor'])} = "
        f"{fmt(round_to(n['maintenance_kcal'], 2))} kcal a day to maintain your weight."
    )
    goal = label_of(PRIMARY_GOALS, n["primary_goal"])
    adjustment = n["goal_adjustment"]
    if adjustment:
        percent = fmt(abs(adjustment) * 100)
        parts.append(
            f"Goal {goal.lower()}: {fmt(round_to(n['maintenance_kcal'], 2))} kcal "
            f"{'−' if adjustment < 0 else '+'} {percent} % = "
            f"{fmt(round_to(n['adjusted_kcal'], 2))} kcal."
        )
    else:
        parts.append(f"Goal {goal.lower()}: no adjustment (±0 %).")
    for clamp in n["clamps"]:
        parts.append(f"The target was {clamp}.")
    parts.append(
        f"Daily target {fmt(n['daily_calories_target'])} kcal, range "
        f"{fmt(n['daily_calories_min'])}–{fmt(n['daily_calories_max'])} kcal (±10 %)."
    )
    protein_text = (
        f"Protein {fmt(n['protein_per_kg'])} g per kg × {fmt(n['weight_kg'])} kg = "
        f"{fmt(n['protein_grams_target'])} g"
    )
    if keto:
        parts.append(
            f"{protein_text}; keto: carbs 5 % of energy and at most 50 g = "
            f"{fmt(n['carbs_grams_target'])} g; fat the remainder = "
            f"{fmt(n['fats_grams_target'])} g."
        )
    elif carb_floor_used:
        parts.append(
            f"{protein_text}; with this much protein, carbs are kept at 5 % of energy = "
            f"{fmt(n['carbs_grams_target'])} g and fat takes the remainder = "
            f"{fmt(n['fats_grams_target'])} g."
        )
    else:
        parts.append(
            f"{protein_text}; fat 25 % of energy = {fmt(n['fats_grams_target'])} g; "
            f"carbs the remainder = {fmt(n['carbs_grams_target'])} g."
        )
    parts.append(
        f"Share of energy: protein {n['protein_percentage']:.2f} %, carbs "
        f"{n['carbs_percentage']:.2f} %, fat {n['fats_percentage']:.2f} %."
    )
    return " ".join(parts)


def propose_from_answers(answers: Mapping[int, Mapping[str, Any]], today: date) -> MealPlanProposal:
    """The proposal from stored answers of steps 0, 1, 2, 5 and 6."""
    missing = [step for step in PROPOSAL_STEPS if not answers.get(step)]
    if missing:
        raise ProposalUnavailable(missing)
    about, activity, goals = answers[0], answers[1], answers[2]
    birth = about["birth_date"]
    return propose_meal_plan(
        sex=about["sex"],
        birth_date=birth if isinstance(birth, date) else date.fromisoformat(birth),
        height_cm=about["height_cm"],
        weight_kg=about["weight_kg"],
        activity_level=activity["activity_level"],
        workout_days_per_week=len(answers[5]["workout_days"]),
        primary_goal=goals["primary_goal"],
        diet_type=answers[6]["diet_type"],
        today=today,
    )


def proposal_if_possible(answers: Mapping[int, Mapping[str, Any]], today: date) -> MealPlanProposal | None:
    """The proposal, or None while the answers cannot make one yet (a step missing, or an answer
    of an older shape): what a screen shows before the meal-plan step."""
    try:
        return propose_from_answers(answers, today)
    except (ProposalUnavailable, KeyError, TypeError, ValueError):
        return None
