"""Step 8: one entry per planned meal, time inside its window, windows apart."""

from __future__ import annotations

import copy

import pytest

from fitapp.domain import suggested_meals
from tests.unit.step_helpers import accept, answers, reject


def meals() -> list[dict]:
    return copy.deepcopy(answers()[8]["meals"])


def with_meal(index: int, **changes) -> dict:
    items = meals()
    items[index].update(changes)
    return {"meals": items}


def test_step8_accepts_the_valid_meals_without_notes():
    result = accept(8, {"meals": meals()})
    assert result.answer == {"meals": meals()} and result.notes == []


def test_step8_sorts_meals_by_number():
    result = accept(8, {"meals": list(reversed(meals()))})
    assert [m["meal_number"] for m in result.answer["meals"]] == [1, 2, 3]


@pytest.mark.parametrize("count", [2, 4])
def test_step8_requires_as_many_meals_as_step7_meals_per_day(count):
    items = meals()[:count] if count < 3 else meals() + [
        {
            "meal_number": 4,
            "meal_name": "Snack",
            "scheduled_time": "16:00",
            "earliest_time": "15:30",
            "latest_time": "16:30",
        }
    ]
    message = reject(8, {"meals": items})
    assert f"You chose 3 meals a day" in message and f"you gave {count}" in message


def test_step8_needs_the_meal_plan_first():
    earlier = answers()
    del earlier[7]
    assert "meal plan" in reject(8, {"meals": meals()}, earlier)


def test_step8_rejects_duplicate_meal_numbers():
    assert "Meal number 1 is used more than once" in reject(8, with_meal(1, meal_number=1))


@pytest.mark.parametrize("number", [0, 4])
def test_step8_rejects_meal_numbers_outside_1_to_n(number):
    assert "Meal number must be between 1 and 3" in reject(8, with_meal(0, meal_number=number))


@pytest.mark.parametrize(
    "earliest,time,latest",
    [
        ("07:30", "07:30", "08:30"),
        ("07:00", "08:30", "08:30"),
        ("08:00", "07:30", "07:00"),
        ("07:00", "06:30", "08:30"),
    ],
)
def test_step8_rejects_times_not_strictly_inside_their_window(earliest, time, latest):
    message = reject(8, with_meal(0, earliest_time=earliest, scheduled_time=time, latest_time=latest))
    assert "Meal 1: the meal time" in message


def test_step8_rejects_overlapping_windows_naming_both_meals():
    message = reject(8, with_meal(1, earliest_time="08:00", scheduled_time="09:00", latest_time="13:30"))
    assert "Breakfast (07:00–08:30) and Lunch (08:00–13:30) overlap" in message


def test_step8_accepts_windows_that_touch():
    accept(8, with_meal(1, earliest_time="08:30", scheduled_time="09:00", latest_time="13:30"))


def test_step8_notes_a_meal_window_that_overlaps_the_workout():
    # workout 18:00 for 45 minutes → 18:00–18:45
    result = accept(8, with_meal(2, earliest_time="18:30", scheduled_time="19:00", latest_time="20:30"))
    assert len(result.notes) == 1 and "Dinner" in result.notes[0] and "18:00–18:45" in result.notes[0]


def test_step8_notes_an_overlap_with_a_workout_past_midnight():
    earlier = answers()
    earlier[5]["preferred_workout_time"] = "23:30"
    earlier[5]["preferred_workout_duration_minutes"] = 60
    result = accept(8, with_meal(0, earliest_time="00:15", scheduled_time="07:30", latest_time="08:30"), earlier)
    assert any("Breakfast" in note and "23:30–00:30" in note for note in result.notes)


@pytest.mark.parametrize(
    "changes,needle",
    [
        ({"meal_name": "n" * 51}, "at most 50 characters"),
        ({"meal_name": " "}, "Meal name: please answer this"),
        ({"notification_offset_minutes": -121}, "between -120 and 0"),
        ({"notification_offset_minutes": 1}, "between -120 and 0"),
        ({"scheduled_time": "7:75"}, "HH:MM"),
        ({"calories": 500}, "'calories'"),
    ],
)
def test_step8_rejects_bad_meal_fields(changes, needle):
    assert needle in reject(8, with_meal(0, **changes))


def test_step8_defaults_a_missing_reminder_offset_to_minus_15():
    items = meals()
    del items[0]["notification_offset_minutes"]
    assert accept(8, {"meals": items}).answer["meals"][0]["notification_offset_minutes"] == -15


@pytest.mark.parametrize("count", range(2, 9))
def test_suggested_meals_are_a_valid_step8_answer_for_every_meal_count(count):
    earlier = answers()
    earlier[7] = {**earlier[7], "meals_per_day": count}
    accept(8, {"meals": suggested_meals(count)}, earlier)
