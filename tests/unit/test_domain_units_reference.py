"""Unit conversions for the UI, choice lists and reference-data lookups."""

from __future__ import annotations

import pytest

from fitapp.domain import choices, cm_to_ft_in, fl_oz_to_ml, ft_in_to_cm, kg_to_lb, lb_to_kg, ml_to_fl_oz
from fitapp.domain.reference import EquipmentType, equipment_groups
from tests.unit.reference_fixture import reference_data


@pytest.mark.parametrize("lb,kg", [(150, 68.04), (220.5, 100.02), (66.1, 29.98)])
def test_pounds_convert_to_kilograms_to_a_hundredth(lb, kg):
    # 150 · 0.45359237 = 68.0389; 220.5 · 0.45359237 = 100.017; 66.1 · … = 29.982
    assert lb_to_kg(lb) == kg


def test_every_tenth_of_a_pound_comes_back_as_typed():
    """Stored to 0.1 kg, 150 lb came back as 149.9 lb; at 0.01 kg none of 40-1,100 lb drifts."""
    drifted = [tenths / 10 for tenths in range(400, 11_001) if kg_to_lb(lb_to_kg(tenths / 10)) != tenths / 10]
    assert drifted == []


@pytest.mark.parametrize("kg,lb", [(68, 149.9), (100, 220.5), (62.5, 137.8)])
def test_kilograms_convert_to_pounds_to_a_tenth(kg, lb):
    # 68 / 0.45359237 = 149.914; 100 / … = 220.462; 62.5 / … = 137.789
    assert kg_to_lb(kg) == lb


@pytest.mark.parametrize("feet,inches,cm", [(5, 10, 177.8), (6, 0, 182.9), (4, 11.5, 151.1)])
def test_feet_and_inches_convert_to_centimetres(feet, inches, cm):
    # 70 in · 2.54 = 177.8; 72 · 2.54 = 182.88; 59.5 · 2.54 = 151.13
    assert ft_in_to_cm(feet, inches) == cm


@pytest.mark.parametrize("cm,ft_in", [(177.8, (5, 10)), (182.9, (6, 0)), (152.0, (5, 0))])
def test_centimetres_convert_to_whole_feet_and_inches_carrying_twelve_inches(cm, ft_in):
    # 152 / 2.54 = 59.84 → 60 in → 5 ft 0 in (not 4 ft 12 in)
    assert cm_to_ft_in(cm) == ft_in


def test_fluid_ounces_round_trip_close_to_millilitres():
    assert fl_oz_to_ml(64) == 1893  # 64 · 29.5735 = 1892.7
    assert ml_to_fl_oz(2000) == 67.6  # 2000 / 29.5735 = 67.63


def test_choice_values_match_the_schema_checks():
    assert [v for v, _ in choices.ACTIVITY_LEVELS] == ["sedentary", "light", "moderate", "very_active"]
    assert [v for v, _ in choices.INJURY_AREAS] == [
        "knee", "back", "shoulder", "hip", "ankle", "wrist", "neck", "elbow", "other"
    ]
    assert [v for v, _ in choices.WORKOUT_LOCATIONS] == ["home", "gym", "outdoor", "hybrid"]
    assert [v for v, _ in choices.MEAL_PREP_WILLINGNESS] == ["none", "minimal", "moderate", "extensive"]
    assert [v for v, _ in choices.SLEEP_QUALITIES] == ["poor", "fair", "good", "excellent"]
    assert [v for v, _ in choices.REMINDER_TONES] == ["gentle", "motivational", "minimal"]
    assert [v for v, _ in choices.WEEKDAYS][0] == "monday" and len(choices.WEEKDAYS) == 7
    assert set(choices.ACTIVITY_DESCRIPTIONS) == {v for v, _ in choices.ACTIVITY_LEVELS}


def test_reference_data_orders_fitness_levels_and_looks_up_by_code():
    ref = reference_data()
    assert ref.fitness_level_codes == ("beginner", "intermediate", "advanced")
    assert ref.goal_category("strength").compatible_with_primary is False
    assert ref.goal_category("unknown") is None
    assert ref.primary_goal_codes == ("fat_loss", "muscle_gain", "general_fitness")
    assert "athletic_performance" in ref.secondary_goal_codes
    assert "pull_up_bar" in ref.equipment_codes and "rowing_machine" not in ref.equipment_codes
    assert ref.diet_type("vegan").excludes_food_groups == ("meat", "fish", "dairy", "eggs")
    assert [e.code for e in ref.equipment_for_location("outdoor")] == ["resistance_bands", "pull_up_bar"]


def test_equipment_is_grouped_by_category_under_readable_names_in_a_set_order():
    groups = equipment_groups(reference_data().equipment_types)
    assert [(name, [item.code for item in items]) for name, items in groups] == [
        ("Free weights", ["dumbbells", "barbell", "kettlebell"]),
        ("Bodyweight", ["pull_up_bar"]),
        ("Benches & racks", ["bench"]),
        ("Accessories", ["resistance_bands", "yoga_mat"]),
    ]


def test_an_unknown_equipment_category_still_shows_after_the_known_ones_and_none_goes_last():
    items = [EquipmentType("sled", "Sled", None), EquipmentType("sauna", "Sauna", "wellness_extras"),
             EquipmentType("treadmill", "Treadmill", "cardio")]
    assert [name for name, _ in equipment_groups(items)] == ["Cardio", "Wellness extras", "Other"]
