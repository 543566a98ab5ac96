"""Lifestyle check-ins over REST: record with step 9's rules, read the recent ones, the trend
in the AI context."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from fitapp.core.db import get_engine
from fitapp.services import lifestyle
from tests.api.conftest import new_member

pytestmark = pytest.mark.usefixtures("app_database")

GOOD = {"energy_level": "high", "stress_level": "low", "sleep_quality": "good", "sleep_hours_last_night": 7.5}


def _count(user_id) -> int:
    with get_engine().connect() as conn:
        return conn.execute(text("SELECT count(*) FROM lifestyle_baselines WHERE user_id = :u"),
                            {"u": user_id}).scalar()


def test_a_check_in_is_recorded_and_read_back(client, confirmed):
    url = f"/api/v1/users/{confirmed.user_id}/lifestyle"
    before = _count(confirmed.user_id)

    response = client.post(url, json={**GOOD, "data_source": "wearable"}, headers=confirmed.headers)

    assert response.status_code == 201
    body = response.json()
    assert body["data_source"] == "wearable" and body["sleep_hours_last_night"] == 7.5
    assert _count(confirmed.user_id) == before + 1
    recent = client.get(url, headers=confirmed.headers).json()
    assert recent["days"] == 30 and recent["check_ins"][0] == body
    # the profile shows the latest baseline
    profile = client.get(f"/api/v1/users/{confirmed.user_id}/profile", headers=confirmed.headers).json()
    assert profile["lifestyle_baselines"]["data_source"] == "wearable"


def test_a_bad_check_in_is_refused_with_every_problem_and_writes_nothing(client, confirmed):
    url = f"/api/v1/users/{confirmed.user_id}/lifestyle"
    before = _count(confirmed.user_id)

    response = client.post(url, json={"energy_level": "huge", "stress_level": "low", "sleep_hours_last_night": 30,
                                      "data_source": "fax"}, headers=confirmed.headers)

    assert response.status_code == 422
    text_of = str(response.json())
    assert "Energy" in text_of and "user_input, wearable, system" in text_of and "Sleep quality" in text_of
    assert _count(confirmed.user_id) == before


def test_unknown_fields_are_refused(client, confirmed):
    response = client.post(f"/api/v1/users/{confirmed.user_id}/lifestyle", json={**GOOD, "mood": "great"},
                           headers=confirmed.headers)
    assert response.status_code == 422


def test_days_are_bounded_and_select_the_window(client, confirmed):
    now = datetime.now(UTC)
    for days_ago in (3, 20, 100):
        lifestyle.record_check_in(confirmed.user_id, GOOD, now=now - timedelta(days=days_ago))
    url = f"/api/v1/users/{confirmed.user_id}/lifestyle"
    for bad in (0, 366, "x"):
        assert client.get(url, params={"days": bad}, headers=confirmed.headers).status_code == 422
    within_30 = client.get(url, headers=confirmed.headers).json()["check_ins"]
    within_7 = client.get(url, params={"days": 7}, headers=confirmed.headers).json()["check_ins"]
    within_365 = client.get(url, params={"days": 365}, headers=confirmed.headers).json()["check_ins"]
    assert len(within_365) - len(within_30) == 1 and len(within_30) - len(within_7) == 1
    stamps = [c["recorded_at"] for c in within_365]
    assert stamps == sorted(stamps, reverse=True)
    with pytest.raises(lifestyle.DaysOutOfRange):
        lifestyle.recent_check_ins(confirmed.user_id, 0)


def test_only_the_member_records_and_another_member_may_not_read(client, confirmed, admin_user):
    url = f"/api/v1/users/{confirmed.user_id}/lifestyle"
    other = new_member()
    assert client.post(url, json=GOOD, headers=other.headers).status_code == 403
    assert client.get(url, headers=other.headers).status_code == 403
    assert client.get(url, headers=admin_user.headers).status_code == 200


def test_the_ai_context_shows_sleep_deteriorating_over_two_weeks(client, confirmed):
    now = datetime.now(UTC)
    with get_engine().begin() as conn:  # the onboarding's baseline (good), two weeks ago less a day
        conn.execute(text("UPDATE lifestyle_baselines SET recorded_at = :at WHERE user_id = :u"),
                     {"at": now - timedelta(days=13), "u": confirmed.user_id})
    for days_ago, quality in ((12, "excellent"), (9, "good"), (6, "fair"), (3, "poor"), (1, "poor")):
        lifestyle.record_check_in(confirmed.user_id, {**GOOD, "sleep_quality": quality},
                                  now=now - timedelta(days=days_ago, minutes=5))

    body = client.get(f"/api/v1/users/{confirmed.user_id}/context", headers=confirmed.headers).json()

    trend = body["lifestyle_trend"]
    assert trend["days"] == 14 and trend["check_ins"] == 6
    assert trend["sleep_quality"] == "deteriorating"
    assert body["lifestyle"]["sleep_quality"] == "poor"  # the latest baseline
    assert trend["energy_level"] == "improving"  # the onboarding said medium, every check-in high
    assert trend["stress_level"] == "stable"  # low throughout


def test_the_recent_query_is_served_by_the_user_recorded_at_index(confirmed):
    with get_engine().connect() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(conn.exec_driver_sql(f"EXPLAIN {lifestyle.RECENT_SQL}",
                                               {"user_id": confirmed.user_id, "days": 30}).scalars())
        conn.rollback()
    assert "Index" in plan and ("idx_lifestyle_trends" in plan or "idx_lifestyle_baselines_user_id" in plan)
    assert "Seq Scan" not in plan and "Sort" not in plan  # a range of one user's index entries, no sort node
