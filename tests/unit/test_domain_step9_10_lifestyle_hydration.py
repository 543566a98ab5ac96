"""Step 9 (lifestyle baseline) and step 10 (hydration)."""

from __future__ import annotations

import pytest

from fitapp.domain import suggested_water_ml
from tests.unit.step_helpers import DROP, accept, answer_with, reject


@pytest.mark.parametrize("energy", ["low", "medium", "high"])
@pytest.mark.parametrize("quality", ["poor", "fair", "good", "excellent"])
def test_step9_accepts_every_energy_and_sleep_quality(energy, quality):
    accept(9, answer_with(9, energy_level=energy, stress_level=energy, sleep_quality=quality))


@pytest.mark.parametrize("hours,stored", [(0, 0.0), (7.25, 7.3), (24, 24.0), (None, None)])
def test_step9_accepts_sleep_hours_0_to_24_with_one_decimal(hours, stored):
    assert accept(9, answer_with(9, sleep_hours_last_night=hours)).answer["sleep_hours_last_night"] == stored


@pytest.mark.parametrize(
    "changes,needle",
    [
        ({"sleep_hours_last_night": -0.5}, "Sleep last night must be between 0 and 24 hours."),
        ({"sleep_hours_last_night": 24.5}, "Sleep last night must be between 0 and 24 hours."),
        ({"energy_level": "very high"}, "Energy must be one of"),
        ({"stress_level": DROP}, "Stress: please answer this"),
        ({"sleep_quality": "great"}, "Sleep quality must be one of"),
        ({"mood": "ok"}, "'mood'"),
    ],
)
def test_step9_rejects_out_of_list_out_of_range_missing_and_unknown(changes, needle):
    assert needle in reject(9, answer_with(9, **changes))


def test_step10_accepts_the_valid_answer_unchanged():
    assert accept(10, answer_with(10)).answer == answer_with(10)


def test_step10_fills_schema_defaults_for_optional_fields():
    answer = accept(10, {"daily_water_target_ml": 2500, "reminder_enabled": False}).answer
    assert answer == {
        "daily_water_target_ml": 2500,
        "reminder_enabled": False,
        "reminder_frequency_minutes": 60,
        "reminder_start_time": "08:00",
        "reminder_end_time": "22:00",
        "reminder_tone": "gentle",
        "auto_remind_with_meals": True,
    }


@pytest.mark.parametrize("ml", [500, 10000])
def test_step10_accepts_water_targets_500_to_10000(ml):
    accept(10, answer_with(10, daily_water_target_ml=ml))


@pytest.mark.parametrize(
    "changes,needle",
    [
        ({"daily_water_target_ml": 499}, "Daily water target must be between 500 and 10,000 ml."),
        ({"daily_water_target_ml": 10001}, "Daily water target must be between 500 and 10,000 ml."),
        ({"reminder_frequency_minutes": 14}, "Reminder frequency must be between 15 and 480 minutes."),
        ({"reminder_frequency_minutes": 481}, "Reminder frequency must be between 15 and 480 minutes."),
        ({"reminder_start_time": "22:00", "reminder_end_time": "08:00"}, "must start before it ends"),
        ({"reminder_start_time": "09:00", "reminder_end_time": "09:00"}, "must start before it ends"),
        ({"reminder_tone": "loud"}, "Reminder tone must be one of"),
        ({"reminder_enabled": 1}, "yes or no"),
        ({"auto_remind_with_meals": "true"}, "yes or no"),
        ({"daily_water_target_ml": DROP}, "Daily water target: please answer this"),
        ({"bottle_size_ml": 750}, "'bottle_size_ml'"),
    ],
)
def test_step10_rejects_out_of_range_bad_window_enum_types_missing_and_unknown(changes, needle):
    assert needle in reject(10, answer_with(10, **changes))


@pytest.mark.parametrize("tone", ["gentle", "motivational", "minimal"])
def test_step10_accepts_each_reminder_tone(tone):
    accept(10, answer_with(10, reminder_tone=tone))


@pytest.mark.parametrize(
    "weight,ml",
    [
        (62.5, 2188),  # 2187.5 → half up to the whole ml
        (70, 2450),    # exactly 2450
        (75, 2625),    # the spec's number, not 2650
        (95, 3325),    # not 3350
        (71.3, 2496),  # 2495.5 → 2496
        (30, 1050),
        (300, 10000),  # 10500 capped at the 10000 ml maximum
    ],
)
def test_suggested_water_is_35_ml_per_kg_to_the_whole_ml(weight, ml):
    assert suggested_water_ml(weight) == ml
