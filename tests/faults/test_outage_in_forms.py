"""PostgreSQL stopped while a person saves a profile change or signs in, in Chromium: the screen
says so in plain words, the typed form stays as it was, and sending it again once the database is
back works. Never Reflex's generic "An error occurred"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import PASSWORD, confirmed_user, sign_out
from tests.support.app_server import AppServer

REASON = "Why are you changing this? (required)"
GENERIC = "An error occurred"
expect.set_options(timeout=20_000)  # the machine's 2 cores are shared by several test runs


@pytest.fixture
def app(private_postgres, private_redis, tmp_path):
    server = AppServer(private_postgres.url, private_redis.url, tmp_path / "app.log", workers=1)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(app, browser):
    """A tab of the run's one browser (pytest-playwright's): a second sync Playwright in this process
    would find the first one's event loop running."""
    context = browser.new_context(base_url=app.url)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_a_change_and_a_sign_in_during_an_outage_keep_the_form_and_say_so(page, private_postgres):
    email = confirmed_user(page)
    page.get_by_role("link", name="Request a change").click()
    page.get_by_role("button", name="Meal plan", exact=True).click()
    expect(page.get_by_label(REASON)).to_be_visible()
    page.get_by_label("Adjust the numbers myself").check()
    for label, value in [("Daily calories (kcal)", "2000"), ("Protein (g)", "150"), ("Carbs (g)", "200"),
                         ("Fat (g)", "66.5"), (REASON, "My dietitian set these numbers")]:
        page.get_by_label(label).fill(value)

    private_postgres.stop()
    try:
        page.get_by_role("button", name="Save change").click()
        expect(page.get_by_role("alert")).to_contain_text("We couldn't save your change just now")
        expect(page.get_by_label("Daily calories (kcal)")).to_have_value("2000")
        expect(page.get_by_label(REASON)).to_have_value("My dietitian set these numbers")
        expect(page.get_by_text(GENERIC)).to_have_count(0)
    finally:
        private_postgres.start()
    page.get_by_role("button", name="Save change").click()  # the same form, sent again
    expect(page.get_by_role("heading", name="Your plan's history")).to_be_visible()
    expect(page.get_by_role("heading", name="Version 2", level=3)).to_be_visible()

    page.goto("/profile")
    sign_out(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    private_postgres.stop()
    try:
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("so you are not signed in yet")).to_be_visible()
        expect(page.get_by_label("Email")).to_have_value(email)
        expect(page.get_by_label("Password")).to_have_value(PASSWORD)
        expect(page.get_by_text(GENERIC)).to_have_count(0)
    finally:
        private_postgres.start()
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your plan is locked")).to_be_visible()
