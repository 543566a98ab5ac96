"""The profile page's check-ins in words and as chart points."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fitapp.presenters.lifestyle import lifestyle_screen, member_zone
from fitapp.services.lifestyle import CheckIn, RecentLifestyle


def test_rows_read_newest_first_in_the_members_zone_and_the_chart_oldest_first():
    newest = CheckIn(datetime(2026, 3, 2, 23, 30, tzinfo=UTC), "high", "low", "excellent", 8.5, "user_input")
    oldest = CheckIn(datetime(2026, 3, 1, 7, 0, tzinfo=UTC), "low", "high", "poor", None, "user_input")
    recent = RecentLifestyle([newest, oldest], {}, "the sentence")

    screen = lifestyle_screen(recent, ZoneInfo("Europe/Berlin"))

    assert screen.rows == [
        {"when": "3 Mar, 00:30", "energy_level": "High", "stress_level": "Low", "sleep_quality": "Excellent",
         "hours": "8.5 h"},
        {"when": "1 Mar, 08:00", "energy_level": "Low", "stress_level": "High", "sleep_quality": "Poor", "hours": "—"},
    ]
    assert screen.chart == [
        {"day": "1 Mar", "energy_level": 1, "stress_level": 3, "sleep_quality": 1, "hours": None},
        {"day": "3 Mar", "energy_level": 3, "stress_level": 1, "sleep_quality": 4, "hours": 8.5},
    ]
    assert screen.trend_text == "the sentence"


def test_an_unknown_or_missing_time_zone_is_utc():
    assert str(member_zone({0: {"time_zone": "Mars/Olympus"}})) == "UTC"
    assert str(member_zone({})) == "UTC"
    assert str(member_zone({0: {"time_zone": "Europe/Berlin"}})) == "Europe/Berlin"
