"""Snapshots and changed fields as a person reads them."""

from fitapp.presenters.profile import changed_field_labels, readable, snapshot_rows


def test_changed_fields_read_as_section_and_field_without_bookkeeping():
    assert changed_field_labels(["meal_plans.daily_calories_target", "user_profiles.version", "answers"]) == (
        "Meal plan: daily calories")
    assert changed_field_labels(["hydration_preferences"]) == "Hydration"
    assert changed_field_labels([]) == "—"


def test_snapshot_rows_hide_bookkeeping_and_format_times():
    rows = snapshot_rows({"meal_plans": {"daily_calories_target": 1800, "is_locked": True},
                          "answers": {"7": {}}, "fitness_goals": [{"goal_type": "primary", "status": "active"}]})
    assert rows == [
        {"section": "Meal plan", "field": "Daily calories", "value": "1,800\u00a0kcal"},
        {"section": "Goals", "field": "#1", "value": "goal type: primary"},
    ]
    assert readable("2026-11-24T23:01:02.5+00:00") == "2026-11-24 23:01 UTC"
    assert readable(True) == "yes" and readable(None) == "—"


def test_history_diff_reads_with_the_review_labels_and_units():
    from fitapp.domain.diff import FieldDiff
    from fitapp.presenters.profile import changed_by_words, diff_rows

    rows = diff_rows([FieldDiff("hydration_preferences", "daily_water_target_ml", 2600, 2625),
                      FieldDiff("meal_schedules", "meal 2 scheduled_time", "12:00", "12:30")])
    assert rows == [
        {"section": "Hydration", "field": "Daily water target", "before": "2,600\u00a0ml", "after": "2,625\u00a0ml"},
        {"section": "Meal times", "field": "Meal 2: meal time", "before": "12:00", "after": "12:30"},
    ]
    assert changed_by_words("user") == "you" and changed_by_words("admin") == "an admin"
