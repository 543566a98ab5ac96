"""Every page at 390 px and on a desktop, signed out, as a member and as an admin: no serious or critical
axe finding, nothing scrolls sideways, every control is a 24 px target. (The conversation's steps are
checked one by one in test_conversation_depth's walkthrough.)"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.screen import screen_problems
from tests.e2e.steps import confirmed_user, sign_out, sign_up
from tests.e2e.test_admin import make_admin


def look(page: Page, name: str, problems: list[str]) -> None:
    problems.extend(screen_problems(page, name))


def test_signed_out_pages(page: Page):
    problems: list[str] = []
    for path, heading in (("/", "Your personal coach, set up in 4 minutes"), ("/signin", "Welcome back"),
                          ("/signup", "Create your account")):
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        look(page, path, problems)
    assert problems == []


def test_member_pages(page: Page):
    problems: list[str] = []
    confirmed_user(page)
    look(page, "profile", problems)
    page.get_by_role("link", name="Request a change").click()
    expect(page.get_by_role("heading", name="Request a change")).to_be_visible()
    look(page, "change: topics", problems)
    page.get_by_role("button", name="Meal plan", exact=True).click()
    page.get_by_role("button", name="Save change").click()  # refused: no reason; the marks are checked too
    expect(page.get_by_label("Why are you changing this? (required)")).to_have_attribute("aria-invalid", "true")
    look(page, "change: meal plan refused", problems)
    page.goto("/profile/history")
    expect(page.get_by_role("heading", name="Your plan's history")).to_be_visible()
    page.get_by_role("button", name="View version 1").click()
    look(page, "history", problems)
    assert problems == []


def test_admin_pages(page: Page, database_url: str):
    problems: list[str] = []
    first, second = (f"same.long.prefix.for.two.users+{n}-{id(page)}@example.com" for n in (1, 2))
    for email in (first, second):
        sign_up(page, email)
        sign_out(page)
    admin = sign_up(page)
    make_admin(database_url, admin)
    page.goto("/admin")
    expect(page.get_by_role("heading", name="Incomplete onboardings")).to_be_visible()
    look(page, "admin list", problems)
    # E-mails with the same long prefix are shown whole (wrapped), so they never look alike.
    for email in (first, second):
        link = page.get_by_role("link", name=email)
        expect(link).to_be_visible()
        assert link.evaluate("a => a.scrollWidth <= a.clientWidth + 1"), f"{email} is cut"
    page.get_by_role("link", name=first).click()
    expect(page.get_by_role("heading", name=first)).to_be_visible()
    look(page, "admin user", problems)
    for path, heading in (("/admin/analytics", "Funnel analytics"), ("/admin/system", "System health")):
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        look(page, path, problems)
    assert problems == []
