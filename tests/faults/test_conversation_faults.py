"""The onboarding conversation in Chromium while its Reflex state store (a Redis the test owns)
restarts empty or is down, and while the tab's websocket drops or its worker is killed mid-Send.

Each time, the user's answer is either stored (the next question is shown) or the coach says it
could not be saved and the typed form is still there; the user is never sent to sign in; and the
database holds exactly the answers the user saw saved. PostgreSQL is the truth: a lost Reflex
state is rebuilt from it.
"""

from __future__ import annotations

import os
import signal

import psutil
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from fitapp.pages.onboarding import REFUSAL_INTRO
from fitapp.state.conversation import NOT_SAVED
from fitapp.state.outage_notice import OUTAGE_NOTICE
from tests.e2e.steps import answer_about_you, answer_experience, answer_goals, expect_step, send, sign_up
from tests.support.app_server import AppServer

GENERIC = "An error occurred"
TARGET_WEIGHT = "Target weight (kg, optional)"
OUTCOME_TIMEOUT_S = 30  # a reconnect backs off; the machine's 2 cores are shared
expect.set_options(timeout=20_000)


@pytest.fixture
def app(database_url, private_redis, tmp_path):
    """The production build with 2 workers whose Reflex state lives in the test's own Redis."""
    server = AppServer(database_url, private_redis.url, tmp_path / "app.log", workers=2)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(app, browser):
    context = browser.new_context(base_url=app.url)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _stored(engine, email: str) -> tuple[list[int], dict]:
    """What PostgreSQL holds for the user: the completed steps and the step-2 answer."""
    with engine.connect() as conn:
        row = conn.execute(text(
            "SELECT s.completed_steps, s.step_data FROM onboarding_states s JOIN users u ON u.id = s.user_id "
            "WHERE u.email = :email"), {"email": email}).one()
    return sorted(row.completed_steps or []), (row.step_data or {}).get("step_2")


def _times_answered(engine, email: str, step: int) -> int:
    with engine.connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM onboarding_step_events e JOIN users u ON u.id = e.user_id "
            "WHERE u.email = :email AND e.step = :step AND e.event = 'answered'"), {"email": email, "step": step}
        ).scalar_one()


def _at_goals_with_the_form_filled(page: Page) -> str:
    email = sign_up(page)
    answer_about_you(page)
    answer_experience(page)
    answer_goals(page, target_weight="57")  # typed, not sent yet
    return email


def _assert_kept_or_stored(page: Page, app: AppServer, engine, email: str) -> None:
    """After the fault, once the tab shows an end state: the next question (stored), or the same
    one with the coach saying it was not saved and the typed form still there, which sent again is
    stored. What the user saw matches the database, and the answer is stored exactly once."""
    saved = page.get_by_text("Step 3 of 11", exact=True)
    not_saved = page.get_by_role("alert").filter(has_text=NOT_SAVED)
    # Step 2 alone is no end state: it is also what the tab shows before a reconnect's reply.
    try:
        expect(saved.or_(not_saved).first).to_be_visible(timeout=OUTCOME_TIMEOUT_S * 1000)
    except AssertionError as failure:
        raise AssertionError(f"{failure}\n{app.log_tail()}") from None
    assert "/signin" not in page.url, "the user was sent to sign in"
    expect(page.get_by_text(GENERIC)).to_have_count(0)
    if not saved.is_visible():
        expect(page.get_by_text("Step 2 of 11", exact=True)).to_be_visible()
        expect(not_saved).not_to_contain_text(REFUSAL_INTRO)  # not saved is not refused
        assert _stored(engine, email)[0] == [0, 1]
        expect(page.get_by_label(TARGET_WEIGHT)).to_have_value("57")
        expect(page.get_by_role("group", name="Primary goal").get_by_label("Fat loss", exact=True)).to_be_checked()
        send(page, 3)  # the same form, sent again
    steps, goals = _stored(engine, email)
    assert steps == [0, 1, 2]
    assert goals["primary_goal"] == "fat_loss" and goals["target_weight_kg"] == 57
    assert _times_answered(engine, email, 2) == 1  # stored once, never twice
    # The conversation goes on from what the database holds.
    expect(page.get_by_role("button", name="Add an injury")).to_be_visible()


