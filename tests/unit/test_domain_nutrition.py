"""Energy and macros against hand-worked examples (the numbers are worked out in comments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fitapp.domain import age_on, percentages_for, propose_meal_plan
from fitapp.domain.nutrition import calorie_range

TODAY = date(2025, 6, 1)


def born(age: int) -> date:
    """A birth date giving exactly ``age`` on TODAY (birthday a month ago)."""
    return date(TODAY.year - age, 5, 1)


def plan(sex, age, height, weight, activity, days, goal, diet="omnivore"):
    return propose_meal_plan(
        sex=sex,
        birth_date=born(age),
        height_cm=height,
        weight_kg=weight,
        activity_level=activity,
        workout_days_per_week=days,
        primary_goal=goal,
        diet_type=diet,
        today=TODAY,
    )


def numbers(p):
    return (
        p.daily_calories_target, p.daily_calories_min, p.daily_calories_max,
        p.protein_grams_target, p.carbs_grams_target, p.fats_grams_target,
        p.protein_percentage, p.carbs_percentage, p.fats_percentage,
    )


def percent_sum(p) -> Decimal:
    return sum(Decimal(str(x)) for x in (p.protein_percentage, p.carbs_percentage, p.fats_percentage))


def test_female_general_fitness_moderate_three_days():
    # resting = 10·60 + 6.25·165 − 5·30 − 161 = 600 + 1031.25 − 150 − 161 = 1320.25
    # × 1.55 (no bonus at 3 days) = 2046.3875; general fitness ±0 → 2046 kcal
    # range 2046·0.9 = 1841.4 → 1841; 2046·1.1 = 2250.6 → 2251
    # protein 1.6·60 = 96 g; fat 0.25·2046/9 = 56.83 → 57.0 g
    # carbs (2046 − 384 − 513)/4 = 287.25 → 287.5 g
    # energies 384 + 1150 + 513 = 2047 → 18.759 → 18.76, 56.180 → 56.18, 25.061 → 25.06
    p = plan("female", 30, 165, 60, "moderate", 3, "general_fitness")
    assert p.resting_kcal == 1320.25 and p.total_factor == 1.55
    assert numbers(p) == (2046, 1841, 2251, 96.0, 287.5, 57.0, 18.76, 56.18, 25.06)
    assert p.clamps == ()


def test_male_muscle_gain_light_five_days_gets_workout_bonus():
    # resting = 800 + 1125 − 125 + 5 = 1805; factor 1.375 + 0.05·2 = 1.475 → 2662.375
    # +10 % → 2928.6125 → 2929; range 2636.1 → 2636, 3221.9 → 3222
    # protein 1.8·80 = 144 g; fat 0.25·2929/9 = 81.36 → 81.5 g
    # carbs (2929 − 576 − 733.5)/4 = 404.875 → 405.0 g
    # energies 576 + 1620 + 733.5 = 2929.5 → 19.662 → 19.66, 55.2995 → 55.30, 25.0384 → 25.04
    p = plan("male", 25, 180, 80, "light", 5, "muscle_gain")
    assert p.resting_kcal == 1805 and p.total_factor == 1.475 and p.workout_day_bonus == 0.1
    assert numbers(p) == (2929, 2636, 3222, 144.0, 405.0, 81.5, 19.66, 55.3, 25.04)


def test_unspecified_sex_fat_loss_is_raised_to_resting_energy():
    # resting = 700 + 1062.5 − 200 − 78 (mean of +5 and −161) = 1484.5
    # × 1.2 = 1781.4; −20 % = 1425.12 → 1425 < resting → raised to ceil(1484.5) = 1485
    # range 1336.5 → 1337, 1633.5 → 1634
    # protein 2.0·70 = 140 g; fat 0.25·1485/9 = 41.25 → 41.5 g (half up)
    # carbs (1485 − 560 − 373.5)/4 = 137.875 → 138.0 g
    # energies 560 + 552 + 373.5 = 1485.5 → 37.6977 → 37.70, 37.1592 → 37.16, 25.1430 → 25.14
    p = plan("unspecified", 40, 170, 70, "sedentary", 3, "fat_loss")
    assert p.resting_kcal == 1484.5 and p.adjusted_kcal == pytest.approx(1425.12)
    assert numbers(p) == (1485, 1337, 1634, 140.0, 138.0, 41.5, 37.7, 37.16, 25.14)
    assert any("resting energy of 1,485 kcal" in clamp for clamp in p.clamps)
    assert "mean of the male (+5) and female (−161)" in p.rationale


def test_small_person_fat_loss_is_raised_to_1000_kcal():
    # resting = 400 + 937.5 − 300 − 161 = 876.5; × 1.2 = 1051.8; −20 % = 841.44 → 841
    # below 1000 (and 1000 ≥ resting) → 1000; range 900–1100
    # protein 2.0·40 = 80 g; fat 250/9 = 27.78 → 28.0 g; carbs (1000 − 320 − 252)/4 = 107.0 g
    # energies 320 + 428 + 252 = 1000 → 32.00, 42.80, 25.20
    p = plan("female", 60, 150, 40, "sedentary", 2, "fat_loss")
    assert p.resting_kcal == 876.5
    assert numbers(p) == (1000, 900, 1100, 80.0, 107.0, 28.0, 32.0, 42.8, 25.2)
    assert p.clamps == ("raised to the minimum of 1,000 kcal",)


def test_activity_factor_with_workout_bonus_is_capped_at_1_9():
    # resting = 1000 + 1187.5 − 175 + 5 = 2017.5; 1.725 + 0.05·4 = 1.925 → capped 1.9
    # 2017.5 · 1.9 = 3833.25 → 3833; range 3449.7 → 3450, 4216.3 → 4216
    # protein 1.6·100 = 160 g; fat 958.25/9 = 106.47 → 106.5 g
    # carbs (3833 − 640 − 958.5)/4 = 558.625 → 558.5 g
    # energies 640 + 2234 + 958.5 = 3832.5 → 16.6993 → 16.70, 58.2909 → 58.29, 25.0098 → 25.01
    p = plan("male", 35, 190, 100, "very_active", 7, "general_fitness")
    assert p.factor_capped and p.total_factor == 1.9
    assert numbers(p) == (3833, 3450, 4216, 160.0, 558.5, 106.5, 16.7, 58.29, 25.01)
    assert "capped at 1.9" in p.rationale


def test_target_is_capped_at_5000_kcal():
    # resting = 1500 + 1250 − 100 + 5 = 2655; factor 1.725 + 0.2 → 1.9 → 5044.5
    # +10 % = 5548.95 → 5549 → capped 5000; range 4500–5500
    # protein 1.8·150 = 270 g; fat 1250/9 = 138.89 → 139.0 g; carbs (5000 − 1080 − 1251)/4 = 667.25 → 667.5 g
    # energies 1080 + 2670 + 1251 = 5001 → 21.5957 → 21.60, 53.3893 → 53.39, 25.0150 → 25.01
    p = plan("male", 20, 200, 150, "very_active", 7, "muscle_gain")
    assert numbers(p) == (5000, 4500, 5500, 270.0, 667.5, 139.0, 21.6, 53.39, 25.01)
    assert p.clamps == ("capped at the maximum of 5,000 kcal",)


def test_keto_takes_five_percent_carbs_and_fat_as_remainder_with_rounding_absorbed():
    # as the first example: 2046 kcal, protein 96 g
    # carbs 0.05·2046/4 = 25.575 → 25.5 g (under 50 g); fat (2046 − 384 − 102)/9 = 173.33 → 173.5 g
    # energies 384 + 102 + 1561.5 = 2047.5 → 18.7546 → 18.75, 4.9817 → 4.98, 76.2637 → 76.26
    # 18.75 + 4.98 + 76.26 = 99.99, so fat (the largest) absorbs: 100 − 18.75 − 4.98 = 76.27
    p = plan("female", 30, 165, 60, "moderate", 3, "general_fitness", diet="keto")
    assert numbers(p) == (2046, 1841, 2251, 96.0, 25.5, 173.5, 18.75, 4.98, 76.27)
    assert "keto" in p.rationale and "at most 50 g" in p.rationale


def test_keto_carbs_are_capped_at_50_grams():
    # resting = 1200 + 1250 − 125 + 5 = 2330; factor 1.725 + 0.15 = 1.875 → 4368.75
    # +10 % = 4805.625 → 4806; range 4325.4 → 4325, 5286.6 → 5287
    # protein 1.8·120 = 216 g; carbs 5 % = 60.075 g → capped at 50 g
    # fat (4806 − 864 − 200)/9 = 415.78 → 416.0 g
    # energies 864 + 200 + 3744 = 4808 → 17.9700 → 17.97, 4.1597 → 4.16, 77.8702 → 77.87
    p = plan("male", 25, 200, 120, "very_active", 6, "muscle_gain", diet="keto")
    assert numbers(p) == (4806, 4325, 5287, 216.0, 50.0, 416.0, 17.97, 4.16, 77.87)


def test_very_high_protein_keeps_carbs_positive_at_five_percent():
    # resting = 3000 + 625 − 500 − 161 = 2964; × 1.2 × 0.8 = 2845.44 → raised to 2964
    # protein 2.0·300 = 600 g (2400 kcal); 25 % fat would leave negative carbs, so
    # carbs = 0.05·2964/4 = 37.05 → 37.0 g and fat (2964 − 2400 − 148)/9 = 46.22 → 46.0 g
    p = plan("female", 100, 100, 300, "sedentary", 3, "fat_loss")
    assert (p.daily_calories_target, p.protein_grams_target, p.carbs_grams_target, p.fats_grams_target) == (
        2964, 600.0, 37.0, 46.0,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("female", 30, 165, 60, "moderate", 3, "general_fitness"),
        ("male", 25, 180, 80, "light", 5, "muscle_gain"),
        ("unspecified", 40, 170, 70, "sedentary", 3, "fat_loss"),
        ("male", 25, 200, 120, "very_active", 6, "muscle_gain", "keto"),
        ("female", 16, 100, 30, "sedentary", 1, "fat_loss", "keto"),
    ],
)
def test_every_proposal_meets_the_step7_rules(args):
    p = plan(*args)
    assert 1000 <= p.daily_calories_target <= 5000
    assert p.daily_calories_min < p.daily_calories_target < p.daily_calories_max
    assert min(p.protein_grams_target, p.carbs_grams_target, p.fats_grams_target) > 0
    energy = p.protein_grams_target * 4 + p.carbs_grams_target * 4 + p.fats_grams_target * 9
    assert abs(energy - p.daily_calories_target) <= 50
    assert percent_sum(p) == Decimal("100.00")
    assert p.daily_calories_target >= p.resting_kcal


def test_rationale_names_every_number_used():
    p = plan("male", 25, 180, 80, "light", 5, "muscle_gain")
    for text in ["80 kg", "180 cm", "age 25", "male", "1,805 kcal", "1.375", "0.05 × 2 workout days above 3",
                 "+ 10 %", "2,929 kcal", "2,636–3,222", "1.8 g per kg", "fat 25 % of energy",
                 "144 g", "405 g", "81.5 g", "19.66 %", "55.30 %", "25.04 %"]:
        assert text in p.rationale, text


def test_as_answer_is_the_stored_step7_shape():
    p = plan("female", 30, 165, 60, "moderate", 3, "general_fitness")
    answer = p.as_answer(4)
    assert answer["meals_per_day"] == 4 and answer["accept_proposal"] is True
    assert answer["plan_rationale"] == p.rationale and answer["daily_calories_target"] == 2046


@pytest.mark.parametrize(
    "birth,today,age",
    [
        (date(1990, 6, 15), date(2020, 6, 14), 29),  # the day before the birthday
        (date(1990, 6, 15), date(2020, 6, 15), 30),  # the birthday
        (date(2000, 2, 29), date(2021, 2, 28), 20),  # leap-day birthday in a common year
        (date(2000, 2, 29), date(2021, 3, 1), 21),
    ],
)
def test_age_on_counts_completed_years(birth, today, age):
    assert age_on(birth, today) == age


def test_resting_energy_uses_the_age_on_the_day_before_the_birthday():
    # male, 80 kg, 180 cm: age 29 → 800 + 1125 − 145 + 5 = 1785; age 30 → 1780
    common = dict(sex="male", height_cm=180, weight_kg=80, activity_level="sedentary",
                  workout_days_per_week=3, primary_goal="general_fitness", diet_type="omnivore",
                  birth_date=date(1990, 6, 15))
    assert propose_meal_plan(**common, today=date(2020, 6, 14)).resting_kcal == 1785
    assert propose_meal_plan(**common, today=date(2020, 6, 15)).resting_kcal == 1780


@pytest.mark.parametrize(
    "grams,expected",
    [
        # 400 + 400 + 199.8 = 999.8 kcal: 40.008 → 40.01 (twice), 19.984 → 19.98
        ((100, 100, 22.2), (40.01, 40.01, 19.98)),
        # 520 + 800 + 450 = 1770 kcal: 29.3785 → 29.38, 45.1977 → 45.20, 25.4237 → 25.42
        ((130, 200, 50), (29.38, 45.2, 25.42)),
    ],
)
def test_percentages_are_each_macros_share_of_macro_energy(grams, expected):
    shares = percentages_for(*grams)
    assert shares == expected
    assert sum(Decimal(str(s)) for s in shares) == Decimal("100.00")


def test_percentages_let_the_largest_share_absorb_rounding():
    # 1 g each of protein and carbs (4 kcal) and 1 g fat (9 kcal): 17 kcal
    # 4/17 = 23.5294 → 23.53 (twice), 9/17 = 52.9412 → 52.94; sum 100.00 already
    assert percentages_for(1, 1, 1) == (23.53, 23.53, 52.94)
    # 1 g protein, 2 g carbs, 1 g fat: 4 + 8 + 9 = 21 kcal
    # 19.0476 → 19.05, 38.0952 → 38.10, 42.8571 → 42.86; sum 100.01 → fat absorbs: 42.85
    assert percentages_for(1, 2, 1) == (19.05, 38.1, 42.85)


def test_calorie_range_is_ten_percent_either_side_and_strict():
    assert calorie_range(2000) == (1800, 2200)
    assert calorie_range(1000) == (900, 1100)
