"""Accounts as a person uses them: clear refusals, a session that survives reloads and tabs, sign out."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.steps import PASSWORD, random_email, sign_in, sign_up


def test_duplicate_email_and_weak_password_get_clear_messages(page: Page):
    email = sign_up(page)
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()

    page.goto("/signup")
    page.get_by_label("Email").fill(email.upper())
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("already exists")

    page.get_by_label("Email").fill(random_email())
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("at least 10 characters")


def test_wrong_password_is_refused(page: Page):
    email = sign_up(page)
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("not my password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong e-mail or password")
    sign_in(page, email)
    expect(page.get_by_text("takes about 4 minutes")).to_be_visible()


def test_session_survives_a_reload_and_works_in_a_second_tab_until_sign_out(page: Page):
    sign_up(page)
    page.reload()
    expect(page.get_by_text("takes about 4 minutes")).to_be_visible()

    second_tab = page.context.new_page()
    second_tab.goto("/onboarding")
    expect(second_tab.get_by_text("takes about 4 minutes")).to_be_visible()
    second_tab.get_by_role("button", name="Sign out", exact=True).click()
    expect(second_tab.get_by_role("heading", name="Welcome back")).to_be_visible()

    page.goto("/onboarding")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()


def test_signed_out_visitor_is_sent_to_sign_in_from_private_pages(page: Page):
    for path in ("/onboarding", "/profile"):
        page.goto(path)
        expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()


def test_a_press_before_the_page_has_loaded_sends_nothing_and_puts_no_password_in_the_address(page: Page):
    """A slow phone shows the prerendered form before its JavaScript runs: the button waits for it."""
    held, released = [], []

    def hold(route) -> None:  # the scripts arrive only when the test lets them
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/*.js", hold)
    page.goto("/signup", wait_until="domcontentloaded")
    create = page.get_by_role("button", name="Create account")
    expect(create).to_be_disabled()
    email = random_email()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_label("Repeat password").press("Enter")  # no submit while the button is disabled
    assert PASSWORD.split()[0] not in page.url and "password" not in page.url

    released.append(True)
    for route in held:
        route.continue_()
    expect(create).to_be_enabled()
    sign_up(page, email)
    expect(page.get_by_text("takes about 4 minutes")).to_be_visible()
