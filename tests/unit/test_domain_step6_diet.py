"""Step 6: diet type (+ text iff other), cleaned lists, cooking, prep, budget, notes."""

from __future__ import annotations

import pytest

from fitapp.domain import choices, split_list_text
from tests.unit.step_helpers import DROP, accept, answer_with, reject

LIST_KEYS = ["allergies", "intolerances", "dislikes", "religious_restrictions", "preferred_cuisines"]


def test_step6_accepts_the_valid_answer_unchanged():
    assert accept(6, answer_with(6)).answer == answer_with(6)


def test_step6_accepts_only_a_diet_type_and_fills_the_rest():
    answer = accept(6, {"diet_type": "vegan"}).answer
    assert answer["diet_type"] == "vegan" and all(answer[key] == [] for key in LIST_KEYS)
    assert answer["budget_per_day_usd"] is None and answer["diet_type_other"] is None


@pytest.mark.parametrize("diet", [value for value, _ in choices.DIET_TYPES if value != "other"])
def test_step6_accepts_every_diet_type(diet):
    assert accept(6, answer_with(6, diet_type=diet)).answer["diet_type"] == diet


def test_step6_lists_all_eight_diet_types_of_the_check():
    assert [v for v, _ in choices.DIET_TYPES] == [
        "omnivore", "vegetarian", "vegan", "pescatarian", "keto", "paleo", "mediterranean", "other"
    ]


def test_step6_rejects_an_unknown_diet_type():
    assert "Diet type must be one of" in reject(6, answer_with(6, diet_type="carnivore"))


def test_step6_requires_a_description_when_diet_is_other():
    assert "describe your diet" in reject(6, answer_with(6, diet_type="other", diet_type_other=None))
    assert "describe your diet" in reject(6, answer_with(6, diet_type="other", diet_type_other="  "))


def test_step6_accepts_other_with_a_description_up_to_100_characters():
    answer = accept(6, answer_with(6, diet_type="other", diet_type_other=" Low FODMAP ")).answer
    assert answer["diet_type_other"] == "Low FODMAP"
    accept(6, answer_with(6, diet_type="other", diet_type_other="d" * 100))


def test_step6_rejects_an_other_description_over_100_characters():
    assert "at most 100 characters" in reject(6, answer_with(6, diet_type="other", diet_type_other="d" * 101))


def test_step6_rejects_a_description_when_the_diet_is_not_other():
    assert "only describe" in reject(6, answer_with(6, diet_type="vegan", diet_type_other="plant based")).lower()


@pytest.mark.parametrize("key", LIST_KEYS)
def test_step6_trims_lowercases_and_deduplicates_each_list(key):
    answer = answer_with(6, **{key: ["  Peanuts ", "peanuts", "SHELL  fish", "", "Peanuts"]})
    assert accept(6, answer).answer[key] == ["peanuts", "shell fish"]


@pytest.mark.parametrize("value,needle", [("peanuts", "must be a list"), ([1, 2], "words or short phrases")])
def test_step6_rejects_lists_that_are_not_lists_of_text(value, needle):
    assert needle in reject(6, answer_with(6, allergies=value))


def test_step6_rejects_list_items_over_100_characters():
    assert "at most 100 characters" in reject(6, answer_with(6, dislikes=["x" * 101]))


def test_split_list_text_splits_a_typed_line_into_items():
    assert split_list_text("peanuts, shellfish;dairy\n , ") == ["peanuts", "shellfish", "dairy"]


@pytest.mark.parametrize(
    "changes,needle",
    [
        ({"cooking_skill_level": "chef"}, "Cooking skill must be one of"),
        ({"meal_prep_willingness": "always"}, "Meal-prep willingness must be one of"),
        ({"max_meal_prep_time_minutes": 0}, "between 1 and 600"),
        ({"max_meal_prep_time_minutes": 601}, "between 1 and 600"),
        ({"budget_per_day_usd": -0.01}, "between 0 and 9,999.99 USD"),
        ({"budget_per_day_usd": 10000}, "between 0 and 9,999.99 USD"),
        ({"additional_notes": "n" * 2001}, "at most 2,000 characters"),
        ({"diet_type": DROP}, "Diet type: please answer this"),
        ({"favourite_food": "pizza"}, "'favourite_food'"),
    ],
)
def test_step6_rejects_values_outside_enums_and_ranges(changes, needle):
    assert needle in reject(6, answer_with(6, **changes))


@pytest.mark.parametrize(
    "changes",
    [
        {"cooking_skill_level": None, "meal_prep_willingness": None},
        {"max_meal_prep_time_minutes": 1},
        {"max_meal_prep_time_minutes": 600},
        {"budget_per_day_usd": 0},
        {"budget_per_day_usd": 9999.99},
        {"additional_notes": "n" * 2000},
    ],
)
def test_step6_accepts_optional_fields_at_their_limits(changes):
    accept(6, answer_with(6, **changes))


def test_step6_rounds_the_budget_to_cents():
    assert accept(6, answer_with(6, budget_per_day_usd=12.345)).answer["budget_per_day_usd"] == 12.35
