"""A refusal names the answer fields it is about, and the form inputs that hold them can be found."""

from __future__ import annotations

import copy

import pytest

from fitapp.domain import StepRejected, validate_answer
from fitapp.domain.forms import answer_from_form, form_fields, form_from_answer
from tests.unit.answers_fixture import MEALS_PER_DAY
from tests.unit.reference_fixture import make_context
from tests.unit.step_helpers import answer_with, answers


def refusal(step: int, answer) -> StepRejected:
    with pytest.raises(StepRejected) as caught:
        validate_answer(step, answer, make_context(answers()))
    return caught.value


@pytest.mark.parametrize(
    ("step", "changes", "message", "fields"),
    [
        (0, {"height_cm": 320}, "Height must be between 100 and 250 cm.", ("height_cm",)),
        (0, {"weight_kg": "heavy"}, "Weight must be a number.", ("weight_kg",)),
        (0, {"birth_date": "2030-01-01"}, "Birth date can't be in the future.", ("birth_date",)),
        (0, {"birth_date": "2015-01-01"}, "You need to be between 16 and 100 years old", ("birth_date",)),
        (0, {"consent": False}, "I can only build your plan", ("consent",)),
        (0, {"time_zone": "Mars/Olympus"}, "isn't a known time zone", ("time_zone",)),
        (2, {"target_weight_kg": 80.0}, "For fat loss the target weight must be below", ("target_weight_kg",)),
        (2, {"target_weight_kg": 50.0, "target_timeline_weeks": 2}, "a safe pace is at most",
         ("target_weight_kg", "target_timeline_weeks")),
        (2, {"secondary_goal": "fat_loss"}, "must be different from your primary goal", ("secondary_goal",)),
        (5, {"workout_days": []}, "Pick at least one workout day.", ("workout_days",)),
        (5, {"preferred_workout_duration_minutes": 90}, "longer than your longest workout",
         ("preferred_workout_duration_minutes",)),
        (10, {"reminder_start_time": "22:00", "reminder_end_time": "08:00"}, "must start before it ends",
         ("reminder_start_time", "reminder_end_time")),
    ],
)
def test_a_refusal_names_the_fields_its_message_is_about(step, changes, message, fields):
    rejected = refusal(step, answer_with(step, **changes))
    assert any(message in text for text in rejected.messages)
    assert rejected.fields == fields


def test_macros_that_do_not_add_up_mark_the_target_and_the_three_macros():
    plan = {"meals_per_day": 3, "accept_proposal": False, "daily_calories_target": 2000,
            "protein_grams_target": 100, "carbs_grams_target": 100, "fats_grams_target": 20}
    rejected = refusal(7, plan)
    assert "Your macros add up to 980 kcal" in rejected.messages[0]
    assert rejected.fields == ("daily_calories_target", "protein_grams_target", "carbs_grams_target",
                               "fats_grams_target")


def test_a_meal_time_outside_its_window_marks_that_meals_three_times():
    meals = copy.deepcopy(answers()[8]["meals"])
    meals[1]["scheduled_time"] = "14:00"
    rejected = refusal(8, {"meals": meals})
    assert rejected.messages == ["Meal 2: the meal time 14:00 must be after the earliest time 12:00 and before the "
                                 "latest time 13:30."]
    assert rejected.fields == ("meals.2.scheduled_time", "meals.2.earliest_time", "meals.2.latest_time")


def test_overlapping_windows_mark_the_windows_of_both_meals():
    meals = copy.deepcopy(answers()[8]["meals"])
    meals[2].update(scheduled_time="13:00", earliest_time="12:45", latest_time="13:45")
    rejected = refusal(8, {"meals": meals})
    assert "overlap" in rejected.messages[0]
    assert set(rejected.fields) == {"meals.2.earliest_time", "meals.2.latest_time", "meals.3.earliest_time",
                                    "meals.3.latest_time"}


def test_problems_inside_health_answers_and_injuries_are_named_by_their_path():
    answer = answer_with(3, parq={**answers()[3]["parq"], "dizziness": None},
                         injuries=[{"area": "knee", "severity": "mild", "description": ""},
                                   {"area": "tail", "severity": "mild", "description": ""}])
    assert refusal(3, answer).fields == ("parq.dizziness", "injuries.2.area")


def test_a_problem_with_the_answer_as_a_whole_names_no_field():
    assert refusal(1, {"fitness_level": "intermediate", "activity_level": "moderate", "mood": "great"}).fields == ()


def test_imperial_height_and_weight_are_marked_in_the_fields_they_were_typed_in():
    form = {"units": "imperial", "height_ft": "12", "height_in": "0", "weight_lb": "150"}
    assert form_fields(0, form, ["height_cm", "weight_kg", "birth_date"]) == [
        "height_ft", "height_in", "weight_lb", "birth_date"]
    assert form_fields(0, {"units": "metric"}, ["height_cm"]) == ["height_cm"]


def test_meal_and_injury_paths_become_their_form_field_names():
    assert form_fields(8, {}, ["meals.2.scheduled_time", "meals.2.latest_time", "meals.3.meal_name", "meals"]) == [
        "meal_2_time", "meal_2_latest", "meal_3_name", "meals"]
    # Row 1 left blank: the first injury of the answer was typed in row 2.
    form = {"injury_2_area": "knee", "injury_3_area": "back"}
    assert form_fields(3, form, ["injuries.2.severity", "parq.dizziness", "injuries.9.area"]) == [
        "injury_3_severity", "parq_dizziness"]


def test_a_bad_meal_time_typed_in_the_form_is_marked_in_that_forms_inputs():
    form = form_from_answer(8, answers()[8])
    form["meal_1_time"] = "09:00"
    with pytest.raises(StepRejected) as caught:
        validate_answer(8, answer_from_form(8, form, meals_per_day=MEALS_PER_DAY), make_context(answers()))
    assert form_fields(8, form, caught.value.fields) == ["meal_1_time", "meal_1_earliest", "meal_1_latest"]
