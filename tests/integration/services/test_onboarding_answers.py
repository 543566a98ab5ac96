"""Answering steps against the real database: saving, resume, rejections, dependent re-asks."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from fitapp.services import onboarding
from tests.support.factories import sign_up_new_user
from tests.unit.answers_fixture import valid_answers

pytestmark = pytest.mark.usefixtures("app_database")


def answer_through(user_id, last_step: int, answers=None):
    answers = answers or valid_answers()
    outcome = None
    for step in range(last_step + 1):
        answer = {"meals_per_day": 3, "accept_proposal": True} if step == 7 else answers[step]
        outcome = onboarding.answer_step(user_id, step, answer, session_id="s-1", user_agent="Mozilla/5.0 (iPhone) Mobile")
        assert outcome.accepted, (step, outcome.messages)
    return outcome


def state_row(engine, user_id):
    with engine.connect() as conn:
        return conn.execute(text("SELECT * FROM onboarding_states WHERE user_id = :u"), {"u": user_id}).mappings().one()


def events(engine, user_id):
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT step, event, details FROM onboarding_step_events WHERE user_id = :u ORDER BY occurred_at, id"),
            {"u": user_id},
        ).all()


def test_an_accepted_answer_saves_step_data_progress_and_session_details_in_one_row(engine):
    user_id = sign_up_new_user().user.user_id
    onboarding.answer_step(user_id, 0, valid_answers()[0], session_id="sess-42", user_agent="Mozilla/5.0 (iPhone) Mobile")

    row = state_row(engine, user_id)
    assert row["step_data"] == {"step_0": valid_answers()[0]}
    assert row["completed_steps"] == [0]
    assert row["current_step"] == 1
    assert (row["session_id"], row["device_type"]) == ("sess-42", "mobile")
    assert "iPhone" in row["user_agent"]
    assert [(s, e) for s, e, _ in events(engine, user_id)] == [(0, "answered")]


def test_a_rejected_answer_changes_nothing_and_is_recorded_with_its_step(engine):
    user_id = sign_up_new_user().user.user_id
    answer_through(user_id, 1)
    before = state_row(engine, user_id)

    bad_goals = {**valid_answers()[2], "primary_goal": "fat_loss", "secondary_goal": "muscle_gain"}
    outcome = onboarding.answer_step(user_id, 2, bad_goals)

    assert not outcome.accepted
    assert any("choose general fitness" in m for m in outcome.messages)
    after = state_row(engine, user_id)
    assert (after["step_data"], after["completed_steps"], after["current_step"]) == (
        before["step_data"], before["completed_steps"], before["current_step"])
    step, event, details = events(engine, user_id)[-1]
    assert (step, event) == (2, "rejected") and details["messages"] == outcome.messages


def test_steps_cannot_be_skipped(engine):
    user_id = sign_up_new_user().user.user_id
    outcome = onboarding.answer_step(user_id, 4, valid_answers()[4])
    assert not outcome.accepted and "About you" in outcome.messages[0]
    assert state_row(engine, user_id)["completed_steps"] == []


def test_resume_returns_the_current_step_and_every_earlier_answer():
    user_id = sign_up_new_user().user.user_id
    answer_through(user_id, 4)
    view = onboarding.load(user_id)
    assert view.current_step == 5
    assert view.completed_steps == [0, 1, 2, 3, 4]
    assert view.answers[4] == valid_answers()[4]
    assert not view.completed


def test_changing_the_goal_re_asks_the_meal_plan_and_keeps_everything_else(engine):
    user_id = sign_up_new_user().user.user_id
    answer_through(user_id, 10)
    assert onboarding.load(user_id).current_step == 11

    new_goals = {**valid_answers()[2], "primary_goal": "general_fitness", "secondary_goal": None, "target_weight_kg": None,
                 "target_timeline_weeks": None}
    outcome = onboarding.answer_step(user_id, 2, new_goals)

    assert outcome.accepted and outcome.invalidated == [7]
    assert state_row(engine, user_id)["completed_steps"] == [0, 1, 2, 3, 4, 5, 6, 8, 9, 10]
    view = onboarding.load(user_id)
    assert view.current_step == 7
    assert 7 not in view.answers and view.answers[8] == valid_answers()[8]
    assert view.answers[2]["primary_goal"] == "general_fitness"
    # The new proposal follows the new goal: no 20 % deficit any more.
    assert view.proposal().daily_calories_target > valid_answers()[7]["daily_calories_target"]


def test_re_accepting_a_re_asked_meal_plan_with_the_same_meals_keeps_the_meal_times():
    user_id = sign_up_new_user().user.user_id
    answer_through(user_id, 10)
    onboarding.answer_step(user_id, 1, {**valid_answers()[1], "activity_level": "light"})
    assert onboarding.load(user_id).current_step == 7
    outcome = onboarding.answer_step(user_id, 7, {"meals_per_day": 3, "accept_proposal": True})
    assert outcome.accepted and outcome.invalidated == []
    assert onboarding.load(user_id).current_step == 11


def test_changing_meals_per_day_re_asks_meal_times():
    user_id = sign_up_new_user().user.user_id
    answer_through(user_id, 10)
    outcome = onboarding.answer_step(user_id, 7, {"meals_per_day": 4, "accept_proposal": True})
    assert outcome.accepted and outcome.invalidated == [8]
    assert onboarding.load(user_id).current_step == 8


def test_showing_a_step_records_when_it_was_reached(engine):
    user_id = sign_up_new_user().user.user_id
    onboarding.record_shown(user_id, 0, session_id="s")
    assert [(s, e) for s, e, _ in events(engine, user_id)] == [(0, "shown")]


def test_confirm_refuses_while_a_re_asked_step_is_unanswered(engine):
    from fitapp.services import profile_lock

    user_id = sign_up_new_user().user.user_id
    answer_through(user_id, 10)
    onboarding.answer_step(user_id, 1, {**valid_answers()[1], "activity_level": "light"})
    with pytest.raises(profile_lock.NotReadyToConfirm) as refused:
        profile_lock.confirm_and_lock(user_id)
    assert 7 in refused.value.problems
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM user_profiles WHERE user_id = :u"), {"u": user_id}).scalar_one() == 0


def test_the_next_step_can_be_recorded_as_shown_in_the_answers_transaction(engine):
    user_id = sign_up_new_user().user.user_id
    onboarding.answer_step(user_id, 0, valid_answers()[0], record_next_shown=True)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT step, event FROM onboarding_step_events WHERE user_id = :u ORDER BY occurred_at"),
                            {"u": user_id}).all()
    assert [tuple(r) for r in rows] == [(0, "answered"), (1, "shown")]


def test_a_hidden_tab_stops_and_a_visible_one_restarts_the_time_on_a_step(engine):
    user_id = sign_up_new_user().user.user_id
    onboarding.record_shown(user_id, 0)
    onboarding.record_hidden(user_id, 0)
    onboarding.record_shown(user_id, 0)
    assert [(s, e) for s, e, _ in events(engine, user_id)] == [(0, "shown"), (0, "hidden"), (0, "shown")]


def test_holds_answer_tells_a_stored_answer_from_a_lost_one_for_every_step():
    """What a tab whose Send got no reply asks: is the answer it sent the one the database holds?"""
    from fitapp.domain.forms import answer_from_form, form_from_answer
    from fitapp.presenters.conversation import meals_per_day

    user_id = sign_up_new_user().user.user_id
    answer_through(user_id, 10)
    view = onboarding.load(user_id)
    meals = meals_per_day(view.last_answer(7))
    for step in range(11):
        sent = answer_from_form(step, form_from_answer(step, view.answers[step]), meals_per_day=meals)
        assert onboarding.holds_answer(view, step, sent), step  # stored before the failure
    goals = dict(view.answers[2], target_weight_kg=(view.answers[2].get("target_weight_kg") or 60) + 3)
    assert not onboarding.holds_answer(view, 2, goals)  # a change that never arrived
    assert not onboarding.holds_answer(view, 2, {"primary_goal": "not a goal"})  # refused: not stored

    fresh = sign_up_new_user().user.user_id
    assert not onboarding.holds_answer(onboarding.load(fresh), 0, valid_answers()[0])
