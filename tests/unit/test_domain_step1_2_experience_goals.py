"""Step 1 (fitness experience) and step 2 (goals: compatibility, ranges, direction, pace)."""

from __future__ import annotations

import pytest

from tests.unit.step_helpers import DROP, accept, answer_with, answers, reject

# ---- step 1 -------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["beginner", "intermediate", "advanced"])
@pytest.mark.parametrize("activity", ["sedentary", "light", "moderate", "very_active"])
def test_step1_accepts_every_level_and_activity(level, activity):
    answer = {"fitness_level": level, "activity_level": activity}
    assert accept(1, answer).answer == answer


@pytest.mark.parametrize(
    "answer,needle",
    [
        ({"fitness_level": "pro", "activity_level": "light"}, "Fitness level must be one of"),
        ({"fitness_level": "beginner", "activity_level": "very active"}, "Daily activity must be one of"),
        ({"fitness_level": "beginner"}, "Daily activity: please answer this"),
        ({"fitness_level": "beginner", "activity_level": "light", "age": 3}, "'age'"),
    ],
)
def test_step1_rejects_unknown_values_missing_and_unknown_keys(answer, needle):
    assert needle in reject(1, answer)


# ---- step 2: goals ------------------------------------------------------------------


def goals(**changes):
    base = {
        "primary_goal": "general_fitness",
        "secondary_goal": None,
        "target_weight_kg": None,
        "target_body_fat_percentage": None,
        "target_muscle_gain_kg": None,
        "target_timeline_weeks": None,
        "user_explanation": None,
    }
    base.update(changes)
    return base


def test_step2_accepts_only_a_primary_goal_and_stores_every_key():
    assert accept(2, {"primary_goal": "muscle_gain"}).answer == goals(primary_goal="muscle_gain")


@pytest.mark.parametrize("primary", ["fat_loss", "muscle_gain", "general_fitness"])
def test_step2_accepts_each_primary_goal(primary):
    assert accept(2, goals(primary_goal=primary)).answer["primary_goal"] == primary


@pytest.mark.parametrize("primary", ["strength", "endurance", "flexibility", "athletic_performance", "yoga"])
def test_step2_rejects_primary_goals_that_are_not_primary_compatible(primary):
    assert "Primary goal must be one of" in reject(2, goals(primary_goal=primary))


@pytest.mark.parametrize(
    "primary,secondary",
    [
        ("fat_loss", "strength"),
        ("muscle_gain", "endurance"),
        ("general_fitness", "flexibility"),
        ("general_fitness", "athletic_performance"),
        ("fat_loss", "general_fitness"),
        ("general_fitness", "muscle_gain"),
    ],
)
def test_step2_accepts_compatible_secondary_goals(primary, secondary):
    assert accept(2, goals(primary_goal=primary, secondary_goal=secondary)).answer["secondary_goal"] == secondary


def test_step2_rejects_secondary_equal_to_primary():
    assert "different from your primary goal" in reject(2, goals(primary_goal="fat_loss", secondary_goal="fat_loss"))


@pytest.mark.parametrize("primary,secondary", [("fat_loss", "muscle_gain"), ("muscle_gain", "fat_loss")])
def test_step2_rejects_fat_loss_with_muscle_gain_and_offers_general_fitness(primary, secondary):
    message = reject(2, goals(primary_goal=primary, secondary_goal=secondary))
    assert "opposite directions" in message and "general fitness" in message


def test_step2_rejects_a_secondary_goal_missing_from_the_reference_table():
    assert "Secondary goal must be one of" in reject(2, goals(secondary_goal="swimming"))


def test_step2_rejects_a_secondary_goal_the_reference_marks_not_secondary():
    from dataclasses import replace

    from fitapp.domain import GoalCategory, StepRejected, validate_answer
    from tests.unit.reference_fixture import make_context

    context = make_context(answers())
    reference = replace(
        context.reference,
        goal_categories=(
            *[g for g in context.reference.goal_categories if g.code != "strength"],
            GoalCategory("strength", "Strength", None, False, False),
        ),
    )
    with pytest.raises(StepRejected):
        validate_answer(2, goals(secondary_goal="strength"), replace(context, reference=reference))


# current weight in the fixture: 62.5 kg
@pytest.mark.parametrize("target", [62.4, 50, 0.5])
def test_step2_accepts_fat_loss_targets_below_current_weight(target):
    assert accept(2, goals(primary_goal="fat_loss", target_weight_kg=target)).answer["target_weight_kg"] == target


@pytest.mark.parametrize("target", [62.5, 70])
def test_step2_rejects_fat_loss_targets_not_below_current_weight(target):
    assert "below your current weight of 62.5 kg" in reject(2, goals(primary_goal="fat_loss", target_weight_kg=target))


@pytest.mark.parametrize("target", [62.5, 70])
def test_step2_accepts_muscle_gain_targets_not_below_current_weight(target):
    assert accept(2, goals(primary_goal="muscle_gain", target_weight_kg=target)).answer["target_weight_kg"] == target


def test_step2_rejects_muscle_gain_target_below_current_weight():
    assert "can't be below your current weight" in reject(2, goals(primary_goal="muscle_gain", target_weight_kg=60))


