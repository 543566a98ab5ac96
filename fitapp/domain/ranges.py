"""Every numeric answer field's allowed range, defined once.

The step rules check answers against these (through AnswerReader) and the forms draw their
inputs' min, max and step from them, so the two can never drift apart again (they had:
muscle gain 0–100 in the rules but 0–99 in the form, target weight 0–500 against 1–499).
The forms are `novalidate`: the browser's range is for the spinner and the keyboard, and the
coach's message, from the rule, is what a person reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from fitapp.domain.nutrition import MAX_DAILY_KCAL, MIN_DAILY_KCAL


@dataclass(frozen=True)
class Limits:
    lo: float
    hi: float
    unit: str = ""
    # Exclusive bounds ("more than 0 kg"): a target weight of 0 is no target.
    lo_open: bool = False
    hi_open: bool = False
    whole: bool = False
    # The input's step: whole numbers, or any decimal.
    step: str = "any"

    @property
    def bounds(self) -> tuple[float, float]:
        return self.lo, self.hi


MIN_WORKOUT_MINUTES, MAX_WORKOUT_MINUTES = 15, 180

LIMITS: dict[str, Limits] = {
    "height_cm": Limits(100, 250, "cm"),
    "weight_kg": Limits(30, 300, "kg"),
    "target_weight_kg": Limits(0, 500, "kg", lo_open=True, hi_open=True),
    "target_body_fat_percentage": Limits(3, 50, "%"),
    "target_muscle_gain_kg": Limits(0, 100, "kg", lo_open=True, hi_open=True),
    "target_timeline_weeks": Limits(1, 520, "weeks", whole=True, step="1"),
    "max_workout_duration_minutes": Limits(MIN_WORKOUT_MINUTES, MAX_WORKOUT_MINUTES, "minutes", whole=True, step="5"),
    "preferred_workout_duration_minutes": Limits(MIN_WORKOUT_MINUTES, MAX_WORKOUT_MINUTES, "minutes", whole=True,
                                                 step="5"),
    "reminder_offset_minutes": Limits(-240, 0, "minutes", whole=True, step="5"),
    "max_meal_prep_time_minutes": Limits(1, 600, "minutes", whole=True, step="1"),
    "budget_per_day_usd": Limits(0, 9999.99, "USD"),
    "meals_per_day": Limits(2, 8, whole=True, step="1"),
    "daily_calories_target": Limits(MIN_DAILY_KCAL, MAX_DAILY_KCAL, "kcal", whole=True, step="1"),
    "macro_grams": Limits(0, 9999.99, "g", lo_open=True),
    "notification_offset_minutes": Limits(-120, 0, "minutes", whole=True, step="5"),
    "sleep_hours_last_night": Limits(0, 24, "hours", step="0.5"),
    "daily_water_target_ml": Limits(500, 10000, "ml", whole=True, step="1"),
    "reminder_frequency_minutes": Limits(15, 480, "minutes", whole=True, step="5"),
}


def form_limits(key: str) -> dict[str, object]:
    """The HTML input's min, max and step for an answer field. Offsets are typed as minutes
    *before* (15 for -15), so their range is shown mirrored."""
    limits = LIMITS[key]
    lo, hi = limits.bounds
    if hi <= 0 < -lo:
        lo, hi = -hi, -lo
    return {"min_": lo, "max_": hi, "step": limits.step}
