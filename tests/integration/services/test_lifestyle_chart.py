"""What the profile page's lifestyle chart reads: the last 14 days of check-ins and their trend in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fitapp.services import lifestyle
from tests.support.factories import sign_up_new_user

pytestmark = pytest.mark.usefixtures("app_database")


def check_in(user_id, days_ago: float, energy: str, stress: str, sleep: str, hours: float | None = None) -> None:
    answer = {"energy_level": energy, "stress_level": stress, "sleep_quality": sleep}
    if hours is not None:
        answer["sleep_hours_last_night"] = hours
    lifestyle.record_check_in(user_id, answer, now=datetime.now(UTC) - timedelta(days=days_ago))


def test_the_chart_reads_the_last_14_days_newest_first_with_the_trend_in_words():
    user_id = sign_up_new_user().user.user_id
    check_in(user_id, 20, "high", "low", "excellent", 9)  # outside the 14 days: not shown, not in the trend
    check_in(user_id, 12, "low", "high", "good", 6)
    check_in(user_id, 8, "medium", "high", "good")
    check_in(user_id, 2, "high", "medium", "fair", 8)

    recent = lifestyle.recent_with_trend(user_id)

    assert [(c.energy_level, c.stress_level, c.sleep_quality, c.sleep_hours_last_night) for c in recent.check_ins] == [
        ("high", "medium", "fair", 8.0), ("medium", "high", "good", None), ("low", "high", "good", 6.0)]
    # Energy low, medium, high (+2 levels); stress high, high, medium (down: better); sleep good, good, fair
    # (the fitted line falls by about 1.05 levels), hours 6 -> 8 (+2 h); stress falls the same way.
    assert recent.sentence == ("Over the last 14 days (3 check-ins): energy improving, stress improving (going down), "
                               "sleep quality deteriorating, hours slept improving.")


def test_one_check_in_is_too_few_for_a_trend_and_none_says_so():
    user_id = sign_up_new_user().user.user_id
    assert lifestyle.recent_with_trend(user_id).sentence == "No check-ins in the last 14 days yet."
    check_in(user_id, 1, "medium", "low", "good", 7.5)
    recent = lifestyle.recent_with_trend(user_id)
    assert len(recent.check_ins) == 1
    assert recent.sentence == "1 check-in in the last 14 days: too few to show a trend yet."
