"""Changing an earlier answer: what must be answered again, and where to resume."""

from __future__ import annotations

import pytest

from fitapp.domain import invalidated_steps, next_unanswered_step
from tests.unit.answers_fixture import valid_answers
from tests.unit.reference_fixture import TODAY


def change(step: int, **changes):
    answers = valid_answers(TODAY)
    old = answers[step]
    return invalidated_steps(step, old, {**old, **changes}, answers)


@pytest.mark.parametrize(
    "step,changes",
    [
        (0, {"weight_kg": 61.0}),
        (0, {"height_cm": 170.0}),
        (0, {"birth_date": "1991-05-14"}),
        (0, {"sex": "unspecified"}),
        (1, {"activity_level": "light"}),
        (2, {"primary_goal": "general_fitness"}),
        (5, {"workout_days": ["monday", "friday"]}),
        (6, {"diet_type": "keto"}),
    ],
)
def test_proposal_inputs_invalidate_the_meal_plan(step, changes):
    assert change(step, **changes) == {7}


@pytest.mark.parametrize(
    "step,changes",
    [
        (0, {"time_zone": "Europe/Paris"}),
        (0, {"units": "imperial"}),
        (1, {"fitness_level": "advanced"}),
        (2, {"secondary_goal": "endurance"}),
        (2, {"user_explanation": "New reason"}),
        (3, {"limitations": ["No running"]}),
        (5, {"preferred_workout_time": "07:00"}),
        (5, {"workout_days": ["saturday", "friday", "wednesday", "monday"]}),  # same days
        (6, {"allergies": ["shellfish"]}),
        (7, {"accept_proposal": False}),
        (8, {"meals": []}),
        (9, {"energy_level": "high"}),
        (10, {"daily_water_target_ml": 3000}),
    ],
)
def test_other_changes_keep_everything(step, changes):
    assert change(step, **changes) == set()


def test_meals_per_day_invalidates_meal_times():
    assert change(7, meals_per_day=4) == {8}


def test_longest_workout_invalidates_the_schedule_only_if_duration_no_longer_fits():
    # step 5 has 45 minutes
    assert change(4, max_workout_duration_minutes=30) == {5}
    assert change(4, max_workout_duration_minutes=45) == set()
    assert change(4, max_workout_duration_minutes=90) == set()


def test_weight_change_rechecks_the_goal_target_only_when_it_no_longer_fits():
    # target 58 kg in 12 weeks: from 62.5 kg fine; at 80 kg 22 kg in 12 weeks is too fast
    assert change(0, weight_kg=63.0) == {7}
    assert change(0, weight_kg=80.0) == {2, 7}
    # fat-loss target above the new weight
    assert change(0, weight_kg=57.0) == {2, 7}


def test_only_answered_steps_are_returned():
    answers = {0: valid_answers(TODAY)[0]}
    assert invalidated_steps(0, answers[0], {**answers[0], "weight_kg": 90.0}, answers) == set()


def test_a_first_answer_invalidates_answered_dependents():
    answers = valid_answers(TODAY)
    assert invalidated_steps(6, None, answers[6], answers) == {7}


@pytest.mark.parametrize(
    "completed,expected",
    [
        ([], 0),
        ([0, 1, 2], 3),
        ([0, 1, 3, 4], 2),
        (list(range(10)), 10),
        (list(range(11)), 11),
        (list(range(12)), 11),
        ([1, 2, 3], 0),
    ],
)
def test_next_unanswered_step_is_the_lowest_missing_or_review(completed, expected):
    assert next_unanswered_step(completed) == expected
