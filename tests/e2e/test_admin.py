"""Admins find stuck onboardings, read a user's history and reset them; others see no admin data."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import Browser, Page, expect

from fitapp.core.config import PROJECT_ROOT
from tests.e2e.conftest import DESKTOP
from tests.e2e.steps import complete_through, sign_in, sign_up

ADMIN_URLS = ("/admin", "/admin/analytics", "/admin/system", "/admin/user?id=00000000-0000-0000-0000-000000000000")


def make_admin(database_url: str, email: str) -> None:
    """As an operator would: the documented command-line command."""
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run([sys.executable, "-m", "fitapp.cli", "make-admin", email], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def desktop(browser: Browser, base_url: str):
    contexts = []

    def new_page() -> Page:
        context = browser.new_context(base_url=base_url, viewport=DESKTOP)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def test_admin_filters_opens_a_user_sees_history_and_resets_them(desktop, database_url):
    member_page = desktop()
    member = sign_up(member_page)
    complete_through(member_page, 10)
    member_page.get_by_role("button", name="Confirm and lock").click()
    expect(member_page.get_by_role("heading", name="Your plan is locked")).to_be_visible()

    stuck_page = desktop()
    stuck = sign_up(stuck_page)
    complete_through(stuck_page, 2)

    admin_page = desktop()
    admin_email = sign_up(admin_page)
    make_admin(database_url, admin_email)
    admin_page.goto("/admin")
    expect(admin_page.get_by_role("heading", name="Incomplete onboardings")).to_be_visible()
    admin_page.get_by_label("Current step").select_option("3")
    admin_page.get_by_role("button", name="Apply filters").click()
    expect(admin_page.get_by_role("link", name=stuck)).to_be_visible()
    expect(admin_page.get_by_role("link", name=admin_email)).to_have_count(0)

    admin_page.goto("/admin/analytics")
    expect(admin_page.get_by_role("heading", name="Funnel analytics")).to_be_visible()
    expect(admin_page.get_by_role("table", name="Per step", exact=True)).to_contain_text("About you")
    # The funnel chart names each step beside its bars (not only its number).
    expect(admin_page.locator(".recharts-wrapper").last).to_contain_text("0 About you")

    admin_page.goto("/admin")
    admin_page.get_by_role("link", name=stuck).click()
    expect(admin_page.get_by_role("heading", name=stuck)).to_be_visible()
    expect(admin_page.get_by_role("table", name="Step answers")).to_contain_text("Goals")

    admin_page.get_by_role("link", name="Incomplete onboardings").click()
    admin_page.get_by_label("Find a user by e-mail").fill(member)
    admin_page.get_by_role("button", name="Find").click()
    expect(admin_page.get_by_role("heading", name=member)).to_be_visible()
    expect(admin_page.get_by_role("table", name="Versions", exact=True)).to_contain_text("Onboarding confirmed")
    expect(admin_page.get_by_role("table", name="Audit log")).to_contain_text("INSERT user_profiles")

    admin_page.get_by_role("button", name="Reset onboarding").click()
    admin_page.get_by_label("Reason for the reset (required)").fill("User asked to start over")
    admin_page.get_by_label("The user has consented to the reset").check()
    admin_page.get_by_role("button", name="Confirm reset").click()
    expect(admin_page.get_by_role("status")).to_contain_text("starts again at step 0")
    expect(admin_page.get_by_role("table", name="Versions", exact=True)).to_contain_text("admin")

    again = desktop()
    sign_in(again, member)
    expect(again.get_by_text("Welcome", exact=True)).to_be_visible()
    expect(again.get_by_text("takes about 4 minutes")).to_be_visible()


def test_admin_erases_an_account_on_the_persons_request(desktop, database_url):
    member_page = desktop()
    member = sign_up(member_page)
    complete_through(member_page, 2)
    admin_page = desktop()
    make_admin(database_url, sign_up(admin_page))
    admin_page.goto("/admin")
    admin_page.get_by_label("Find a user by e-mail").fill(member)
    admin_page.get_by_role("button", name="Find").click()
    expect(admin_page.get_by_role("heading", name=member)).to_be_visible()

    admin_page.get_by_role("button", name="Erase account").click()
    admin_page.get_by_role("button", name="Erase permanently").click()  # no reason yet
    expect(admin_page.get_by_role("alert")).to_contain_text("reason")
    expect(admin_page.get_by_role("heading", name=member)).to_be_visible()  # nothing changed

    admin_page.get_by_role("button", name="Erase account").click()
    admin_page.get_by_label("Reason for the erasure (required)").fill("Erasure request, ticket 4711")
    admin_page.get_by_role("button", name="Erase permanently").click()
    expect(admin_page.get_by_role("status")).to_contain_text("Account erased")
    expect(admin_page.get_by_role("heading", name=member)).to_have_count(0)  # the e-mail is gone
    expect(admin_page.get_by_text("deleted", exact=True)).to_be_visible()
    expect(admin_page.get_by_role("button", name="Erase account")).to_have_count(0)

    member_page.reload()
    expect(member_page.get_by_role("heading", name="Welcome back")).to_be_visible()  # signed out everywhere


def test_admin_sees_system_health(desktop, database_url):
    admin_page = desktop()
    admin_email = sign_up(admin_page)
    make_admin(database_url, admin_email)
    admin_page.goto("/admin")
    admin_page.get_by_role("link", name="System health").click()

    expect(admin_page.get_by_role("heading", name="System health")).to_be_visible()
    checks = admin_page.get_by_role("table", name="Checks")
    expect(checks.get_by_role("row", name="Database ok")).to_be_visible()
    expect(admin_page.get_by_text("Query latency p95")).to_be_visible()
    statements = admin_page.get_by_text("Statements measured").locator("xpath=..")
    expect(statements).not_to_contain_text("—")  # the admin's own sign-in already ran queries
    admin_page.get_by_role("button", name="Refresh").click()
    expect(checks.get_by_role("row", name="Database ok")).to_be_visible()


def test_a_member_opening_admin_urls_sees_not_allowed_and_no_admin_data(page: Page):
    email = sign_up(page)
    for url in ADMIN_URLS:
        page.goto(url)
        expect(page.get_by_role("alert")).to_contain_text("Not allowed")
        expect(page.get_by_role("table")).to_have_count(0)
        expect(page.get_by_text(email)).to_have_count(0)



def test_admin_pages_forward_and_back_through_the_same_rows(desktop, database_url):
    """Next reads after the page's last row (keyset); Previous reads after the cursor the earlier
    page was fetched with, so paging back shows exactly the rows seen on the way forward."""
    env = {**os.environ, "DATABASE_URL": database_url}
    made = subprocess.run([sys.executable, "-m", "fitapp.cli", "demo-data", "--users", "40", "--seed", "41",
                           "--completed-share", "0"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert made.returncode == 0, made.stderr
    admin_page = desktop()
    make_admin(database_url, sign_up(admin_page))
    admin_page.goto("/admin")
    admin_page.get_by_label("Page size").select_option("10")
    admin_page.get_by_role("button", name="Apply filters").click()
    rows = admin_page.get_by_role("region", name="Unfinished onboardings").get_by_role("link")

    def seen(page_number: int) -> list[str]:
        expect(admin_page.get_by_text(f"page {page_number} of", exact=False)).to_be_visible()
        expect(rows).to_have_count(10)
        return rows.all_inner_texts()

    forward = [seen(1)]
    for page_number in (2, 3):
        admin_page.get_by_role("button", name="Next page").click()
        forward.append(seen(page_number))
    assert len({email for page in forward for email in page}) == 30  # no row twice, none skipped between pages
    for page_number in (2, 1):
        admin_page.get_by_role("button", name="Previous page").click()
        assert seen(page_number) == forward[page_number - 1]