@pytest.mark.parametrize("target", [0, -1, 500, 501])
def test_step2_rejects_target_weight_outside_the_check_range(target):
    assert "Target weight must be more than 0 and less than 500 kg." in reject(2, goals(target_weight_kg=target))


def test_step2_needs_the_current_weight_to_check_a_target_weight():
    assert "current weight" in reject(2, goals(primary_goal="fat_loss", target_weight_kg=55), earlier={})


# Safe loss pace: 1 % of 62.5 kg = 0.625 kg a week.
@pytest.mark.parametrize("target,weeks", [(57.5, 8), (52.5, 16), (60, 4)])
def test_step2_accepts_weight_loss_at_or_under_one_percent_a_week(target, weeks):
    # 5 kg / 8 weeks = 0.625 (exactly the limit); 10 / 16 = 0.625; 2.5 / 4 = 0.625
    accept(2, goals(primary_goal="fat_loss", target_weight_kg=target, target_timeline_weeks=weeks))


def test_step2_rejects_weight_loss_faster_than_one_percent_a_week_and_says_how_long():
    # 5 kg in 7 weeks = 0.71 kg/week > 0.625; needs ceil(5 / 0.625) = 8 weeks
    message = reject(2, goals(primary_goal="fat_loss", target_weight_kg=57.5, target_timeline_weeks=7))
    assert "0.625 kg a week" in message and "at least 8 weeks" in message


@pytest.mark.parametrize("target,weeks", [(67.5, 10), (63.0, 1)])
def test_step2_accepts_weight_gain_at_or_under_half_a_kilo_a_week(target, weeks):
    accept(2, goals(primary_goal="muscle_gain", target_weight_kg=target, target_timeline_weeks=weeks))


def test_step2_rejects_weight_gain_faster_than_half_a_kilo_a_week():
    # 5.5 kg in 10 weeks = 0.55 kg/week; needs 11 weeks
    message = reject(2, goals(primary_goal="muscle_gain", target_weight_kg=68.0, target_timeline_weeks=10))
    assert "at most 0.5 kg a week" in message and "at least 11 weeks" in message


def test_step2_applies_the_pace_rule_to_general_fitness_targets_too():
    assert "safe pace" in reject(2, goals(target_weight_kg=50, target_timeline_weeks=4))


def test_step2_has_no_pace_rule_without_a_timeline():
    accept(2, goals(primary_goal="fat_loss", target_weight_kg=40))


@pytest.mark.parametrize("gain,weeks,ok", [(5, 10, True), (2, 4, True), (5.5, 10, False), (3, 1, False)])
def test_step2_checks_muscle_gain_pace_of_half_a_kilo_a_week(gain, weeks, ok):
    answer = goals(primary_goal="muscle_gain", target_muscle_gain_kg=gain, target_timeline_weeks=weeks)
    if ok:
        accept(2, answer)
    else:
        assert "0.5 kg a week" in reject(2, answer)


@pytest.mark.parametrize("body_fat", [3, 18.5, 50])
def test_step2_accepts_body_fat_targets_3_to_50(body_fat):
    assert accept(2, goals(target_body_fat_percentage=body_fat)).answer["target_body_fat_percentage"] == body_fat


@pytest.mark.parametrize("body_fat", [2.9, 50.1])
def test_step2_rejects_body_fat_targets_outside_3_to_50(body_fat):
    assert "Target body fat must be between 3 and 50 %." in reject(2, goals(target_body_fat_percentage=body_fat))


@pytest.mark.parametrize("gain", [0, -2, 100, 120])
def test_step2_rejects_muscle_gain_targets_outside_the_decimal_4_2_range(gain):
    message = reject(2, goals(target_muscle_gain_kg=gain))
    assert "Target muscle gain must be more than 0 and less than 100 kg." in message


@pytest.mark.parametrize("weeks", [1, 52, 520])
def test_step2_accepts_timelines_of_1_to_520_weeks(weeks):
    accept(2, goals(target_timeline_weeks=weeks))


@pytest.mark.parametrize("weeks,needle", [(0, "between 1 and 520"), (521, "between 1 and 520"), (4.5, "whole number")])
def test_step2_rejects_timelines_that_are_not_1_to_520_whole_weeks(weeks, needle):
    assert needle in reject(2, goals(target_timeline_weeks=weeks))


def test_step2_accepts_an_explanation_of_1000_characters_trimmed():
    text = "x" * 1000
    assert accept(2, goals(user_explanation=f"  {text} ")).answer["user_explanation"] == text


def test_step2_rejects_an_explanation_over_1000_characters():
    assert "at most 1,000 characters" in reject(2, goals(user_explanation="x" * 1001))


def test_step2_stores_a_blank_explanation_as_none():
    assert accept(2, goals(user_explanation="   ")).answer["user_explanation"] is None


def test_step2_rejects_unknown_keys():
    assert "'target_waist_cm'" in reject(2, goals(target_waist_cm=80))


def test_step2_requires_a_primary_goal():
    assert "Primary goal: please answer this" in reject(2, answer_with(2, primary_goal=DROP))


def test_step2_treats_blank_optional_answers_as_not_given():
    answer = accept(2, goals(secondary_goal="", target_weight_kg=" ", user_explanation="")).answer
    assert answer == goals()
