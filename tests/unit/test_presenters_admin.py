"""The admin screens' wording, from hand-made service results (no database, no Reflex)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

from fitapp.domain import STEPS
from fitapp.presenters import admin as rows
from fitapp.presenters.moments import admin_moment, member_moment
from fitapp.services.admin_listings import IncompleteRow, Page
from fitapp.services.analytics import DailyRow, FunnelReport, FunnelSummary, StepFunnel, TrailingRate
from fitapp.services.profile_views import AuditRow, OnboardingDetail, UserDetail, VersionSummary
from tests.unit.answers_fixture import valid_answers

NOON = datetime(2026, 3, 4, 12, 5, 9, tzinfo=UTC)


def test_moments_are_written_in_utc_whatever_zone_they_come_in():
    in_new_york = NOON.astimezone(timezone(timedelta(hours=-5)))
    assert admin_moment(in_new_york) == "2026-03-04 12:05 UTC"
    assert member_moment(in_new_york) == "4 Mar 2026, 12:05:09 UTC"
    assert admin_moment(None) == "—"
    assert member_moment(None) == ""


def test_an_incomplete_row_names_the_step_and_an_estimated_total_says_so():
    row = IncompleteRow(uuid.UUID(int=7), "a@example.com", 3, NOON, None, None)
    assert rows.incomplete_rows([row]) == [{
        "user_id": "00000000-0000-0000-0000-000000000007", "email": "a@example.com", "step": "3 · Health & injuries",
        "started": "2026-03-04 12:05 UTC", "last_activity": "—", "device": "—",
    }]
    assert rows.total_label(Page([row], total=1_234_567, page=1, page_size=25, total_is_estimate=True)) == "about 1,234,567"
    assert rows.total_label(Page([row], total=1234, page=1, page_size=25)) == "1234"


def _detail(**overrides) -> UserDetail:
    answers = valid_answers(date(2026, 3, 4))
    onboarding = OnboardingDetail(current_step=2, completed_steps=[0], answers={0: answers[0], 1: answers[1]},
                                  started_at=NOON, last_activity_at=NOON, completed_at=None, device_type="mobile",
                                  user_agent=None, flow_version="1.0")
    values = dict(user_id=uuid.UUID(int=1), email="b@example.com", account_status="active", created_at=NOON,
                  onboarding_completed=False, is_admin=True, onboarding=onboarding, profile=None,
                  profile_version=None, locked_at=None, versions=[], audit=[], last_reset=None)
    return UserDetail(**{**values, **overrides})


def test_a_user_detail_in_words():
    audit = AuditRow(NOON, "user_profiles", "UPDATE", "user", {"primary_goal": "lose_weight"},
                     {"primary_goal": "gain_muscle"}, None, None)
    version = VersionSummary(version=2, valid_from=NOON, valid_until=None, changed_by="admin",
                             change_reason="Typo in the goal", changed_fields=["fitness_goals.primary_goal"])
    screen = rows.user_detail_screen(_detail(audit=[audit], versions=[version]))

    facts = {fact["label"]: fact["value"] for fact in screen.facts}
    assert facts == {"Account": "active · admin", "Signed up": "2026-03-04 12:05 UTC",
                     "Onboarding": "at step 2 · Goals", "Last activity": "2026-03-04 12:05 UTC",
                     "Device": "mobile", "Profile": "none"}
    assert [(a["title"], a["status"]) for a in screen.answers] == [(STEPS[0].title, "answered"), (STEPS[1].title, "to ask again")]
    assert screen.versions == [{"version": "2", "when": "2026-03-04 12:05 UTC", "who": "admin",
                                "reason": "Typo in the goal", "fields": "Goals: primary goal"}]
    assert screen.audit[0]["what"] == "UPDATE user_profiles"
    assert (screen.audit[0]["old"], screen.audit[0]["new"]) == ("primary goal: lose_weight", "primary goal: gain_muscle")


def test_a_finished_or_never_started_onboarding_in_words():
    done = rows.user_detail_screen(_detail(onboarding_completed=True, profile_version=3, locked_at=NOON))
    facts = {fact["label"]: fact["value"] for fact in done.facts}
    assert facts["Onboarding"] == "completed"
    assert facts["Profile"] == "version 3, locked 2026-03-04 12:05 UTC"
    fresh = rows.user_detail_screen(_detail(onboarding=None, is_admin=False))
    facts = {fact["label"]: fact["value"] for fact in fresh.facts}
    assert (facts["Account"], facts["Onboarding"], facts["Device"]) == ("active", "not started", "—")
    assert fresh.answers == []


def test_the_funnel_screen_reads_days_newest_first_and_charts_them_oldest_first():
    summary = FunnelSummary(start=date(2026, 3, 1), end=date(2026, 3, 2), flow_version=None, started=4, completed=1,
                            completion_rate_pct=25.0, avg_completion_minutes=12.25, median_completion_minutes=None,
                            left_users=2, returned_users=1, returning_users_pct=50.0)
    daily = [DailyRow(date(2026, 3, 2), 3, 1, 33.333, 12.25), DailyRow(date(2026, 3, 1), 1, 0, None, None)]
    step = StepFunnel(step=3, title="Health & injuries", reached=4, answered=3, drop_off=1, drop_off_rate_pct=25.0,
                      median_seconds=41.6, p90_seconds=None, avg_seconds=40.0, rejections=2,
                      typed_answers=1, typed_share_pct=33.33)
    trailing = TrailingRate(as_of=date(2026, 3, 3), start=date(2026, 2, 24), end=date(2026, 3, 2), started=10,
                            completed=5, completion_rate_pct=50.0, alert_threshold_pct=60.0, below_alert=True)
    screen = rows.funnel_screen(FunnelReport(summary, daily, [step], trailing))

    assert {row["label"]: row["value"] for row in screen.summary} == {
        "Started": "4", "Completed": "1", "Completion rate": "25.0 %", "Average completion time": "12.2 min",
        "Median completion time": "—", "Returning users": "50.0 %"}
    assert [row["day"] for row in screen.daily] == ["2026-03-02", "2026-03-01"]
    assert [row["day"] for row in screen.daily_chart] == ["2026-03-01", "2026-03-02"]
    assert screen.daily[0]["rate"] == 33.33 and screen.daily[1]["rate"] == 0 and screen.daily[1]["avg_minutes"] == "—"
    assert screen.steps[0] == {"step": "3 Health & injuries", "reached": 4, "answered": 3, "drop_off": 1,
                               "drop_off_rate": "25.0 %", "median": "42 s", "p90": "—", "rejections": 2,
                               "typed": "1 (33.3 %)"}
    assert screen.trailing_text == "50.0 % of 10 users who started 2026-02-24–2026-03-02 completed (alert below 60 %)"
    assert screen.below_alert is True


def test_the_began_as_typed_cell_has_no_count_at_the_review_and_no_share_when_nobody_answered():
    def step(typed, share):
        return StepFunnel(step=0, title="About you", reached=0, answered=0, drop_off=0, drop_off_rate_pct=None,
                          median_seconds=None, p90_seconds=None, avg_seconds=None, rejections=0,
                          typed_answers=typed, typed_share_pct=share)

    assert rows.typed_share(step(None, None)) == "—"
    assert rows.typed_share(step(0, None)) == "0 (—)"
    assert rows.typed_share(step(2, 100.0)) == "2 (100.0 %)"
