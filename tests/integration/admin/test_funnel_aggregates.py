"""The funnel's aggregates (migration 014) against today's SQL (tests/support/funnel_oracle.py),
on a dataset built for the edges, and as it changes after the aggregates were first filled.

June 2035, a range no other test uses. Each case is a user of its own:
  B1  starts 06-09 23:59:59 UTC, a second before the 06-10 cohort day; answers on 06-10 and 06-17.
  B2  starts 06-16 23:59:58 UTC (the last second of a 7-day range 06-10..06-16), answers after it.
  Z1  starts 2035-06-10 01:30 +05:00 = 06-09 20:30 UTC: the 06-09 cohort, not 06-10.
  Z2  starts 2035-06-10 23:30 -05:00 = 06-11 04:30 UTC: the 06-11 cohort.
  L1  answers a step on 06-30, long after its cohort day (still counted in its cohort).
  R1  answered steps 0-3, then its start moves to 06-13 (what an admin reset does): the older
      events no longer count; then answers steps 0-1 again.
  R2  reset by the admin service (the real one): its start becomes today, out of June 2035.
  E1  erased by the privacy service (anonymized: its events' details and session ids go).
  E2  hard-deleted (what the purge does: the user row goes, everything cascades).
  F2  flow 2.0, completes.
  S1  sub-second times: medians and p90 come from whole seconds (within half a second).
Data quality: B1 rejects step 1 on 06-09 and 06-10 (twice) and 06-17; versions across the
Sunday/Monday edge of 06-10/06-11 (E2, purged later), B1's two on 06-11, F2's on 06-17.
Typed answers (issue 18 item 5: the standing answer's details.began_as_typed): Z2's step 1
began as typed, then was answered again from the form (no longer counts); L1's steps 0 and 3
and E1's step 2 began as typed (E1's flag goes with the erasure, which clears details).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, text

from fitapp.services import admin, analytics, funnel_aggregates, privacy
from tests.support import data_quality_oracle, funnel_oracle
from tests.support.rows import insert_row, new_user

pytestmark = pytest.mark.usefixtures("app_database")

UTC = timezone.utc
TYPED = {"began_as_typed": True}
RANGES = [(date(2035, 6, 10), date(2035, 6, 16)), (date(2035, 6, 10), date(2035, 6, 10)), (date(2035, 6, 9), date(2035, 6, 17)),
          (date(2035, 6, 11), date(2035, 6, 17)), (date(2035, 6, 12), date(2035, 6, 18)), (date(2035, 6, 9), date(2035, 6, 9)),
          (date(2035, 6, 1), date(2035, 6, 30)), (date(2035, 6, 11), date(2035, 6, 11)),
          (date(2035, 3, 18), date(2035, 6, 15)), (date(2034, 7, 1), date(2035, 6, 30))]
NOWS = [None, datetime(2035, 6, 12, 12, tzinfo=UTC), datetime(2035, 6, 17, 0, 0, 30, tzinfo=UTC)]


def at(day: int, hour: int = 0, minute: int = 0, second: int = 0, tz: timezone = UTC) -> datetime:
    return datetime(2035, 6, day, hour, minute, second, tzinfo=tz)


def walk(start: datetime, steps: range, seconds: float = 30.0) -> list[tuple[int, str, datetime]]:
    """Each step shown, answered ``seconds`` later, the next shown a second after."""
    events, moment = [], start
    for step in steps:
        events += [(step, "shown", moment), (step, "answered", moment + timedelta(seconds=seconds))]
        moment += timedelta(seconds=seconds + 1)
    return events


def add_events(engine: Engine, user_id: uuid.UUID, events, flow_version: str = "1.0") -> None:
    with engine.begin() as conn:
        for step, event, moment, *details in events:
            insert_row(conn, "onboarding_step_events", {"user_id": user_id, "step": step, "event": event,
                                                        "flow_version": flow_version, "occurred_at": moment,
                                                        "details": details[0] if details else {"note": "x"},
                                                        "session_id": "s"})


def add_user(engine: Engine, started: datetime, events, completed: datetime | None = None,
             flow_version: str = "1.0") -> uuid.UUID:
    with engine.begin() as conn:
        user_id = new_user(conn)
        insert_row(conn, "onboarding_states", {
            "user_id": user_id, "current_step": 11 if completed else 0, "flow_version": flow_version,
            "started_at": started, "last_activity_at": completed or started, "completed_at": completed,
        })
    add_events(engine, user_id, events, flow_version)
    return user_id


def check_everything(engine: Engine) -> None:
    data_quality_oracle.assert_matches_oracle(engine)
    for start, end in RANGES:
        data_quality_oracle.assert_matches_oracle(engine, start, end)
        for flow_version in (None, "1.0", "2.0"):
            for now in NOWS:
                funnel_oracle.assert_matches_oracle(engine, start, end, flow_version, now)


@pytest.fixture(scope="module")
def edges(engine: Engine, app_database) -> dict[str, uuid.UUID]:
    users: dict[str, uuid.UUID] = {}
    start = at(9, 23, 59, 59)
    users["B1"] = add_user(engine, start, walk(start, range(2)) + walk(at(17, 9), range(2, 4))
                           + [(1, "rejected", at(9, 23, 59, 59)), (1, "rejected", at(10, 0, 0, 10)),
                              (1, "rejected", at(10, 0, 0, 20)), (1, "rejected", at(17, 9))])
    start = at(16, 23, 59, 58)
    users["B2"] = add_user(engine, start, walk(start, range(3)))
    start = at(10, 1, 30, tz=timezone(timedelta(hours=5)))
    users["Z1"] = add_user(engine, start, walk(start, range(12))[:-1], completed=start + timedelta(seconds=400))
    start = at(10, 23, 30, tz=timezone(timedelta(hours=-5)))
    users["Z2"] = add_user(engine, start, [(*e, TYPED) if e[0] == 1 else e for e in walk(start, range(4), seconds=45)]
                           + [(1, "shown", start + timedelta(seconds=200)), (1, "answered", start + timedelta(seconds=210))])
    start = at(11, 8)
    users["L1"] = add_user(engine, start, [(*e, TYPED) if e[:2] == (0, "answered") else e for e in walk(start, range(3))]
                           + [(3, "shown", at(30, 7)), (3, "answered", at(30, 8), TYPED)])
    start = at(10, 14)
    users["R1"] = add_user(engine, start, walk(start, range(4)) + [(4, "shown", at(10, 14, 5))])
    start = at(12, 9)
    users["R2"] = add_user(engine, start, walk(start, range(5)) + [(5, "rejected", at(12, 9, 4))])
    start = at(12, 10)
    users["E1"] = add_user(engine, start, [(*e, TYPED) if e[:2] == (2, "answered") else e for e in walk(start, range(6))])
    start = at(12, 11)
    users["E2"] = add_user(engine, start, walk(start, range(12))[:-1], completed=start + timedelta(seconds=380))
    start = at(14, 16)
    users["F2"] = add_user(engine, start, walk(start, range(12))[:-1], completed=start + timedelta(seconds=372),
                           flow_version="2.0")
    # Versions across a week's edge (Sunday 06-10 23:59:59 UTC, Monday 06-11 00:00): E2's go with the purge.
    with engine.begin() as conn:
        for name, version, valid_from in (("E2", 1, at(10, 23, 59, 59)), ("E2", 2, at(11)), ("B1", 1, at(11, 10)),
                                          ("B1", 2, at(11, 11)), ("F2", 1, at(17, 8))):
            insert_row(conn, "user_profile_versions", {"user_id": users[name], "version": version,
                                                       "profile_snapshot": {}, "changed_by": "user",
                                                       "valid_from": valid_from})
    return users


def test_the_aggregates_match_the_oracle_at_the_edges(edges, engine):
    check_everything(engine)


def test_the_cohort_day_is_the_utc_date_of_the_start(edges):
    # B1 (23:59:59 UTC) and Z1 (01:30 at +05:00) start on 06-09 UTC; Z2 (23:30 at -05:00) on 06-11.
    days = {row.day: row.started for row in analytics.daily(date(2035, 6, 9), date(2035, 6, 11))}
    assert days[date(2035, 6, 9)] == 2
    assert days[date(2035, 6, 11)] == 2  # Z2 and L1
    assert analytics.summary(date(2035, 6, 16), date(2035, 6, 16)).started == 1  # B2, its last two seconds


def test_typed_answers_count_the_standing_answer(edges):
    steps = analytics.per_step(date(2035, 6, 11), date(2035, 6, 12))  # Z2, L1 (06-11); R2, E1, E2 (06-12)
    assert [s.typed_answers for s in steps[:4]] == [1, 0, 1, 1]
    assert steps[11].typed_answers is None and steps[11].typed_share_pct is None


def test_a_late_or_back_dated_event_and_a_moved_start_are_folded_in(edges, engine):
    funnel_aggregates.refresh()
    # L1 comes back three weeks later; B2 gets an event dated before its others (a late write).
    add_events(engine, edges["L1"], [(4, "shown", at(30, 9)), (4, "rejected", at(30, 9, 1))])
    add_events(engine, edges["B2"], [(0, "hidden", at(16, 23, 59, 59)), (0, "shown", at(17, 0, 0, 0))])
    # R1 starts again on 06-13 (a reset's new started_at): the 06-10 events stop counting.
    with engine.begin() as conn:
        conn.execute(text("UPDATE onboarding_states SET started_at = :s, current_step = 0 WHERE user_id = :u"),
                     {"s": at(13, 8), "u": edges["R1"]})
    add_events(engine, edges["R1"], walk(at(13, 8), range(2)))
    assert funnel_aggregates.pending_users() >= 3
    check_everything(engine)
    assert funnel_aggregates.pending_users() == 0
    assert analytics.summary(date(2035, 6, 10), date(2035, 6, 10)).started == 0  # R1 has left 06-10


def test_an_admin_reset_moves_the_user_out_of_the_old_cohort(edges, engine, admin_id):
    before = analytics.summary(date(2035, 6, 12), date(2035, 6, 12)).started
    admin.reset_onboarding(admin_id, edges["R2"], reason="asked by the user", consent_confirmed=True)
    assert analytics.summary(date(2035, 6, 12), date(2035, 6, 12)).started == before - 1
    check_everything(engine)
    today = datetime.now(UTC).date()
    # Today also holds the users other tests made through the services (sub-second times).
    funnel_oracle.assert_matches_oracle(engine, today - timedelta(days=1), today + timedelta(days=1),
                                        whole_seconds=False)


def test_erasure_keeps_the_anonymous_counts_and_a_purge_removes_them(edges, engine):
    reached_before = analytics.per_step(date(2035, 6, 12), date(2035, 6, 12))[0].reached
    privacy.erase_user(edges["E1"], requested_by="operator", reason="test")
    check_everything(engine)
    assert analytics.per_step(date(2035, 6, 12), date(2035, 6, 12))[0].reached == reached_before
    with engine.begin() as conn:  # the purge's delete: every user-owned row cascades from users
        conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": edges["E2"]})
    check_everything(engine)
    assert analytics.per_step(date(2035, 6, 12), date(2035, 6, 12))[0].reached == reached_before - 1
    with engine.connect() as conn:
        leftovers = conn.execute(text("SELECT (SELECT count(*) FROM funnel_users WHERE user_id = :u) + "
                                      "(SELECT count(*) FROM funnel_user_steps WHERE user_id = :u)"),
                                 {"u": edges["E2"]}).scalar_one()
    assert leftovers == 0


def test_sub_second_times_are_counted_to_the_second_for_medians_only(engine):
    """The histograms keep whole seconds: counts and means stay exact, percentiles within 0.5 s."""
    start = datetime(2035, 8, 1, 10, tzinfo=UTC)
    for seconds in (10.4, 12.6, 20.2):
        add_user(engine, start, walk(start, range(1), seconds=seconds))
    new = analytics.per_step(date(2035, 8, 1), date(2035, 8, 1))[0]
    with engine.connect() as conn:
        old = funnel_oracle.per_step(date(2035, 8, 1), date(2035, 8, 1), conn=conn)[0]
    assert (new.reached, new.answered, new.drop_off) == (old.reached, old.answered, old.drop_off) == (3, 3, 3)
    assert new.avg_seconds == pytest.approx(old.avg_seconds)  # exact sums
    assert (old.median_seconds, new.median_seconds) == pytest.approx((12.6, 13.0))
    assert abs(new.p90_seconds - old.p90_seconds) <= 0.5


def test_a_refresh_during_an_uncommitted_answer_does_not_lose_it(engine):
    """The user is marked already; an answer is written but not committed when a refresh runs."""
    start = datetime(2035, 9, 3, 10, tzinfo=UTC)
    user = add_user(engine, start, walk(start, range(1)))
    with engine.begin() as conn:  # an older mark, committed, not yet folded
        conn.execute(text("INSERT INTO funnel_pending_users (user_id) VALUES (:u) ON CONFLICT DO NOTHING"),
                     {"u": user})
    with engine.connect() as writer:
        writer.begin()
        insert_row(writer, "onboarding_step_events", {"user_id": user, "step": 1, "event": "shown",
                                                      "occurred_at": start + timedelta(seconds=40)})
        funnel_aggregates.refresh()  # must not take the mark the writer holds
        writer.commit()
    funnel_oracle.assert_matches_oracle(engine, date(2035, 9, 3), date(2035, 9, 3))
    assert analytics.per_step(date(2035, 9, 3), date(2035, 9, 3))[1].reached == 1
