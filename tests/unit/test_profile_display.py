"""Snapshots and changed fields as a person reads them."""

from fitapp.services.profile_display import changed_field_labels, readable, snapshot_rows


def test_changed_fields_read_as_section_and_field_without_bookkeeping():
    assert changed_field_labels(["meal_plans.daily_calories_target", "user_profiles.version", "answers"]) == (
        "Meal plan: daily calories target")
    assert changed_field_labels(["hydration_preferences"]) == "Hydration"
    assert changed_field_labels([]) == "—"


def test_snapshot_rows_hide_bookkeeping_and_format_times():
    rows = snapshot_rows({"meal_plans": {"daily_calories_target": 1800, "is_locked": True},
                          "answers": {"7": {}}, "fitness_goals": [{"goal_type": "primary", "status": "active"}]})
    assert rows == [
        {"section": "Meal plan", "field": "daily calories target", "value": "1800"},
        {"section": "Goals", "field": "#1", "value": "goal type: primary"},
    ]
    assert readable("2026-11-24T23:01:02.5+00:00") == "2026-11-24 23:01 UTC"
    assert readable(True) == "yes" and readable(None) == "—"
