"""Migration 005's reference rows are present and coherent with the CHECK constraints."""

from __future__ import annotations

from sqlalchemy import text

from fitapp.models.diet import DIET_TYPES
from fitapp.models.goals import GOAL_CATEGORIES
from fitapp.models.profile import PRIMARY_GOALS


def rows(db, sql):
    return db.execute(text(sql)).mappings().all()


def test_fitness_levels_are_the_seeds_three_rows(db):
    assert [tuple(r.values()) for r in rows(db, "SELECT code, display_name, description, sort_order FROM ref_fitness_levels ORDER BY sort_order")] == [
        ("beginner", "Beginner", "New to fitness or returning after long break", 1),
        ("intermediate", "Intermediate", "Consistent training for 6+ months", 2),
        ("advanced", "Advanced", "Years of training experience", 3),
    ]


def test_goal_categories_cover_the_seven_categories_and_only_profile_goals_can_be_primary(db):
    categories = {r["code"]: r for r in rows(db, "SELECT * FROM ref_goal_categories")}
    assert set(categories) == set(GOAL_CATEGORIES)
    assert {code for code, r in categories.items() if r["compatible_with_primary"]} == set(PRIMARY_GOALS)
    assert all(r["compatible_with_secondary"] for r in categories.values())
    assert all(r["display_name"] and r["description"] for r in categories.values())


def test_diet_types_cover_the_eight_types_with_their_excluded_food_groups(db):
    diets = {r["code"]: r["excludes_food_groups"] for r in rows(db, "SELECT code, excludes_food_groups FROM ref_diet_types")}
    assert set(diets) == set(DIET_TYPES)
    assert diets["omnivore"] == []
    assert {"meat", "fish"} <= set(diets["vegetarian"])
    assert {"meat", "fish", "dairy", "eggs"} <= set(diets["vegan"])
    assert "fish" not in diets["pescatarian"]


def test_equipment_types_include_the_common_items_with_category_and_locations(db):
    equipment = {r["code"]: r for r in rows(db, "SELECT * FROM ref_equipment_types")}
    assert len(equipment) >= 15
    expected = {
        "dumbbells", "barbell", "kettlebell", "resistance_bands", "pull_up_bar", "bench", "squat_rack", "cable_machine",
        "treadmill", "stationary_bike", "rowing_machine", "yoga_mat", "jump_rope", "medicine_ball", "foam_roller",
    }
    assert expected <= set(equipment)
    for code, r in equipment.items():
        assert r["category"], code
        assert r["typical_locations"] and set(r["typical_locations"]) <= {"home", "gym", "outdoor"}, code
