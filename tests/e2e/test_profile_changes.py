"""A locked plan changes only with a reason; every change is a version that can be compared and restored."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.steps import confirmed_user


def open_meal_plan_change(page: Page) -> None:
    page.get_by_role("link", name="Request a change").click()
    expect(page.get_by_role("heading", name="Request a change")).to_be_visible()
    page.get_by_role("button", name="Meal plan", exact=True).click()
    expect(page.get_by_label("Why are you changing this? (required)")).to_be_visible()


def adjust_meal_plan(page: Page) -> None:
    page.get_by_label("Adjust the numbers myself").check()
    page.get_by_label("Daily calories (kcal)").fill("2000")
    page.get_by_label("Protein (g)").fill("150")
    page.get_by_label("Carbs (g)").fill("200")
    page.get_by_label("Fat (g)").fill("66.5")


def test_meal_plan_change_creates_version_2_with_a_diff_and_restoring_version_1_creates_version_3(page: Page):
    confirmed_user(page)
    open_meal_plan_change(page)
    adjust_meal_plan(page)
    page.get_by_label("Why are you changing this? (required)").fill("My dietitian set these numbers")
    page.get_by_role("button", name="Save change").click()

    expect(page.get_by_role("heading", name="Your plan's history")).to_be_visible()
    expect(page.get_by_role("heading", name="Version 2", level=3)).to_be_visible()
    expect(page.get_by_text("Reason: My dietitian set these numbers")).to_be_visible()
    expect(page.get_by_text("Meal plan: daily calories").first).to_be_visible()

    page.get_by_role("button", name="View version 2").click()
    diff = page.get_by_role("table", name="What changed from the version before")
    expect(diff).to_contain_text("Daily calories")
    expect(diff).to_contain_text("2,000\u00a0kcal")

    page.get_by_role("button", name="View version 1").click()
    page.get_by_label("Why restore this version? (required)").fill("The coach's numbers suited me better")
    page.get_by_role("button", name="Restore version 1").click()
    expect(page.get_by_role("heading", name="Version 3", level=3)).to_be_visible()
    expect(page.get_by_text("Reason: restored version 1: The coach's numbers suited me better")).to_be_visible()


def test_a_change_without_a_reason_is_refused_with_a_visible_message(page: Page):
    confirmed_user(page)
    open_meal_plan_change(page)
    adjust_meal_plan(page)
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_role("alert")).to_contain_text("Please say why you are changing your plan.")
    page.goto("/profile/history")
    expect(page.get_by_role("heading", name="Version 1", level=3)).to_be_visible()
    expect(page.get_by_role("heading", name="Version 2", level=3)).to_have_count(0)


def test_macros_that_do_not_add_up_mark_the_four_numbers_invalid_until_they_do(page: Page):
    confirmed_user(page)
    open_meal_plan_change(page)
    adjust_meal_plan(page)
    page.get_by_label("Fat (g)").fill("20")
    page.get_by_label("Why are you changing this? (required)").fill("Fewer fats")
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_role("alert")).to_contain_text("Your macros add up to")
    numbers = [page.get_by_label(label) for label in ("Daily calories (kcal)", "Protein (g)", "Carbs (g)", "Fat (g)")]
    for field in numbers:
        expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Meals per day")).not_to_have_attribute("aria-invalid", re.compile(".*"))

    page.get_by_label("Fat (g)").fill("66.5")
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_role("heading", name="Version 2", level=3)).to_be_visible()
