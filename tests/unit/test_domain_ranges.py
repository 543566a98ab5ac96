"""One range per numeric answer field: the rules refuse outside it, the form's input is drawn from it."""

import pytest

from fitapp.domain import StepContext, StepRejected, validate_answer
from fitapp.domain.ranges import LIMITS, form_limits
from tests.unit.answers_fixture import valid_answers
from tests.unit.reference_fixture import TODAY, reference_data

# (step, answer key) of each ranged field the steps take directly.
FIELDS = [(0, "height_cm"), (0, "weight_kg"), (2, "target_body_fat_percentage"), (2, "target_timeline_weeks"),
          (4, "max_workout_duration_minutes"), (6, "max_meal_prep_time_minutes"), (6, "budget_per_day_usd"),
          (9, "sleep_hours_last_night"), (10, "daily_water_target_ml"), (10, "reminder_frequency_minutes")]


@pytest.mark.parametrize("step,key", FIELDS)
def test_the_rule_takes_the_bounds_and_refuses_just_outside(step, key):
    answers = valid_answers(TODAY)
    context = StepContext({n: a for n, a in answers.items() if n != step}, reference_data(), TODAY)
    limits = LIMITS[key]
    # A 1-week timeline is in range; with a target weight it would be refused as an unsafe pace.
    base = {**answers[step], "target_weight_kg": None} if step == 2 else answers[step]
    for value in limits.bounds:
        validate_answer(step, {**base, key: value}, context)
    for value in (limits.lo - 1, limits.hi + 1):
        with pytest.raises(StepRejected) as refused:
            validate_answer(step, {**base, key: value}, context)
        assert key in refused.value.fields


def test_the_forms_draw_min_and_max_from_the_rules_and_offsets_read_as_minutes_before():
    assert form_limits("target_muscle_gain_kg") == {"min_": 0, "max_": 100, "step": "any"}  # was 0–99
    assert form_limits("target_weight_kg") == {"min_": 0, "max_": 500, "step": "any"}  # was 1–499
    assert form_limits("reminder_offset_minutes") == {"min_": 0, "max_": 240, "step": "5"}
    assert form_limits("notification_offset_minutes") == {"min_": 0, "max_": 120, "step": "5"}