def test_redis_restarted_empty_mid_flow_keeps_or_stores_the_answer(app, page, private_redis, engine):
    email = _at_goals_with_the_form_filled(page)
    private_redis.restart_empty()  # every Reflex state is gone

    page.get_by_role("button", name="Send").click()
    _assert_kept_or_stored(page, app, engine, email)


def test_redis_down_while_answering_says_so_keeps_the_form_and_stores_it_once_back(app, page, private_redis,
                                                                                    engine):
    email = _at_goals_with_the_form_filled(page)
    private_redis.down()
    try:
        page.get_by_role("button", name="Send").click()
        # No handler can run without the state: the tab is told in plain words, and nothing moved.
        expect(page.get_by_text(OUTAGE_NOTICE)).to_be_visible()
        expect(page.get_by_text(GENERIC)).to_have_count(0)
        expect(page.get_by_text("Step 2 of 11", exact=True)).to_be_visible()
        expect(page.get_by_label(TARGET_WEIGHT)).to_have_value("57")
        assert _stored(engine, email)[0] == [0, 1]
    finally:
        private_redis.up()  # empty: every Reflex state was lost with it

    page.get_by_role("button", name="Send").click()  # the same form, sent again
    _assert_kept_or_stored(page, app, engine, email)


class SocketCutter:
    """Routes the tab's Reflex websocket through the test; cuts it when the next answer is sent."""

    def __init__(self, on_cut) -> None:
        self.on_cut = on_cut  # (message, forward) at the cut: drop the message, or forward it and break something
        self.armed = False

    def route(self, ws) -> None:
        server = ws.connect_to_server()

        def from_page(message) -> None:
            if self.armed and "conversation_state.submit" in str(message):
                self.armed = False
                self.on_cut(message, server, ws)
                return
            server.send(message)

        ws.on_message(from_page)
        server.on_message(ws.send)


def _send_with_a_fault(page: Page, on_cut) -> str:
    """Fill the goals form, press Send with ``on_cut`` breaking something as the answer goes out
    (the websocket is cut), and return the user's e-mail once the tab has opened a new socket."""
    cutter = SocketCutter(on_cut)
    page.route_web_socket("**/_event/**", cutter.route)
    email = _at_goals_with_the_form_filled(page)
    cutter.armed = True
    with page.expect_websocket(timeout=OUTCOME_TIMEOUT_S * 1000):
        page.get_by_role("button", name="Send").click()
    return email


def test_a_websocket_dropped_as_the_answer_is_sent_keeps_the_form(app, page, engine):
    def drop(message, server, ws) -> None:  # the answer never reaches the server
        ws.close()
        server.close()

    email = _send_with_a_fault(page, drop)
    _assert_kept_or_stored(page, app, engine, email)


def test_a_send_lost_with_the_connection_and_the_tabs_state_is_said_and_kept(app, page, private_redis, engine):
    """The tab comes back to a new Reflex state (as after a worker killed with the tab's socket, whose
    claim on the token makes the tab reconnect under a new one): no var of the old state remains,
    and the tab's own copy of the sent form is what tells and restores."""
    def drop_and_lose_the_state(message, server, ws) -> None:
        private_redis.restart_empty()  # the answer never reaches the server, and every state is gone
        ws.close()
        server.close()

    email = _send_with_a_fault(page, drop_and_lose_the_state)
    expect(page.get_by_role("alert").filter(has_text=NOT_SAVED)).to_be_visible(timeout=OUTCOME_TIMEOUT_S * 1000)
    _assert_kept_or_stored(page, app, engine, email)


