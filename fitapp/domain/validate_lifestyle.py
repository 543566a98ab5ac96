"""Rules of steps 9–10: lifestyle baseline and hydration."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fitapp.domain.answer_fields import CHECK_IN_FIELDS, CHECK_IN_SOURCES, keys_of
from fitapp.domain.answer_reader import AnswerReader, minutes_of
from fitapp.domain.choices import ENERGY_LEVELS, REMINDER_TONES, SLEEP_QUALITIES, STRESS_LEVELS
from fitapp.domain.ranges import LIMITS
from fitapp.domain.results import StepContext, StepResult

STEP9_KEYS, STEP10_KEYS = keys_of(9), keys_of(10)
WATER_ML_PER_KG = 35
MIN_WATER_ML, MAX_WATER_ML = (int(bound) for bound in LIMITS["daily_water_target_ml"].bounds)
# hydration_preferences column defaults, used when an optional field is left out.
HYDRATION_DEFAULTS: dict[str, Any] = {
    "reminder_frequency_minutes": 60,
    "reminder_start_time": "08:00",
    "reminder_end_time": "22:00",
    "reminder_tone": "gentle",
    "auto_remind_with_meals": True,
}


def suggested_water_ml(weight_kg: float) -> int:
    """The spec's 35 ml per kg, to the whole ml (a 75 kg person: 2625 ml, not a rounder 2650), kept
    within the allowed 500–10000 ml; the form accepts any whole ml, so the suggestion is sendable as is."""
    raw = Decimal(str(weight_kg)) * WATER_ML_PER_KG
    rounded = int(raw.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return min(max(rounded, MIN_WATER_ML), MAX_WATER_ML)


def validate_step9(answer: Any, ctx: StepContext) -> StepResult:
    """Lifestyle baseline: energy, stress, sleep quality, optional hours slept (0–24)."""
    r = AnswerReader(answer, STEP9_KEYS)
    fields = _step9_fields(r)
    r.raise_if_failed(9)
    return StepResult(fields)


def _step9_fields(r: AnswerReader) -> dict[str, Any]:
    """Step 9's fields, read by ``r`` (which collects the problems)."""
    return {
        "energy_level": r.choice("energy_level", ENERGY_LEVELS),
        "stress_level": r.choice("stress_level", STRESS_LEVELS),
        "sleep_quality": r.choice("sleep_quality", SLEEP_QUALITIES),
        "sleep_hours_last_night": r.number("sleep_hours_last_night", *LIMITS["sleep_hours_last_night"].bounds, "hours",
                                           required=False, places=1),
    }


def validate_step10(answer: Any, ctx: StepContext) -> StepResult:
    """Hydration: daily target, reminder rhythm and window, tone, reminders with meals."""
    r = AnswerReader(answer, STEP10_KEYS)
    target = r.integer("daily_water_target_ml", *LIMITS["daily_water_target_ml"].bounds, "ml")
    enabled = r.boolean("reminder_enabled")
    frequency = r.integer("reminder_frequency_minutes", *LIMITS["reminder_frequency_minutes"].bounds, "minutes",
                          required=False)
    start = r.time("reminder_start_time", required=False)
    end = r.time("reminder_end_time", required=False)
    tone = r.choice("reminder_tone", REMINDER_TONES, required=False)
    with_meals = r.boolean("auto_remind_with_meals", required=False)
    start = start or HYDRATION_DEFAULTS["reminder_start_time"]
    end = end or HYDRATION_DEFAULTS["reminder_end_time"]
    if r.ok and minutes_of(start) >= minutes_of(end):
        r.fail(
            f"The reminder window must start before it ends ({start} is not before {end}).",
            "reminder_start_time",
            "reminder_end_time",
        )
    r.raise_if_failed(10)
    return StepResult(
        {
            "daily_water_target_ml": target,
            "reminder_enabled": enabled,
            "reminder_frequency_minutes": frequency or HYDRATION_DEFAULTS["reminder_frequency_minutes"],
            "reminder_start_time": start,
            "reminder_end_time": end,
            "reminder_tone": tone or HYDRATION_DEFAULTS["reminder_tone"],
            "auto_remind_with_meals": (
                HYDRATION_DEFAULTS["auto_remind_with_meals"] if with_meals is None else with_meals
            ),
        }
    )


# A lifestyle check-in (issue 15): step 9's answer plus where it came from.
CHECK_IN_KEYS = tuple(field.key for field in CHECK_IN_FIELDS)


def validate_check_in(answer: Any) -> dict[str, Any]:
    """A lifestyle check-in by the profile's own rules (step 9's fields and ranges), plus its
    ``data_source`` (user_input, the default, wearable or system). StepRejected lists every
    problem at once."""
    r = AnswerReader(answer, CHECK_IN_KEYS, what="check-in")
    measured = _step9_fields(r)
    source = r.choice("data_source", CHECK_IN_SOURCES, required=False)
    r.raise_if_failed()
    return {**measured, "data_source": source or "user_input"}
