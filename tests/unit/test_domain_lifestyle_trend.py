"""The 14-day lifestyle trend and the check-in's rules (pure domain)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fitapp.domain import StepRejected
from fitapp.domain.lifestyle_trend import chart_level, lifestyle_trends, trend, trend_sentence
from fitapp.domain.validate_lifestyle import validate_check_in

START = datetime(2026, 3, 1, 8, tzinfo=UTC)


def _series(*qualities: str, measure: str = "sleep_quality") -> list[dict]:
    return [{"recorded_at": START + timedelta(days=2 * i), measure: value} for i, value in enumerate(qualities)]


def test_sleep_quality_going_from_good_to_poor_is_deteriorating():
    assert lifestyle_trends(_series("good", "good", "fair", "fair", "poor", "poor"))["sleep_quality"] == "deteriorating"


def test_sleep_quality_going_up_is_improving_and_flat_is_stable():
    assert lifestyle_trends(_series("poor", "fair", "fair", "good", "excellent"))["sleep_quality"] == "improving"
    assert lifestyle_trends(_series("good", "good", "good", "good"))["sleep_quality"] == "stable"
    # one small wobble is no trend
    assert lifestyle_trends(_series("good", "fair", "good", "good", "good"))["sleep_quality"] == "stable"


def test_stress_going_up_is_deteriorating_because_lower_is_better():
    rows = _series("low", "low", "medium", "high", "high", measure="stress_level")
    assert lifestyle_trends(rows)["stress_level"] == "deteriorating"
    rows = _series("high", "medium", "medium", "low", measure="stress_level")
    assert lifestyle_trends(rows)["stress_level"] == "improving"


def test_sleep_hours_use_half_an_hour_over_the_window():
    rows = [{"recorded_at": START + timedelta(days=d), "sleep_hours_last_night": h}
            for d, h in ((0, 7.5), (4, 7.0), (8, 6.5), (13, 6.0))]
    assert lifestyle_trends(rows)["sleep_hours_last_night"] == "deteriorating"
    rows = [{"recorded_at": START + timedelta(days=d), "sleep_hours_last_night": h}
            for d, h in ((0, 7.0), (6, 7.2), (13, 7.1))]
    assert lifestyle_trends(rows)["sleep_hours_last_night"] == "stable"


def test_fewer_than_two_points_or_one_instant_has_no_trend():
    assert lifestyle_trends(_series("good"))["sleep_quality"] is None
    assert lifestyle_trends([])["energy_level"] is None
    same_time = [(START, 0.0), (START, 3.0)]
    assert trend(same_time, higher_is_better=True, threshold=0.5) is None


def test_missing_measures_are_left_out_of_their_trend():
    rows = [{"recorded_at": START + timedelta(days=d), "energy_level": e, "sleep_hours_last_night": None}
            for d, e in ((0, "low"), (7, "medium"), (13, "high"))]
    trends = lifestyle_trends(rows)
    assert trends["energy_level"] == "improving" and trends["sleep_hours_last_night"] is None


def test_a_check_in_follows_step_9_and_defaults_its_source():
    assert validate_check_in({"energy_level": "high", "stress_level": "low", "sleep_quality": "good"}) == {
        "energy_level": "high", "stress_level": "low", "sleep_quality": "good", "sleep_hours_last_night": None,
        "data_source": "user_input"}
    assert validate_check_in({"energy_level": "low", "stress_level": "high", "sleep_quality": "poor",
                              "sleep_hours_last_night": 5.5, "data_source": "wearable"})["data_source"] == "wearable"


def test_a_bad_check_in_lists_every_problem_at_once():
    with pytest.raises(StepRejected) as refused:
        validate_check_in({"energy_level": "huge", "stress_level": "low", "sleep_hours_last_night": 25,
                           "data_source": "fax"})
    assert set(refused.value.fields) == {"energy_level", "sleep_quality", "sleep_hours_last_night", "data_source"}
    assert any("user_input, wearable, system" in m for m in refused.value.messages)


def test_the_trend_sentence_names_each_measure_and_says_which_way_stress_goes():
    trends = {"energy_level": "stable", "stress_level": "deteriorating", "sleep_quality": "improving",
              "sleep_hours_last_night": None}
    assert trend_sentence(trends, 4) == ("Over the last 14 days (4 check-ins): energy stable, stress deteriorating "
                                         "(going up), sleep quality improving, hours slept: not enough to tell.")
    assert trend_sentence({}, 0) == "No check-ins in the last 14 days yet."
    assert trend_sentence({}, 1) == "1 check-in in the last 14 days: too few to show a trend yet."


def test_levels_sit_on_the_chart_from_1_for_the_lowest():
    assert [chart_level("sleep_quality", q) for q in ("poor", "fair", "good", "excellent")] == [1, 2, 3, 4]
    assert [chart_level("stress_level", s) for s in ("low", "medium", "high")] == [1, 2, 3]
    assert chart_level("energy_level", "enormous") is None and chart_level("energy_level", None) is None
