"""Step 7: meals per day and the coach's proposal, accepted or adjusted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.unit.step_helpers import DROP, accept, answers, reject

# The fixture answers on 2025-06-01: female, born 1990-05-14 (age 35), 168 cm, 62.5 kg,
# moderate activity, 4 workout days, fat loss, omnivore.
#   resting = 10·62.5 + 6.25·168 − 5·35 − 161 = 625 + 1050 − 175 − 161 = 1339
#   factor  = 1.55 + 0.05·(4 − 3) = 1.60 → 1339 · 1.6 = 2142.4
#   fat loss −20 % → 1713.92 → 1714 kcal; range 1542.6 → 1543, 1885.4 → 1885
#   protein 2.0 · 62.5 = 125 g; fat 0.25·1714/9 = 47.61 → 47.5 g
#   carbs (1714 − 125·4 − 47.5·9)/4 = 786.5/4 = 196.625 → 196.5 g
#   energies 500 / 786 / 427.5 of 1713.5 → 29.18 %, 45.87 %, 24.95 %
EXPECTED = {
    "daily_calories_target": 1714,
    "daily_calories_min": 1543,
    "daily_calories_max": 1885,
    "protein_grams_target": 125.0,
    "carbs_grams_target": 196.5,
    "fats_grams_target": 47.5,
    "protein_percentage": 29.18,
    "carbs_percentage": 45.87,
    "fats_percentage": 24.95,
}


def adjusted(**numbers):
    base = {
        "meals_per_day": 4,
        "accept_proposal": False,
        "daily_calories_target": 1800,
        "protein_grams_target": 130,
        "carbs_grams_target": 200,
        "fats_grams_target": 50,
    }
    base.update(numbers)
    return {key: value for key, value in base.items() if value is not DROP}


def test_step7_accepting_stores_the_hand_worked_proposal():
    answer = accept(7, {"meals_per_day": 3, "accept_proposal": True}).answer
    assert {key: answer[key] for key in EXPECTED} == EXPECTED
    assert answer["meals_per_day"] == 3 and answer["accept_proposal"] is True
    assert "1,339" in answer["plan_rationale"] and "62.5 kg" in answer["plan_rationale"]


def test_step7_stored_answer_has_exactly_the_documented_keys():
    answer = accept(7, {"meals_per_day": 3, "accept_proposal": True}).answer
    assert set(answer) == {
        "meals_per_day", "accept_proposal", "daily_calories_target", "daily_calories_min",
        "daily_calories_max", "protein_grams_target", "carbs_grams_target", "fats_grams_target",
        "protein_percentage", "carbs_percentage", "fats_percentage", "plan_rationale",
    }


@pytest.mark.parametrize("meals", [2, 5, 8])
def test_step7_accepts_2_to_8_meals(meals):
    assert accept(7, {"meals_per_day": meals, "accept_proposal": True}).answer["meals_per_day"] == meals


@pytest.mark.parametrize("meals", [1, 9, 3.5])
def test_step7_rejects_meal_counts_outside_2_to_8(meals):
    assert "Meals per day" in reject(7, {"meals_per_day": meals, "accept_proposal": True})


def test_step7_accepting_again_with_the_same_numbers_is_fine():
    stored = accept(7, {"meals_per_day": 3, "accept_proposal": True}).answer
    assert accept(7, stored).answer == stored


def test_step7_rejects_accepted_numbers_that_are_no_longer_the_proposal():
    stored = accept(7, {"meals_per_day": 3, "accept_proposal": True}).answer
    earlier = answers()
    earlier[0]["weight_kg"] = 70.0
    message = reject(7, stored, earlier)
    assert "proposal has changed" in message and "accept it again" in message


def test_step7_accepts_adjusted_macros_within_50_kcal_and_derives_range_and_shares():
    # 130·4 + 200·4 + 50·9 = 520 + 800 + 450 = 1770 (30 kcal under 1800)
    # range 1620–1980; shares 520/1770 = 29.38 %, 800/1770 = 45.20 %, 450/1770 = 25.42 %
    answer = accept(7, adjusted()).answer
    assert (answer["daily_calories_min"], answer["daily_calories_max"]) == (1620, 1980)
    assert (answer["protein_percentage"], answer["carbs_percentage"], answer["fats_percentage"]) == (29.38, 45.2, 25.42)
    assert answer["accept_proposal"] is False and "You adjusted" in answer["plan_rationale"]


@pytest.mark.parametrize("target,ok", [(1820, True), (1720, True), (1821, False), (1719, False)])
def test_step7_requires_macros_within_50_kcal_of_the_target(target, ok):
    # the macros carry 1770 kcal
    if ok:
        accept(7, adjusted(daily_calories_target=target))
    else:
        assert "within 50 kcal" in reject(7, adjusted(daily_calories_target=target))


@pytest.mark.parametrize("target", [999, 5001])
def test_step7_rejects_targets_outside_1000_to_5000(target):
    assert "Daily calories must be between 1,000 and 5,000 kcal." in reject(7, adjusted(daily_calories_target=target))


def test_step7_accepts_1000_kcal_but_notes_it_is_below_resting_energy():
    # 100·4 + 100·4 + 22.2·9 = 999.8 kcal; resting is 1339
    numbers = dict(protein_grams_target=100, carbs_grams_target=100, fats_grams_target=22.2)
    result = accept(7, adjusted(daily_calories_target=1000, **numbers))
    assert "below your resting energy of 1,339 kcal" in result.notes[0]


@pytest.mark.parametrize("key", ["protein_grams_target", "carbs_grams_target", "fats_grams_target"])
@pytest.mark.parametrize("grams", [0, -10])
def test_step7_rejects_macros_that_are_not_positive(key, grams):
    assert "must be more than 0" in reject(7, adjusted(**{key: grams}))


def test_step7_adjusted_requires_all_numbers():
    assert "Protein: please answer this" in reject(7, adjusted(protein_grams_target=DROP))


def test_step7_adjusted_percentages_sum_to_exactly_100():
    numbers = dict(protein_grams_target=133.3, carbs_grams_target=211.1, fats_grams_target=66.7)
    answer = accept(7, adjusted(daily_calories_target=2000, **numbers)).answer
    total = sum(Decimal(str(answer[k])) for k in ("protein_percentage", "carbs_percentage", "fats_percentage"))
    assert total == Decimal("100.00")


def test_step7_needs_the_answers_the_proposal_is_built_from():
    earlier = answers()
    del earlier[1], earlier[6]
    message = reject(7, {"meals_per_day": 3, "accept_proposal": True}, earlier)
    assert "'Fitness experience'" in message and "'Diet'" in message


@pytest.mark.parametrize(
    "answer,needle",
    [
        ({"meals_per_day": 3}, "Accept or adjust: please answer this"),
        ({"meals_per_day": 3, "accept_proposal": "yes"}, "yes or no"),
        ({"meals_per_day": 3, "accept_proposal": True, "snacks": 2}, "'snacks'"),
    ],
)
def test_step7_rejects_missing_wrong_and_unknown_fields(answer, needle):
    assert needle in reject(7, answer)


def test_accepting_with_a_target_too_large_for_a_float_is_refused_not_an_overflow():
    assert reject(7, {"meals_per_day": 3, "accept_proposal": True, "protein_grams_target": 10 ** 400})
