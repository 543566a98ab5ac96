"""Form text <-> step answers: a stored answer survives the trip through its form unchanged."""

import pytest

from fitapp.domain.forms import answer_from_form, form_from_answer
from tests.unit.answers_fixture import MEALS_PER_DAY, valid_answers


@pytest.mark.parametrize("step", [0, 1, 2, 3, 4, 5, 6, 8, 9, 10])
def test_every_stored_answer_round_trips_through_its_form(step):
    answer = valid_answers()[step]
    assert answer_from_form(step, form_from_answer(step, answer), meals_per_day=MEALS_PER_DAY) == answer


def test_imperial_height_and_weight_are_stored_metric():
    form = {"consent": "on", "units": "imperial", "sex": "male", "birth_date": "1990-01-01", "height_ft": "5",
            "height_in": "10", "weight_lb": "176", "time_zone": "America/New_York"}
    answer = answer_from_form(0, form)
    assert answer["height_cm"] == pytest.approx(177.8, abs=0.1)
    assert answer["weight_kg"] == pytest.approx(79.8, abs=0.1)


@pytest.mark.parametrize("pounds", ["150", "149.9", "176", "203.5"])
def test_imperial_weight_shows_again_as_it_was_typed_when_the_answer_is_changed(pounds):
    form = {"consent": "on", "units": "imperial", "sex": "female", "birth_date": "1990-01-01", "height_ft": "5",
            "height_in": "6", "weight_lb": pounds, "time_zone": "Europe/London"}
    assert float(form_from_answer(0, answer_from_form(0, form))["weight_lb"]) == float(pounds)


def test_text_that_is_not_a_number_is_passed_on_for_validation_to_refuse():
    assert answer_from_form(4, {"workout_location": "gym", "max_workout_duration_minutes": "an hour"})[
        "max_workout_duration_minutes"] == "an hour"


def test_step7_accepts_the_proposal_unless_adjust_is_ticked():
    assert answer_from_form(7, {"meals_per_day": "4"}) == {"meals_per_day": 4, "accept_proposal": True}
    adjusted = answer_from_form(7, {"meals_per_day": "3", "adjust": "on", "daily_calories_target": "2000",
                                    "protein_grams_target": "150", "carbs_grams_target": "200", "fats_grams_target": "66.5"})
    assert adjusted["accept_proposal"] is False and adjusted["fats_grams_target"] == 66.5


def test_unanswered_parq_questions_stay_unanswered():
    assert answer_from_form(3, {"parq_heart_condition": "no"})["parq"]["chest_pain_rest"] is None


def test_diet_lists_split_on_commas_semicolons_and_lines():
    answer = answer_from_form(6, {"diet_type": "vegan", "allergies": "Peanuts; shellfish,\ndairy"})
    assert answer["allergies"] == ["Peanuts", "shellfish", "dairy"]


def test_reminders_are_typed_as_minutes_before_and_stored_as_negative_offsets():
    answer = answer_from_form(5, {"day_monday": "on", "preferred_workout_time": "18:00",
                                  "preferred_workout_duration_minutes": "45", "workout_reminder_enabled": "on",
                                  "reminder_offset_minutes": "30", "rest_day_preference": "auto"})
    assert answer["reminder_offset_minutes"] == -30
    assert form_from_answer(5, answer)["reminder_offset_minutes"] == "30"
    meals = answer_from_form(8, {"meal_1_offset": "15", "meal_2_offset": "-20"}, meals_per_day=2)["meals"]
    assert [m["notification_offset_minutes"] for m in meals] == [-15, -20]


def test_a_form_the_tab_kept_is_read_only_when_it_is_text_fields_within_bounds():
    from fitapp.domain.forms import MAX_KEPT_FIELD_CHARS, MAX_KEPT_FIELDS, kept_form

    assert kept_form({"step": "2", "fields": {"primary_goal": "fat_loss", "consent": ""}}) == {
        "primary_goal": "fat_loss", "consent": ""}
    for sent in (None, "2", 2, [], {"step": "2"}, {"step": "2", "fields": "x"},
                 {"step": "2", "fields": {"a": 1}}, {"step": "2", "fields": {1: "a"}},
                 {"step": "2", "fields": {"a": "x" * (MAX_KEPT_FIELD_CHARS + 1)}},
                 {"step": "2", "fields": {f"f{i}": "" for i in range(MAX_KEPT_FIELDS + 1)}}):
        assert kept_form(sent) is None, sent
