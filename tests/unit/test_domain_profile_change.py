"""Planning a profile change without a database: the answers a change leads to, by hand."""

from __future__ import annotations

from datetime import date

import pytest

from fitapp.domain import StepRejected
from fitapp.domain.profile_change import (
    TOPICS,
    InvalidChangeRequest,
    ReasonRequired,
    checked_change_reason,
    plan_change,
    topic_edits,
)
from tests.unit.answers_fixture import valid_answers
from tests.unit.reference_fixture import reference_data

TODAY = date(2026, 12, 1)  # the fixture user (born 1990-05-14) is 36


@pytest.fixture
def answers():
    return valid_answers(TODAY)


def test_an_unrelated_change_keeps_the_accepted_plan(answers):
    new, recomputed = plan_change(TOPICS["hydration"], answers, {10: {"daily_water_target_ml": 2600}},
                                  reference_data(), TODAY)
    assert recomputed is False
    assert new[10]["daily_water_target_ml"] == 2600
    assert {step: a for step, a in new.items() if step != 10} == {step: a for step, a in answers.items() if step != 10}


def test_a_goal_change_recomputes_the_accepted_plan_by_the_spec(answers):
    new, recomputed = plan_change(TOPICS["goals"], answers, {2: {"primary_goal": "general_fitness"}},
                                  reference_data(), TODAY)
    # Resting 10*62.5 + 6.25*168 - 5*36 - 161 = 1334; x (1.55 + 0.05) = 2134.4; general fitness +-0.
    assert recomputed is True
    assert (new[7]["daily_calories_target"], new[7]["protein_grams_target"]) == (2134, 100.0)
    assert new[7]["meals_per_day"] == 3 and new[7]["accept_proposal"] is True


def test_an_adjusted_plan_keeps_its_numbers_when_an_input_changes(answers):
    answers[7] = {**answers[7], "accept_proposal": False, "daily_calories_target": 1800,
                  "protein_grams_target": 120.0, "carbs_grams_target": 210.0, "fats_grams_target": 53.0}
    # 120*4 + 210*4 + 53*9 = 1797 kcal: within 50 of 1800.
    adjusted, _ = plan_change(TOPICS["meal_plan"], valid_answers(TODAY), {7: answers[7]}, reference_data(), TODAY)

    new, recomputed = plan_change(TOPICS["experience"], adjusted, {1: {"activity_level": "light"}},
                                  reference_data(), TODAY)

    assert recomputed is False
    assert (new[7]["daily_calories_target"], new[7]["protein_grams_target"]) == (1800, 120.0)


def test_meal_times_set_the_number_of_meals_a_day(answers):
    four = [*answers[8]["meals"], {"meal_number": 4, "meal_name": "Snack", "scheduled_time": "16:00",
                                   "earliest_time": "15:30", "latest_time": "16:30",
                                   "notification_offset_minutes": -15}]

    new, _ = plan_change(TOPICS["meal_times"], answers, {8: {"meals": four}}, reference_data(), TODAY)

    assert new[7]["meals_per_day"] == 4 and len(new[8]["meals"]) == 4


def test_more_meals_in_the_plan_than_meal_times_is_refused_pointing_to_meal_times(answers):
    with pytest.raises(StepRejected) as refusal:
        plan_change(TOPICS["meal_plan"], answers, {7: {"meals_per_day": 4}}, reference_data(), TODAY)
    assert refusal.value.step == 8
    assert "4 meals a day, but your meal times list 3" in refusal.value.messages[0]
    assert "'Meal times'" in refusal.value.messages[0]


def test_a_refused_edit_names_its_fields(answers):
    with pytest.raises(StepRejected) as refusal:
        plan_change(TOPICS["hydration"], answers, {10: {"daily_water_target_ml": 10}}, reference_data(), TODAY)
    assert refusal.value.step == 10 and "daily_water_target_ml" in refusal.value.fields


def test_edits_are_keyed_by_step_number_and_kept_to_the_topic():
    assert topic_edits(TOPICS["meal_times"], {"7": {"meals_per_day": 4}, 8: {}}) == {7: {"meals_per_day": 4}, 8: {}}
    with pytest.raises(InvalidChangeRequest, match="cannot change step 2"):
        topic_edits(TOPICS["hydration"], {2: {}})
    with pytest.raises(StepRejected, match="must be a set of fields"):
        topic_edits(TOPICS["hydration"], {10: ["not", "fields"]})


def test_a_reason_is_required_collapsed_and_capped():
    assert checked_change_reason("  Summer \n heat ") == "Summer heat"
    with pytest.raises(ReasonRequired, match="Please say why"):
        checked_change_reason(" \t ")
    assert len(checked_change_reason("x" * 500)) == 500
    with pytest.raises(ReasonRequired, match="under 500 characters"):
        checked_change_reason("x" * 501)
