"""Version diffs: what changed between two snapshots, in table.column names."""

from __future__ import annotations

import copy

from fitapp.domain.diff import FieldDiff, changed_fields, diff_snapshots, same_configuration

BASE = {
    "answers": {"10": {"daily_water_target_ml": 2200}},
    "hydration_preferences": {"daily_water_target_ml": 2200, "reminder_tone": "gentle"},
    "user_profiles": {
        "fitness_level": "intermediate",
        "primary_goal": "fat_loss",
        "version": 1,
        "locked_at": "2025-01-01T00:00:00+00:00",
        "is_locked": True,
        "modification_reason": "Onboarding confirmed",
        "last_modified_by": "user",
    },
    "meal_plans": {
        "meals_per_day": 3,
        "daily_calories_target": 1800,
        "last_recalculated_at": None,
        "recalculation_reason": None,
    },
    "fitness_goals": [
        {"goal_type": "primary", "goal_category": "fat_loss", "priority": 1, "target_weight_kg": 58.0},
        {"goal_type": "secondary", "goal_category": "strength", "priority": 2, "target_weight_kg": None},
    ],
    "meal_schedules": [
        {"meal_number": 1, "meal_name": "Breakfast", "scheduled_time": "07:30"},
        {"meal_number": 2, "meal_name": "Lunch", "scheduled_time": "12:30"},
    ],
    "physical_constraints": [
        {"constraint_type": "equipment", "constraint_category": None, "description": None,
         "available_equipment": ["mat"]},
        {"constraint_type": "injury", "constraint_category": "knee", "description": "Old injury", "severity": "mild"},
    ],
    "body_measurements": {"weight_kg": 62.5, "recorded_at": "2025-01-01T00:00:00+00:00"},
}


def changed(**sections):
    snapshot = copy.deepcopy(BASE)
    for name, value in sections.items():
        snapshot[name] = value
    return snapshot


def test_identical_snapshots_have_no_differences():
    assert diff_snapshots(BASE, copy.deepcopy(BASE)) == []
    assert changed_fields(BASE, copy.deepcopy(BASE)) == []
    assert same_configuration(BASE, copy.deepcopy(BASE))


def test_a_single_row_section_is_compared_column_by_column():
    new = changed(hydration_preferences={"daily_water_target_ml": 2600, "reminder_tone": "minimal"})

    assert diff_snapshots(BASE, new) == [
        FieldDiff("hydration_preferences", "daily_water_target_ml", 2200, 2600),
        FieldDiff("hydration_preferences", "reminder_tone", "gentle", "minimal"),
    ]
    assert changed_fields(BASE, new) == [
        "hydration_preferences.daily_water_target_ml",
        "hydration_preferences.reminder_tone",
    ]


def test_volatile_fields_and_answers_are_not_changes():
    new = copy.deepcopy(BASE)
    new["user_profiles"].update(version=2, locked_at="2025-02-01T00:00:00+00:00", modification_reason="x",
                                last_modified_by="admin")
    new["meal_plans"].update(last_recalculated_at="2025-02-01T00:00:00+00:00", recalculation_reason="y")
    new["body_measurements"]["recorded_at"] = "2025-02-01T00:00:00+00:00"

    assert diff_snapshots(BASE, new) == [] and changed_fields(BASE, new) == []
    assert same_configuration(BASE, new)
    assert FieldDiff("user_profiles", "version", 1, 2) in diff_snapshots(BASE, new, include_volatile=True)

    other_answers = changed(answers={"10": {"daily_water_target_ml": 2600}})
    assert diff_snapshots(BASE, other_answers) == [] and not same_configuration(BASE, other_answers)


def test_list_rows_are_matched_by_their_natural_key_whatever_their_order():
    meals = [
        {"meal_number": 2, "meal_name": "Lunch", "scheduled_time": "13:00"},
        {"meal_number": 1, "meal_name": "Breakfast", "scheduled_time": "07:30"},
    ]
    new = changed(meal_schedules=meals)

    assert diff_snapshots(BASE, new) == [FieldDiff("meal_schedules", "meal 2 scheduled_time", "12:30", "13:00")]
    assert changed_fields(BASE, new) == ["meal_schedules.scheduled_time"]


def test_added_and_removed_rows_are_reported_whole():
    goals = [BASE["fitness_goals"][0]]
    meals = [*BASE["meal_schedules"], {"meal_number": 3, "meal_name": "Dinner", "scheduled_time": "19:30"}]
    new = changed(fitness_goals=goals, meal_schedules=meals)

    diffs = diff_snapshots(BASE, new)

    assert diffs == [
        FieldDiff("fitness_goals", "secondary goal removed", {"goal_category": "strength", "goal_type": "secondary",
                                                              "priority": 2}, None),
        FieldDiff("meal_schedules", "meal 3 added", None, {"meal_name": "Dinner", "meal_number": 3,
                                                          "scheduled_time": "19:30"}),
    ]
    assert diffs[0].row_removed and diffs[1].row_added and not diffs[1].row_removed
    assert changed_fields(BASE, new) == [
        "fitness_goals.goal_category",
        "fitness_goals.goal_type",
        "fitness_goals.priority",
        "meal_schedules.meal_name",
        "meal_schedules.meal_number",
        "meal_schedules.scheduled_time",
    ]


def test_a_constraint_is_identified_by_type_category_and_description():
    injury = {**BASE["physical_constraints"][1], "severity": "severe"}
    same_key = changed(physical_constraints=[BASE["physical_constraints"][0], injury])
    assert diff_snapshots(BASE, same_key) == [
        FieldDiff("physical_constraints", 'injury knee "Old injury" severity', "mild", "severe")
    ]

    renamed = {**BASE["physical_constraints"][1], "description": "Old knee injury"}
    new_key = changed(physical_constraints=[BASE["physical_constraints"][0], renamed])
    assert [d.field for d in diff_snapshots(BASE, new_key)] == [
        'injury knee "Old injury" removed',
        'injury knee "Old knee injury" added',
    ]
    assert "physical_constraints.description" in changed_fields(BASE, new_key)


def test_sections_come_in_name_order_and_a_missing_section_is_all_new():
    new = changed(hydration_preferences={"daily_water_target_ml": 3000, "reminder_tone": "gentle"},
                  body_measurements={"weight_kg": 61.0, "recorded_at": "2025-03-01T00:00:00+00:00"})
    assert [d.section for d in diff_snapshots(BASE, new)] == ["body_measurements", "hydration_preferences"]

    empty = {"workout_schedules": None}
    filled = {"workout_schedules": {"monday_workout": True, "preferred_workout_time": "18:00"}}
    assert changed_fields(empty, filled) == [
        "workout_schedules.monday_workout",
        "workout_schedules.preferred_workout_time",
    ]


def test_duplicate_keys_are_paired_in_order():
    twice = [{"meal_number": 1, "scheduled_time": "07:00"}, {"meal_number": 1, "scheduled_time": "08:00"}]
    moved = [{"meal_number": 1, "scheduled_time": "07:00"}, {"meal_number": 1, "scheduled_time": "09:00"}]

    assert diff_snapshots({"meal_schedules": twice}, {"meal_schedules": moved}) == [
        FieldDiff("meal_schedules", "meal 1 scheduled_time", "08:00", "09:00")
    ]
