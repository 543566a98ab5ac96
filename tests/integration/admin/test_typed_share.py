"""The funnel's "began as typed" count per step, on a hand-built dataset worked out by hand.

The dataset lives in May 2032, a range no other test uses. Cohort 2032-05-01..2032-05-07:
  T1  05-02 09:00  step 0 typed; step 1 by the form; step 2 typed, then changed by the form
                   (the answer that stands is a form answer); step 3 by the form, then typed.
  T2  05-02 10:00  steps 0 and 1 typed.
  T3  05-03 09:00  step 0 by the form; step 1 by the form, sending step 3 back (details hold
                   only "invalidated").
  T4  05-04 09:00  step 0 typed, sending a step back (both keys in details); confirmed 05-04 10:00.
  T5  05-04 12:00  an admin reset at 05-04 12:00: a typed step 0 before it (not counted), a form
                   answer of step 0 after it.
  T6  05-05 09:00  flow 2.0: step 0 typed.
Outside: T7 started 04-30 23:00 with a typed step 0.

All flows, by hand:
  step 0: answered T1 T2 T3 T4 T5 T6 = 6, typed T1 T2 T4 T6 = 4 -> 66.67 %
  step 1: answered T1 T2 T3 = 3, typed T2 = 1 -> 33.33 %
  step 2: answered T1 = 1, typed 0 -> 0.0 %
  step 3: answered T1 = 1, typed 1 -> 100.0 %
  steps 4-10: nobody answered -> 0 typed, no share; step 11 (review): no typed count at all.
Flow 1.0: step 0 answered 5, typed 3 -> 60.0 %.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, text

from fitapp.services import admin, analytics, onboarding
from tests.support.factories import sign_up_new_user
from tests.support.rows import insert_row, new_user
from tests.unit.answers_fixture import valid_answers

pytestmark = pytest.mark.usefixtures("app_database")

START, END = date(2032, 5, 1), date(2032, 5, 7)
TYPED = {"began_as_typed": True}


def at(day: int, hour: int, minute: int = 0, month: int = 5) -> datetime:
    return datetime(2032, month, day, hour, minute, tzinfo=timezone.utc)


def _user(conn, started: datetime, answers: list[tuple[int, dict | None]], *, completed: datetime | None = None,
          flow_version: str = "1.0", before_start: list[tuple[int, dict | None]] = ()) -> uuid.UUID:
    """A user whose answers (step, details) are saved a minute apart from ``started`` on, each after a 'shown'."""
    user_id = new_user(conn)
    insert_row(conn, "onboarding_states", {
        "user_id": user_id, "current_step": 11 if completed else 0, "flow_version": flow_version,
        "started_at": started, "last_activity_at": started, "completed_at": completed,
    })
    timed = [(step, details, started - timedelta(hours=1) + timedelta(minutes=n))
             for n, (step, details) in enumerate(before_start)]
    timed += [(step, details, started + timedelta(minutes=n + 1)) for n, (step, details) in enumerate(answers)]
    for step, details, moment in timed:
        for event, when, extra in (("shown", moment - timedelta(seconds=30), None), ("answered", moment, details)):
            insert_row(conn, "onboarding_step_events", {"user_id": user_id, "step": step, "event": event,
                                                        "flow_version": flow_version, "occurred_at": when,
                                                        "details": extra})
    return user_id


@pytest.fixture(scope="module")
def dataset(engine: Engine, app_database) -> None:
    with engine.begin() as conn:
        _user(conn, at(2, 9), [(0, TYPED), (1, None), (2, TYPED), (2, None), (3, None), (3, TYPED)])
        _user(conn, at(2, 10), [(0, TYPED), (1, TYPED)])
        _user(conn, at(3, 9), [(0, None), (1, {"invalidated": [3]})])
        _user(conn, at(4, 9), [(0, {"invalidated": [7], "began_as_typed": True})], completed=at(4, 10))
        _user(conn, at(4, 12), [(0, None)], before_start=[(0, TYPED)])
        _user(conn, at(5, 9), [(0, TYPED)], flow_version="2.0")
        _user(conn, at(30, 23, month=4), [(0, TYPED)])


def typed_by_step(flow_version: str | None = None) -> dict[int, tuple[int, int | None, float | None]]:
    return {row.step: (row.answered, row.typed_answers, row.typed_share_pct)
            for row in analytics.per_step(START, END, flow_version)}


def test_the_share_of_answers_that_began_as_typed_per_step(dataset):
    steps = typed_by_step()

    assert steps[0] == (6, 4, 66.67)
    assert steps[1] == (3, 1, 33.33)
    assert steps[2] == (1, 0, 0.0)
    assert steps[3] == (1, 1, 100.0)
    assert all(steps[step] == (0, 0, None) for step in range(4, 11))
    assert steps[11] == (1, None, None)


def test_the_share_splits_by_flow_version(dataset):
    assert typed_by_step("1.0")[0] == (5, 3, 60.0)
    assert typed_by_step("2.0")[0] == (1, 1, 100.0)


def test_the_admin_funnel_report_carries_the_share(dataset, admin_id):
    report = admin.funnel(admin_id, START, END)
    assert [(row.typed_answers, row.typed_share_pct) for row in report.steps[:4]] == [
        (4, 66.67), (1, 33.33), (0, 0.0), (1, 100.0)]


def _answered_details(engine: Engine, user_id: uuid.UUID) -> list[tuple[int, dict | None]]:
    with engine.connect() as conn:
        return conn.execute(text("SELECT step, details FROM onboarding_step_events "
                                 "WHERE user_id = :u AND event = 'answered' ORDER BY occurred_at"),
                            {"u": user_id}).tuples().all()


def test_answer_step_records_a_typed_answer_and_a_plain_form_answer_is_not_typed(engine):
    user_id = sign_up_new_user().user.user_id
    answers = valid_answers()

    assert onboarding.answer_step(user_id, 0, answers[0], began_as_typed=True).accepted
    assert onboarding.answer_step(user_id, 1, answers[1]).accepted  # the plain form

    assert _answered_details(engine, user_id) == [(0, {"began_as_typed": True}), (1, None)]


def test_a_refused_typed_answer_records_no_typed_flag(engine):
    user_id = sign_up_new_user().user.user_id

    outcome = onboarding.answer_step(user_id, 0, {**valid_answers()[0], "height_cm": 20.0}, began_as_typed=True)

    assert not outcome.accepted
    with engine.connect() as conn:
        details = conn.execute(text("SELECT details FROM onboarding_step_events WHERE user_id = :u"),
                               {"u": user_id}).scalars().all()
    assert len(details) == 1 and "began_as_typed" not in details[0]
