"""A new person signs up and talks with the coach all the way to a locked plan."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from fitapp.pages.onboarding import REFUSAL_INTRO
from tests.e2e.conftest import DESKTOP
from tests.e2e.steps import (
    answer_about_you,
    answer_equipment,
    answer_goals,
    complete_through,
    expect_step,
    send,
    sign_in,
    sign_up,
)


def test_new_user_completes_every_step_and_sees_the_lock_screen(page: Page):
    sign_up(page)
    complete_through(page, 10)
    expect(page.get_by_role("button", name="Edit Meal plan")).to_be_visible()
    page.get_by_role("button", name="Confirm and lock").click()
    expect(page.get_by_role("heading", name="Your plan is locked")).to_be_visible()
    expect(page.get_by_text("Locked since")).to_be_visible()
    expect(page.get_by_text("request a change and give a reason")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_user_who_stops_at_step_5_resumes_there_in_a_new_browser(browser: Browser, base_url: str):
    first = browser.new_context(base_url=base_url, viewport=DESKTOP)
    page = first.new_page()
    email = sign_up(page)
    complete_through(page, 4)
    expect_step(page, 5)
    first.close()

    second = browser.new_context(base_url=base_url, viewport=DESKTOP)
    page = second.new_page()
    sign_in(page, email)
    expect_step(page, 5)
    expect(page.get_by_text("Intermediate · ")).to_be_visible()
    expect(page.get_by_text("At home")).to_be_visible()
    second.close()


def test_a_bad_answer_gets_the_coachs_message_and_is_not_stored(page: Page):
    sign_up(page)
    complete_through(page, 1)
    answer_goals(page, goal="Fat loss", target_weight="80")
    send(page, None)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(REFUSAL_INTRO)
    expect(alert).to_contain_text("below your current weight")
    expect_step(page, 2)
    page.reload()
    expect_step(page, 2)
    expect(page.get_by_role("alert")).to_have_count(0)


def test_changing_the_goal_re_asks_the_meal_plan_and_the_review_shows_the_new_plan(page: Page):
    sign_up(page)
    complete_through(page, 10)
    old_plan = page.get_by_role("heading", name="Meal plan").locator("xpath=..").inner_text()

    page.get_by_role("button", name="Edit Goals").click()
    page.get_by_role("group", name="Primary goal").get_by_label("General fitness", exact=True).check()
    page.get_by_label("Target weight (kg, optional)").fill("")
    page.get_by_label("Timeline (weeks, optional)").fill("")
    page.get_by_role("button", name="Save change").click()

    expect_step(page, 7)
    expect(page.get_by_text("look again at: Meal plan")).to_be_visible()
    send(page, None)
    expect(page.get_by_role("heading", name="Review your plan")).to_be_visible()
    new_plan = page.get_by_role("heading", name="Meal plan").locator("xpath=..").inner_text()
    # By hand: resting 10*62.5 + 6.25*168 - 5*36 - 161 = 1334 kcal, moderately active (1.55,
    # three workout days add nothing): 2067.7. Fat loss -20 %: 1654 kcal, protein 2.0 g/kg = 125 g;
    # general fitness +-0: 2068 kcal, protein 1.6 g/kg = 100 g.
    assert "1,654 kcal" in old_plan and "protein 125 g" in old_plan
    assert "2,068 kcal" in new_plan and "protein 100 g" in new_plan
    assert re.search(r"General fitness", page.get_by_role("heading", name="Goals").locator("xpath=..").inner_text())


def test_reminder_details_are_asked_only_when_reminders_are_on(page: Page):
    sign_up(page)
    complete_through(page, 4)
    minutes = page.get_by_label("Remind me this many minutes before")
    expect(minutes).to_be_visible()
    page.get_by_label("Remind me before workouts").uncheck()
    expect(minutes).to_have_count(0)
    page.get_by_label("Remind me before workouts").check()
    expect(minutes).to_be_visible()


def test_refused_fields_are_marked_invalid_for_assistive_tech_until_they_are_fixed(page: Page):
    sign_up(page)
    answer_about_you(page, send_answer=False)
    birth_date, time_zone, height = (page.get_by_label(label) for label in ("Birth date", "Time zone", "Height (cm)"))
    birth_date.fill("2015-01-01")
    time_zone.fill("Mars/Olympus")
    send(page, None)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("between 16 and 100 years old")
    # Each field is described by its own message (shown right under it), which the coach's alert repeats.
    expect(birth_date).to_have_attribute("aria-invalid", "true")
    expect(birth_date).to_have_accessible_description(re.compile("between 16 and 100 years old"))
    expect(time_zone).to_have_attribute("aria-invalid", "true")
    expect(time_zone).to_have_accessible_description(re.compile("Mars/Olympus"))
    expect(height).not_to_have_attribute("aria-invalid", re.compile(".*"))

    # Sent from the keyboard: the refusal scrolls the page back to the question, which can move the
    # button away from under a mouse click that was aimed just before.
    send_button = page.get_by_role("button", name="Send")
    birth_date.fill("1990-05-14")
    send_button.press("Enter")
    expect(alert).not_to_contain_text("years old")
    expect(birth_date).not_to_have_attribute("aria-invalid", re.compile(".*"))
    expect(birth_date).not_to_have_attribute("aria-describedby", re.compile(".*"))
    expect(time_zone).to_have_attribute("aria-invalid", "true")

    time_zone.fill("Europe/Berlin")
    send_button.press("Enter")
    expect_step(page, 1)
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_role("button", name="Change About you").click()
    expect(page.get_by_label("Birth date")).to_have_value("1990-05-14")
    expect(page.get_by_label("Time zone")).not_to_have_attribute("aria-invalid", re.compile(".*"))


def test_equipment_chips_are_grouped_by_category_and_still_picked_by_label(page: Page):
    sign_up(page)
    complete_through(page, 3)
    free_weights = page.get_by_role("group", name="Free weights")
    expect(free_weights.get_by_label("Dumbbells")).to_be_visible()
    expect(free_weights.get_by_label("Treadmill")).to_have_count(0)
    expect(page.get_by_role("group", name="Cardio").get_by_label("Treadmill")).to_be_visible()
    expect(page.get_by_role("group", name="Accessories").get_by_label("Yoga mat")).to_be_visible()
    answer_equipment(page)
    expect(page.get_by_text("Dumbbells, Yoga mat")).to_be_visible()
