"""Step 4 (location, equipment, longest workout) and step 5 (workout schedule)."""

from __future__ import annotations

import pytest

from tests.unit.step_helpers import DROP, accept, answer_with, answers, reject

# ---- step 4 -------------------------------------------------------------------------


@pytest.mark.parametrize("location", ["home", "gym", "outdoor", "hybrid"])
def test_step4_accepts_each_location(location):
    assert accept(4, answer_with(4, workout_location=location)).answer["workout_location"] == location


def test_step4_rejects_an_unknown_location():
    assert "Workout location must be one of" in reject(4, answer_with(4, workout_location="office"))


def test_step4_normalizes_equipment_slugs_trimmed_lowercase_unique():
    answer = answer_with(4, available_equipment=[" Dumbbells", "bench", "dumbbells"])
    assert accept(4, answer).answer["available_equipment"] == ["dumbbells", "bench"]


@pytest.mark.parametrize("equipment", [[], ["none"]])
def test_step4_accepts_no_equipment_as_empty_list_or_none(equipment):
    assert accept(4, answer_with(4, available_equipment=equipment)).answer["available_equipment"] == []


def test_step4_rejects_none_together_with_equipment():
    assert "not both" in reject(4, answer_with(4, available_equipment=["none", "bench"]))


def test_step4_rejects_equipment_not_in_the_reference_table():
    assert "'rowing_machine'" in reject(4, answer_with(4, available_equipment=["bench", "rowing_machine"]))


@pytest.mark.parametrize("value", ["dumbbells", [1]])
def test_step4_rejects_equipment_that_is_not_a_list_of_slugs(value):
    assert "Equipment must be a list" in reject(4, answer_with(4, available_equipment=value))


def test_step4_requires_the_equipment_answer():
    assert "Equipment: please answer this" in reject(4, answer_with(4, available_equipment=DROP))


@pytest.mark.parametrize("minutes", [15, 90, 180])
def test_step4_accepts_longest_workout_15_to_180(minutes):
    accept(4, answer_with(4, max_workout_duration_minutes=minutes))


@pytest.mark.parametrize("minutes", [14, 181, 0])
def test_step4_rejects_longest_workout_outside_15_to_180(minutes):
    assert "Longest workout must be between 15 and 180 minutes." in reject(
        4, answer_with(4, max_workout_duration_minutes=minutes)
    )


# ---- step 5 -------------------------------------------------------------------------


def test_step5_accepts_the_valid_answer_unchanged():
    assert accept(5, answer_with(5)).answer == answer_with(5)


def test_step5_orders_and_deduplicates_workout_days():
    answer = answer_with(5, workout_days=["Friday", "monday", "friday"])
    assert accept(5, answer).answer["workout_days"] == ["monday", "friday"]


def test_step5_requires_at_least_one_workout_day():
    assert "at least one workout day" in reject(5, answer_with(5, workout_days=[]))


def test_step5_rejects_unknown_weekdays():
    assert "Workout days must be weekdays" in reject(5, answer_with(5, workout_days=["mon"]))


@pytest.mark.parametrize(
    "value,stored", [("06:05", "06:05"), ("6:05", "06:05"), ("23:59", "23:59"), ("00:00", "00:00")]
)
def test_step5_accepts_hh_mm_times(value, stored):
    assert accept(5, answer_with(5, preferred_workout_time=value)).answer["preferred_workout_time"] == stored


@pytest.mark.parametrize("value", ["24:00", "7pm", "18:60", "1800", 1800])
def test_step5_rejects_invalid_times(value):
    assert "HH:MM" in reject(5, answer_with(5, preferred_workout_time=value))


@pytest.mark.parametrize("minutes", [15, 60])
def test_step5_accepts_durations_up_to_the_longest_workout(minutes):
    accept(5, answer_with(5, preferred_workout_duration_minutes=minutes))


def test_step5_rejects_a_duration_longer_than_the_longest_workout_of_step4():
    message = reject(5, answer_with(5, preferred_workout_duration_minutes=75))
    assert "longest workout of 60 minutes" in message


@pytest.mark.parametrize("minutes", [14, 181])
def test_step5_rejects_durations_outside_15_to_180(minutes):
    earlier = answers()
    earlier[4]["max_workout_duration_minutes"] = 180
    assert "between 15 and 180" in reject(5, answer_with(5, preferred_workout_duration_minutes=minutes), earlier)


def test_step5_needs_step4_to_check_the_duration():
    earlier = answers()
    del earlier[4]
    assert "Where & with what" in reject(5, answer_with(5), earlier)


@pytest.mark.parametrize("offset", [-240, -30, 0])
def test_step5_accepts_reminder_offsets_minus_240_to_0(offset):
    assert accept(5, answer_with(5, reminder_offset_minutes=offset)).answer["reminder_offset_minutes"] == offset


@pytest.mark.parametrize("offset", [-241, 5])
def test_step5_rejects_reminder_offsets_outside_minus_240_to_0(offset):
    assert "Reminder offset must be between -240 and 0 minutes." in reject(
        5, answer_with(5, reminder_offset_minutes=offset)
    )


def test_step5_defaults_a_missing_reminder_offset_to_minus_30():
    answer = answer_with(5, reminder_offset_minutes=DROP, workout_reminder_enabled=False)
    assert accept(5, answer).answer["reminder_offset_minutes"] == -30


@pytest.mark.parametrize("rest", ["fixed", "flexible", "auto"])
def test_step5_accepts_each_rest_day_preference(rest):
    accept(5, answer_with(5, rest_day_preference=rest))


@pytest.mark.parametrize(
    "changes,needle",
    [
        ({"rest_day_preference": "never"}, "Rest days must be one of"),
        ({"workout_reminder_enabled": "yes"}, "yes or no"),
        ({"workout_reminder_enabled": DROP}, "Workout reminder: please answer this"),
        ({"intensity": "high"}, "'intensity'"),
    ],
)
def test_step5_rejects_bad_enums_types_missing_and_unknown_keys(changes, needle):
    assert needle in reject(5, answer_with(5, **changes))
