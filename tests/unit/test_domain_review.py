"""Step definitions, summaries, step 11 and validate_all over a complete answer set."""

from __future__ import annotations

import json

import pytest

from fitapp.domain import (
    LAST_QUESTION_STEP,
    REVIEW_STEP,
    STEP_COUNT,
    STEPS,
    StepRejected,
    answers_from_step_data,
    step_data_from_answers,
    step_definition,
    validate_all,
    validate_answer,
)
from tests.unit.answers_fixture import valid_answers
from tests.unit.reference_fixture import TODAY, make_context

SPEC_KEYS = {
    0: ["consent", "units", "sex", "birth_date", "height_cm", "weight_kg", "time_zone"],
    1: ["fitness_level", "activity_level"],
    2: ["primary_goal", "secondary_goal", "target_weight_kg", "target_body_fat_percentage",
        "target_muscle_gain_kg", "target_timeline_weeks", "user_explanation"],
    3: ["parq", "injuries", "limitations"],
    4: ["workout_location", "available_equipment", "max_workout_duration_minutes"],
    5: ["workout_days", "preferred_workout_time", "preferred_workout_duration_minutes",
        "workout_reminder_enabled", "reminder_offset_minutes", "rest_day_preference"],
    6: ["diet_type", "diet_type_other", "allergies", "intolerances", "dislikes",
        "religious_restrictions", "preferred_cuisines", "cooking_skill_level",
        "meal_prep_willingness", "max_meal_prep_time_minutes", "budget_per_day_usd", "additional_notes"],
    7: ["meals_per_day", "accept_proposal", "daily_calories_target", "protein_grams_target",
        "carbs_grams_target", "fats_grams_target", "daily_calories_min", "daily_calories_max",
        "protein_percentage", "carbs_percentage", "fats_percentage", "plan_rationale"],
    8: ["meals"],
    9: ["energy_level", "stress_level", "sleep_quality", "sleep_hours_last_night"],
    10: ["daily_water_target_ml", "reminder_enabled", "reminder_frequency_minutes",
         "reminder_start_time", "reminder_end_time", "reminder_tone", "auto_remind_with_meals"],
}


def test_there_are_twelve_steps_with_ten_as_last_question_and_eleven_as_review():
    assert (STEP_COUNT, LAST_QUESTION_STEP, REVIEW_STEP) == (12, 10, 11)
    assert [step.number for step in STEPS] == list(range(12))


def test_step_titles_follow_the_spec_topics():
    assert [step.title for step in STEPS] == [
        "About you", "Fitness experience", "Goals", "Health & injuries", "Where & with what",
        "Workout schedule", "Diet", "Meal plan", "Meal times", "Lifestyle", "Hydration", "Review",
    ]


@pytest.mark.parametrize("step", range(11))
def test_step_answer_keys_are_exactly_the_spec_table(step):
    assert sorted(STEPS[step].answer_keys) == sorted(SPEC_KEYS[step])
    assert set(STEPS[step].required_keys) <= set(STEPS[step].answer_keys)


def test_welcome_says_about_four_minutes_and_resume_on_any_device():
    question = STEPS[0].question
    assert "about 4 minutes" in question and "any device" in question


def test_step_definition_refuses_unknown_steps():
    with pytest.raises(ValueError):
        step_definition(12)


def test_validate_answer_refuses_unknown_steps():
    with pytest.raises(StepRejected):
        validate_answer(-1, {}, make_context())


def test_valid_answers_fixture_passes_validate_all():
    answers = valid_answers(TODAY)
    assert validate_all(answers, make_context(answers)) == {}


def test_valid_answers_fixture_passes_with_the_real_today():
    from datetime import date

    answers = valid_answers()
    assert validate_all(answers, make_context(answers, date.today())) == {}


@pytest.mark.parametrize("step", range(11))
def test_a_stored_answer_validates_to_itself(step):
    answers = valid_answers(TODAY)
    assert validate_answer(step, answers[step], make_context(answers)).answer == answers[step]


@pytest.mark.parametrize("step", range(11))
def test_stored_answers_are_json_serializable(step):
    answers = valid_answers(TODAY)
    stored = validate_answer(step, answers[step], make_context(answers)).answer
    assert json.loads(json.dumps(stored)) == stored


def test_validate_all_lists_unanswered_steps():
    answers = valid_answers(TODAY)
    del answers[4], answers[9]
    problems = validate_all(answers, make_context(answers))
    assert set(problems) == {4, 5, 9}  # 5 also needs step 4 to check its duration
    assert "hasn't been answered" in problems[4][0]


def test_validate_all_reports_an_answer_no_longer_valid_after_an_earlier_change():
    answers = valid_answers(TODAY)
    answers[4]["max_workout_duration_minutes"] = 30  # step 5 has 45 minutes
    answers[0]["weight_kg"] = 80.0  # meal plan proposal changes; 58 kg target now too fast
    problems = validate_all(answers, make_context(answers))
    assert set(problems) == {2, 5, 7}


def test_review_step_confirms_a_complete_valid_set():
    answers = valid_answers(TODAY)
    assert validate_answer(11, {"confirm": True}, make_context(answers)).answer == {"confirm": True}


def test_review_step_refuses_with_problems_named_by_topic():
    answers = valid_answers(TODAY)
    del answers[10]
    with pytest.raises(StepRejected) as caught:
        validate_answer(11, {"confirm": True}, make_context(answers))
    assert any(message.startswith("Hydration:") for message in caught.value.messages)


def test_review_step_requires_confirm_true():
    answers = valid_answers(TODAY)
    with pytest.raises(StepRejected):
        validate_answer(11, {"confirm": False}, make_context(answers))


def test_step_data_round_trips_between_json_keys_and_step_numbers():
    answers = valid_answers(TODAY)
    step_data = step_data_from_answers(answers)
    assert list(step_data)[:3] == ["step_0", "step_1", "step_2"]
    assert answers_from_step_data(step_data) == answers
    assert answers_from_step_data({"step_x": {}, "other": 1}) == {}


SUMMARIES = {
    0: "Female · born 1990-05-14 · 168 cm · 62.5 kg · Europe/Berlin",
    1: "Intermediate · moderately active",
    2: "Fat loss, then strength · target 58 kg in 12 weeks",
    3: "Health questions: all no · knee (mild)",
    4: "At home · dumbbells, resistance bands, yoga mat · up to 60 min",
    5: "Mon, Wed, Fri, Sat at 18:00 · 45 min · reminder 30 min before · flexible rest days",
    8: "Breakfast 07:30 · Lunch 12:30 · Dinner 19:30",
    9: "Energy medium · stress low · sleep good (7.5 h last night)",
    10: "2,200 ml a day · reminders every 60 min, 08:00–22:00 · gentle · with meals",
}


@pytest.mark.parametrize("step", sorted(SUMMARIES))
def test_summaries_echo_the_answer_shortly(step):
    assert STEPS[step].summarize(valid_answers(TODAY)[step]) == SUMMARIES[step]


def test_meal_plan_summary_names_the_numbers():
    summary = STEPS[7].summarize(valid_answers(TODAY)[7])
    assert summary == "3 meals · 1,714 kcal · protein 125 g · carbs 196.5 g · fat 47.5 g · coach's proposal"


def test_imperial_summary_shows_imperial_units():
    answer = {**valid_answers(TODAY)[0], "units": "imperial"}
    assert "5 ft 6 in" in STEPS[0].summarize(answer) and "137.8 lb" in STEPS[0].summarize(answer)
