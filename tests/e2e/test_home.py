"""The production build serves the home page, readable on a phone and on a desktop."""

import re

from playwright.sync_api import Page, expect

DARK = re.compile(r"\bdark\b")


def test_home_page_introduces_the_app_and_offers_to_start(page: Page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Your personal coach, set up in 4 minutes")).to_be_visible()
    expect(page.get_by_role("link", name="Get started")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    # Nothing spills sideways on a 390 px phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_color_mode_toggle_switches_between_light_and_dark(page: Page):
    page.goto("/")
    # The toggle works once the page's scripts have loaded and hydrated it.
    page.wait_for_load_state("networkidle")
    html = page.locator("html")
    toggle = page.get_by_role("button", name="Toggle light and dark mode")
    expect(toggle).to_be_visible()
    started_dark = bool(DARK.search(html.get_attribute("class") or ""))
    toggle.click()
    if started_dark:
        expect(html).not_to_have_class(DARK)
    else:
        expect(html).to_have_class(DARK)
