"""Funnel analytics against a small hand-built dataset whose every number is worked out by hand.

The dataset lives in March 2031 (and a pair of users in April 2003), ranges no other test
uses, so the committed rows of other tests never enter these cohorts.

Cohort of 2031-03-01..2031-03-10 (UTC), flow 1.0 unless said:
  U1  03-02 09:00  completes; every step 30 s on screen, 1 s between answer and next step.
  U2  03-02 12:00  completes; every step 60 s; a rejected answer on step 2 (at +20 s).
  U3  03-03 08:00  steps 0 and 1 take 90 s; step 2 shown, rejected at +40 s, hidden at +100 s; gone.
  U4  03-03 09:00  step 0 shown, nothing after it.
  U5  03-05 10:00  step 0 shown, hidden at +20 s, shown again at +200 s, answered at +240 s;
                   step 1 shown at +241 s; gone.
  U6  03-05 11:00  completes with a break: steps 0-4 at 30 s each, step 5 shown and hidden
                   after 10 s, back 24 h later (shown at +86600 s), answered 50 s later, then
                   steps 6-11 at 30 s each.
  U8  03-10 23:59:59  started, no step event yet.
  U9  03-04 10:00  flow 2.0; completes like U1.
Outside: U7 started 02-28 23:59:59 (a second before the range) and completed 03-01 00:10.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, text

from fitapp.domain.analytics import StepEvent, median, percentile, seconds_on_steps
from fitapp.services import admin, analytics, data_quality
from fitapp.services.analytics import InvalidRange
from tests.support import data_quality_oracle, funnel_oracle
from tests.support.rows import insert_row, new_user

pytestmark = pytest.mark.usefixtures("app_database")

START, END = date(2031, 3, 1), date(2031, 3, 10)
BEFORE_THE_COHORT = datetime(2031, 2, 28, tzinfo=timezone.utc)
UTC = timezone.utc


def t(day: int, hour: int, minute: int = 0, second: int = 0, month: int = 3, year: int = 2031) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def straight(start: datetime, seconds: int, steps: range, offset: int = 0) -> tuple[list[tuple], datetime]:
    """Each step shown, then answered ``seconds`` later; the next shown 1 s after the answer.

    Returns the events (step, event, time) and when the last step's answer is (the confirm,
    for step 11, which is onboarding_states.completed_at rather than an event).
    """
    events, at = [], start + timedelta(seconds=offset)
    for step in steps:
        events.append((step, "shown", at))
        done = at + timedelta(seconds=seconds)
        if step != 11:
            events.append((step, "answered", done))
        at = done + timedelta(seconds=1)
    return events, done


def _user(conn, started: datetime, events: list[tuple], completed: datetime | None = None,
          flow_version: str = "1.0") -> uuid.UUID:
    user_id = new_user(conn)
    insert_row(conn, "onboarding_states", {
        "user_id": user_id, "current_step": 11 if completed else 0, "flow_version": flow_version,
        "started_at": started, "last_activity_at": completed or (events[-1][2] if events else started),
        "completed_at": completed,
    })
    for step, event, at in events:
        insert_row(conn, "onboarding_step_events", {"user_id": user_id, "step": step, "event": event,
                                                    "flow_version": flow_version, "occurred_at": at})
    return user_id


@pytest.fixture(scope="module")
def dataset(engine: Engine, app_database) -> dict[str, uuid.UUID]:
    users: dict[str, uuid.UUID] = {}
    with engine.begin() as conn:
        s = t(2, 9)
        events, done = straight(s, 30, range(12))
        users["U1"] = _user(conn, s, events, done)  # completed after 11*31 + 30 = 371 s

        s = t(2, 12)
        events, done = straight(s, 60, range(12))
        events.append((2, "rejected", s + timedelta(seconds=2 * 61 + 20)))
        users["U2"] = _user(conn, s, events, done)  # 11*61 + 60 = 731 s

        s = t(3, 8)
        events, _ = straight(s, 90, range(2))  # shown 2 at +182 s
        shown2 = s + timedelta(seconds=182)
        events += [(2, "shown", shown2), (2, "rejected", shown2 + timedelta(seconds=40)),
                   (2, "hidden", shown2 + timedelta(seconds=100))]
        users["U3"] = _user(conn, s, events)

        s = t(3, 9)
        users["U4"] = _user(conn, s, [(0, "shown", s)])

        s = t(5, 10)
        sec = lambda n: s + timedelta(seconds=n)  # noqa: E731
        users["U5"] = _user(conn, s, [(0, "shown", sec(0)), (0, "hidden", sec(20)), (0, "shown", sec(200)),
                                      (0, "answered", sec(240)), (1, "shown", sec(241))])

        s = t(5, 11)
        sec = lambda n: s + timedelta(seconds=n)  # noqa: E731
        events, _ = straight(s, 30, range(5))  # answered 4 at +154 s
        events += [(5, "shown", sec(155)), (5, "hidden", sec(165)),
                   (5, "shown", sec(86600)), (5, "answered", sec(86650))]
        later, done = straight(s, 30, range(6, 12), offset=86651)  # confirm at +86651 + 5*31 + 30 = +86836 s
        users["U6"] = _user(conn, s, events + later, done)

        users["U8"] = _user(conn, t(10, 23, 59, 59), [])

        s = t(4, 10)
        events, done = straight(s, 30, range(12))
        users["U9"] = _user(conn, s, events, done, flow_version="2.0")

        users["U7"] = _user(conn, t(28, 23, 59, 59, month=2), [], t(1, 0, 10))

        # April 2003: W1 answered step 0 and left for good; W2 left for two days and came back.
        s = t(1, 10, month=4, year=2003)
        users["W1"] = _user(conn, s, [(0, "shown", s), (0, "answered", s + timedelta(seconds=30)),
                                      (1, "shown", s + timedelta(seconds=31))])
        s = t(1, 11, month=4, year=2003)
        users["W2"] = _user(conn, s, [(0, "shown", s), (0, "hidden", s + timedelta(seconds=10)),
                                      (0, "shown", s + timedelta(days=2)),
                                      (0, "answered", s + timedelta(days=2, seconds=20))])

        # Versions for the churn: ISO week 2031-W09 (Mon 02-24) and 2031-W10 (Mon 03-03).
        for name, version, at, until in (
            ("U1", 1, t(2, 9, 6, 11), None),
            ("U2", 1, t(2, 12, 12, 11), t(2, 18)),
            ("U2", 2, t(2, 18), t(4, 8)),
            ("U2", 3, t(4, 8), None),
            ("U6", 1, t(6, 11, 7, 16), None),
        ):
            insert_row(conn, "user_profile_versions", {
                "user_id": users[name], "version": version, "profile_snapshot": {}, "changed_by": "user",
                "valid_from": at, "valid_until": until,
            })
    return users


def test_summary_counts_the_cohort_by_start_date(dataset):
    # "Now" before every event of the cohort (whatever the real date), so nobody is quiet yet.
    result = analytics.summary(START, END, now=BEFORE_THE_COHORT)
    # Started: U1 U2 U3 U4 U5 U6 U8 U9 = 8 (U7 started a second before the range).
    # Completed: U1 U2 U6 U9 = 4, so 4 / 8 = 50 %.
    assert (result.started, result.completed, result.completion_rate_pct) == (8, 4, 50.0)
    # Completion seconds 371 (U1), 731 (U2), 86836 (U6), 371 (U9):
    # mean 88309 / 4 = 22077.25 s; median of 371, 371, 731, 86836 = (371 + 731) / 2 = 551 s.
    assert result.avg_completion_minutes == pytest.approx(22077.25 / 60)
    assert result.median_completion_minutes == pytest.approx(551 / 60)
    # Left for more than 24 h: only U6 (a 24 h break; nobody is "quiet" as of BEFORE_THE_COHORT);
    # U6 then answered step 5: 1 of 1 returned.
    assert (result.left_users, result.returned_users, result.returning_users_pct) == (1, 1, 100.0)


def test_summary_counts_the_unfinished_as_left_once_they_have_been_quiet_for_a_day(dataset):
    result = analytics.summary(START, END, now=datetime(2031, 4, 1, tzinfo=UTC))
    # A month later U3, U4, U5 and U8 (unfinished) have been quiet for more than 24 h, and U6
    # took a 24 h break: 5 left; only U6 came back and answered: 1 of 5 = 20 %.
    assert (result.left_users, result.returned_users, result.returning_users_pct) == (5, 1, 20.0)


def test_summary_splits_by_flow_version(dataset):
    result = analytics.summary(START, END, flow_version="1.0")
    # U9 (flow 2.0) out: 7 started, 3 completed = 42.86 %; median of 371, 731, 86836 = 731 s.
    assert (result.started, result.completed, result.completion_rate_pct) == (7, 3, 42.86)
    assert result.median_completion_minutes == pytest.approx(731 / 60)
    assert analytics.summary(START, END, flow_version="2.0").started == 1
    assert analytics.summary(START, END, flow_version="9.9").completion_rate_pct is None


def test_returning_users_count_those_who_left_and_never_came_back(dataset):
    result = analytics.summary(date(2003, 4, 1), date(2003, 4, 1))
    # W1: quiet for more than 24 h now (2003) and unfinished: left, not returned.
    # W2: a 2-day gap, then answered step 0: left and returned.  1 of 2 = 50 %.
    assert (result.started, result.left_users, result.returned_users, result.returning_users_pct) == (2, 2, 1, 50.0)


def test_daily_is_appendix_a_per_day_newest_first_with_empty_days(dataset):
    rows = analytics.daily(START, END)
    assert [row.day for row in rows] == [END - timedelta(days=n) for n in range(10)]
    by_day = {row.day: row for row in rows}
    assert (by_day[date(2031, 3, 2)].started, by_day[date(2031, 3, 2)].completed) == (2, 2)
    assert by_day[date(2031, 3, 2)].completion_rate_pct == 100.0
    assert by_day[date(2031, 3, 2)].avg_completion_minutes == pytest.approx((371 + 731) / 2 / 60)
    assert (by_day[date(2031, 3, 3)].started, by_day[date(2031, 3, 3)].completion_rate_pct) == (2, 0.0)
    assert by_day[date(2031, 3, 3)].avg_completion_minutes is None
    assert (by_day[date(2031, 3, 4)].started, by_day[date(2031, 3, 4)].completed) == (1, 1)  # U9
    assert (by_day[date(2031, 3, 5)].started, by_day[date(2031, 3, 5)].completion_rate_pct) == (2, 50.0)
    assert by_day[date(2031, 3, 5)].avg_completion_minutes == pytest.approx(86836 / 60)
    assert (by_day[date(2031, 3, 10)].started, by_day[date(2031, 3, 10)].completed) == (1, 0)  # U8, 23:59:59
    assert (by_day[date(2031, 3, 1)].started, by_day[date(2031, 3, 1)].completion_rate_pct) == (0, None)
    assert sum(row.started for row in rows) == analytics.summary(START, END).started


def test_per_step_reached_answered_drop_off_and_rejections(dataset):
    steps = {row.step: row for row in analytics.per_step(START, END)}
    assert sorted(steps) == list(range(12))
    # Reached: step 0 by everyone with an event (U1 U2 U3 U4 U5 U6 U9 = 7); step 1 loses U4;
    # step 2 loses U5; steps 3-11 only the four who completed.
    assert [steps[s].reached for s in range(12)] == [7, 6, 5] + [4] * 9
    # Answered: step 0 by all but U4 (6); step 1 also not by U5 (5); step 2 not by U3 (4);
    # step 11 = the four confirms.
    assert [steps[s].answered for s in range(12)] == [6, 5] + [4] * 10
    # Drop-off: unfinished users by furthest step: U4 at 0, U5 at 1, U3 at 2 (U8 has no event).
    assert [steps[s].drop_off for s in range(12)] == [1, 1, 1] + [0] * 9
    # Drop-off rate = drop-off / reached: 1/7, 1/6, 1/5.
    assert [steps[s].drop_off_rate_pct for s in range(4)] == [14.29, 16.67, 20.0, 0.0]
    # Rejections: U2 and U3, both on step 2.
    assert [steps[s].rejections for s in range(12)] == [0, 0, 2] + [0] * 9


def test_per_step_time_on_screen_median_p90_and_mean(dataset):
    steps = {row.step: row for row in analytics.per_step(START, END)}
    # Step 0 seconds per user: U1 30, U2 60, U9 30, U6 30, U3 90, U5 20 + 40 = 60 (revisit adds);
    # U4 has no end. Sorted 30 30 30 60 60 90: median 45, p90 at position 4.5 = 75, mean 50.
    assert (steps[0].median_seconds, steps[0].p90_seconds, steps[0].avg_seconds) == pytest.approx((45, 75, 50))
    # Step 1: U1 30, U2 60, U9 30, U6 30, U3 90 (U5 no end). 30 30 30 60 90: median 30,
    # p90 at 3.6 = 60 + 0.6 * 30 = 78, mean 48.
    assert (steps[1].median_seconds, steps[1].p90_seconds, steps[1].avg_seconds) == pytest.approx((30, 78, 48))
    # Step 2: U1 30, U2 60 (the rejection does not stop the clock), U9 30, U6 30, U3 100 (to hidden).
    # 30 30 30 60 100: median 30, p90 = 60 + 0.6 * 40 = 84, mean 50.
    assert (steps[2].median_seconds, steps[2].p90_seconds, steps[2].avg_seconds) == pytest.approx((30, 84, 50))
    # Step 5: U1 30, U2 60, U9 30, U6 10 + 50 = 60 (the day away is not counted).
    # 30 30 60 60: median 45, p90 at 2.7 = 60, mean 45.
    assert (steps[5].median_seconds, steps[5].p90_seconds, steps[5].avg_seconds) == pytest.approx((45, 60, 45))
    # Step 11 ends with the confirm: U1 30, U2 60, U9 30, U6 30: median 30, p90 = 30 + 0.7 * 30 = 51.
    assert (steps[11].median_seconds, steps[11].p90_seconds) == pytest.approx((30, 51))


def test_per_step_sql_follows_the_domain_rule_for_time_on_a_step(dataset, engine):
    """The SQL and fitapp.domain.analytics.seconds_on_steps agree on the whole cohort."""
    cohort = [dataset[name] for name in ("U1", "U2", "U3", "U4", "U5", "U6", "U9")]
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT user_id, step, event, occurred_at FROM onboarding_step_events WHERE user_id = ANY(:ids) "
                 "UNION ALL SELECT user_id, 11, 'answered', completed_at FROM onboarding_states "
                 "WHERE user_id = ANY(:ids) AND completed_at IS NOT NULL"),
            {"ids": cohort},
        ).all()
    seconds = seconds_on_steps(StepEvent(r.user_id, r.step, r.event, r.occurred_at) for r in rows)
    for row in analytics.per_step(START, END):
        values = [v for (_, step), v in seconds.items() if step == row.step]
        assert row.median_seconds == pytest.approx(median(values))
        assert row.p90_seconds == pytest.approx(percentile(values, 0.9))


def test_per_step_by_flow_version_leaves_the_other_flow_out(dataset):
    steps = analytics.per_step(START, END, flow_version="1.0")
    assert [row.reached for row in steps] == [6, 5, 4] + [3] * 9
    assert steps[11].answered == 3


@pytest.mark.parametrize(
    ("as_of", "started", "completed", "rate", "below"),
    [
        # 7 days before 03-04: 02-25..03-03 = U7 U1 U2 U3 U4: 3 of 5 = 60 %, on the line: no alert.
        (date(2031, 3, 4), 5, 3, 60.0, False),
        # 02-26..03-04 adds U9: 4 of 6.
        (date(2031, 3, 5), 6, 4, 66.67, False),
        # 03-04..03-10 = U9 U5 U6 U8: 2 of 4 = 50 %: below the seed's 60 % line.
        (date(2031, 3, 11), 4, 2, 50.0, True),
        # Nobody started: no rate and no alert.
        (date(2031, 1, 15), 0, 0, None, False),
    ],
)
def test_trailing_seven_day_rate_against_the_60_percent_alert(dataset, as_of, started, completed, rate, below):
    result = analytics.trailing_completion_rate(as_of)
    assert (result.start, result.end) == (as_of - timedelta(days=7), as_of - timedelta(days=1))
    assert (result.started, result.completed, result.completion_rate_pct, result.below_alert) == (
        started, completed, rate, below)
    assert result.alert_threshold_pct == 60.0


def test_funnel_report_for_an_admin_puts_it_all_together(dataset, admin_id):
    report = admin.funnel(admin_id, START, END, as_of=date(2031, 3, 11))
    assert report.summary == analytics.summary(START, END)
    assert report.daily == analytics.daily(START, END)
    assert report.steps == analytics.per_step(START, END)
    assert report.trailing.below_alert is True
    assert {"1.0", "2.0"} <= set(admin.flow_versions(admin_id))


def test_data_quality_rejections_and_version_churn_in_a_range(dataset, admin_id):
    quality = admin.data_quality(admin_id, START, END)
    assert [(r.step, r.rejected, r.users) for r in quality.rejections if r.rejected] == [(2, 2, 2)]
    # W09: U1 v1, U2 v1, U2 v2 = 3 versions of 2 users (1 change); W10: U2 v3, U6 v1 = 2 of 2 (1 change).
    weeks = [(w.iso_week, w.week_start, w.users, w.versions, w.changes, w.versions_per_user)
             for w in quality.churn.weeks]
    assert weeks == [("2031-W09", date(2031, 2, 24), 2, 3, 1, 1.5), ("2031-W10", date(2031, 3, 3), 2, 2, 1, 1.0)]
    # 5 versions over 4 user-weeks.
    assert (quality.churn.weeks_with_versions, quality.churn.average_versions_per_user_week) == (2, 1.25)


def test_data_quality_null_shares_count_what_the_tables_hold(dataset, engine, admin_id):
    before = {(s.table, s.column): s for s in admin.data_quality(admin_id).null_shares}
    u1, u2 = dataset["U1"], dataset["U2"]
    with engine.begin() as conn:
        profile = {"fitness_level": "beginner", "primary_goal": "fat_loss", "energy_level": "low",
                   "stress_level": "low", "sleep_quality": "good"}
        insert_row(conn, "user_profiles", {"user_id": u1, **profile})
        insert_row(conn, "user_profiles", {"user_id": u2, **profile, "secondary_goal": "strength"})
        insert_row(conn, "dietary_preferences", {"user_id": u1, "diet_type": "vegan", "allergies": []})
        for hours in (None, 7.5, None):
            insert_row(conn, "lifestyle_baselines", {"user_id": u1, "energy_level": "low", "stress_level": "low",
                                                     "sleep_quality": "good", "sleep_hours_last_night": hours})
        insert_row(conn, "fitness_goals", {"user_id": u1, "goal_type": "secondary", "goal_category": "strength"})
    after = {(s.table, s.column): s for s in admin.data_quality(admin_id).null_shares}

    def delta(table, column):
        a, b = after[(table, column)], before[(table, column)]
        return a.rows - b.rows, a.null_rows - b.null_rows, a.empty_rows - b.empty_rows

    assert delta("user_profiles", "secondary_goal") == (2, 1, 0)
    assert delta("lifestyle_baselines", "sleep_hours_last_night") == (3, 2, 0)
    assert delta("dietary_preferences", "allergies") == (1, 0, 1)  # an empty list is not NULL
    assert delta("dietary_preferences", "budget_per_day_usd") == (1, 1, 0)
    assert delta("fitness_goals", "target_weight_kg") == (0, 0, 0)  # secondary goals have no targets
    share = after[("lifestyle_baselines", "sleep_hours_last_night")]
    assert share.null_pct == round(share.null_rows / share.rows * 100, 2)


def test_ranges_are_checked():
    with pytest.raises(InvalidRange):
        analytics.summary(END, START)
    with pytest.raises(InvalidRange):
        analytics.daily(date(2020, 1, 1), date(2031, 1, 1))
    with pytest.raises(InvalidRange):
        data_quality.data_quality(START, None)


@pytest.mark.parametrize("days", funnel_oracle.PERIOD_DAYS)
@pytest.mark.parametrize("flow_version", [None, "1.0", "2.0", "9.9"])
@pytest.mark.parametrize("as_of", [date(2031, 3, 11), date(2031, 3, 5), date(2003, 4, 3)])
def test_the_aggregates_give_the_oracles_numbers_for_every_period_and_flow(dataset, engine, days, flow_version,
                                                                           as_of):
    """The page's periods end the day before ``as_of``; 03-05 cuts the cohort in the middle."""
    start, end = as_of - timedelta(days=days), as_of - timedelta(days=1)
    for now in (None, BEFORE_THE_COHORT, datetime(2031, 3, 6, 10, 30, tzinfo=UTC)):
        funnel_oracle.assert_matches_oracle(engine, start, end, flow_version, now)


@pytest.mark.parametrize(("start", "end"), [
    (None, None), (START, END), (date(2031, 2, 25), date(2031, 3, 4)), (date(2031, 3, 2), date(2031, 3, 2)),
    (date(2031, 2, 24), date(2031, 3, 9)), (date(2031, 3, 1), date(2031, 3, 3)), (date(2029, 1, 1), date(2031, 12, 31)),
])
def test_data_quality_from_the_aggregates_gives_the_oracles_numbers(dataset, engine, start, end):
    """Whole weeks, weeks cut at either end, one day, a range within one week, a long range."""
    data_quality_oracle.assert_matches_oracle(engine, start, end)