def test_the_tabs_worker_killed_mid_send_loses_nothing_silently(app, page, engine):
    def kill_the_worker(message, server, ws) -> None:
        server.send(message)  # the worker has the answer, and dies with it
        # One worker, as the fault: the first with a client connection. The browser's
        # keep-alive connections can make both qualify, and the websocket may be on the other one,
        # so the tab's socket is closed too: it reconnects either way, to a worker that may or may
        # not have stored the answer.
        for pid in app.worker_pids():
            connections = psutil.Process(pid).net_connections("tcp")
            if any(c.status == psutil.CONN_ESTABLISHED and c.laddr.port == app.port for c in connections):
                os.kill(pid, signal.SIGKILL)
                break
        ws.close()
        server.close()

    email = _send_with_a_fault(page, kill_the_worker)
    _assert_kept_or_stored(page, app, engine, email)


def test_after_redis_restarted_empty_the_profile_page_keeps_the_session_and_the_check_in(app, page, private_redis,
                                                                                       engine):
    """Not only the conversation: a form sent from the profile page into a new state is handled with
    the tab's session (asked of the tab), not answered with the sign-in page."""
    from tests.e2e.steps import confirmed_user
    from tests.e2e.test_lifestyle_chart import save_check_in

    email = confirmed_user(page)
    page.goto("/profile")
    expect(page.get_by_role("heading", name="Energy, stress and sleep")).to_be_visible()
    private_redis.restart_empty()  # every Reflex state is gone

    save_check_in(page, "High", "Low", "Poor", "8.5")
    expect(page.get_by_role("status").filter(has_text="Check-in saved")).to_be_visible()
    assert "/signin" not in page.url, "the user was sent to sign in"
    with engine.connect() as conn:
        hours = conn.execute(text(
            "SELECT l.sleep_hours_last_night FROM lifestyle_baselines l JOIN users u ON u.id = l.user_id "
            "WHERE u.email = :email ORDER BY l.recorded_at DESC LIMIT 1"), {"email": email}).scalar_one()
    assert float(hours) == 8.5


# The tab's copy of the next Send, kept for the test (the reply deletes the app's own).
_KEEP_THE_NEXT_COPY = """() => Object.defineProperty(window, "__fitappUnansweredSend", {configurable: true,
    set(value) { if (value) window.__keptCopy = value; }, get() { return undefined; }})"""


@pytest.mark.parametrize("step", [0, 2])
def test_a_send_stored_before_the_connection_dropped_is_not_called_lost(app, page, engine, step):
    """The tab's copy of a form the database did store (as when the worker dies after its commit):
    the browser's own form fields, read by the rules, match the stored answer, so the coach says
    nothing and the next question stays."""
    sockets = []

    def route(ws) -> None:
        server = ws.connect_to_server()
        sockets.append((ws, server))
        ws.on_message(server.send)
        server.on_message(ws.send)

    page.route_web_socket("**/_event/**", route)
    email = sign_up(page)
    if step == 2:
        answer_about_you(page)
        answer_experience(page)
        answer_goals(page, target_weight="57")
    else:
        answer_about_you(page, send_answer=False)
    page.evaluate(_KEEP_THE_NEXT_COPY)
    send(page, step + 1)  # stored: the next question shows
    page.evaluate("() => { delete window.__fitappUnansweredSend; window.__fitappUnansweredSend = window.__keptCopy; }")
    with page.expect_websocket(timeout=OUTCOME_TIMEOUT_S * 1000):
        ws, server = sockets[-1]
        ws.close()
        server.close()
    # The reconnect's load asks for the copy; the check's reply deletes it.
    page.wait_for_function("() => window.__fitappUnansweredSend === undefined", timeout=OUTCOME_TIMEOUT_S * 1000)
    expect(page.get_by_text(f"Step {step + 1} of 11", exact=True)).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text=NOT_SAVED)).to_have_count(0)
    assert _times_answered(engine, email, step) == 1
