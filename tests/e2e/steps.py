"""A person's way through the onboarding, by visible labels and button names only."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

PASSWORD = "correct horse battery 42"
_TODAY = datetime.now(ZoneInfo("Europe/Berlin")).date()
# 36 on the user's date whenever the tests run (born on the last day of last month, 36 years
# ago), so that the coach's numbers can be worked out by hand once.
BIRTH_DATE = (date(_TODAY.year - 36, _TODAY.month, 1) - timedelta(days=1)).isoformat()


def random_email() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}@example.com"


def sign_up(page: Page, email: str | None = None) -> str:
    email = email or random_email()
    page.goto("/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("takes about 4 minutes")).to_be_visible()
    return email


def sign_in(page: Page, email: str) -> None:
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def expect_step(page: Page, number: int) -> None:
    expect(page.get_by_text(f"Step {number} of 11", exact=True)).to_be_visible()


def send(page: Page, next_step: int | None) -> None:
    page.get_by_role("button", name="Send").click()
    if next_step is not None:
        expect_step(page, next_step)


def choose(page: Page, group: str, option: str) -> None:
    page.get_by_role("group", name=group).get_by_label(option, exact=True).check()


def answer_about_you(page: Page, send_answer: bool = True) -> None:
    page.get_by_label("I agree that my health data is used to build my plan").check()
    choose(page, "Units", "Metric (kg, cm)")
    choose(page, "Sex (for the energy estimate)", "Female")
    page.get_by_label("Birth date").fill(BIRTH_DATE)
    page.get_by_label("Time zone").fill("Europe/Berlin")
    page.get_by_label("Height (cm)").fill("168")
    page.get_by_label("Weight (kg)").fill("62.5")
    if send_answer:
        send(page, 1)


def answer_experience(page: Page) -> None:
    page.get_by_role("radio", name=re.compile("^Intermediate")).check()
    page.get_by_role("radio", name=re.compile("^Moderately active")).check()
    send(page, 2)


def answer_goals(page: Page, goal: str = "Fat loss", target_weight: str = "58") -> None:
    choose(page, "Primary goal", goal)
    page.get_by_label("Secondary goal (optional)").select_option(label="Strength")
    page.get_by_label("Target weight (kg, optional)").fill(target_weight)
    page.get_by_label("Timeline (weeks, optional)").fill("12" if target_weight else "")


def answer_health(page: Page) -> None:
    for group in page.get_by_role("group").filter(has=page.get_by_label("No", exact=True)).all():
        group.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Add an injury").click()
    page.get_by_label("Injury 1 area").select_option(label="Knee")
    page.get_by_label("Injury 1 severity").select_option(label="Mild")
    page.get_by_label("Injury 1 description").fill("Old running injury")
    send(page, 4)


def answer_equipment(page: Page) -> None:
    choose(page, "Where will you work out?", "At home")
    page.get_by_label("Dumbbells").check()
    page.get_by_label("Yoga mat").check()
    page.get_by_label("Longest workout (minutes)").fill("60")
    send(page, 5)


def answer_schedule(page: Page) -> None:
    for day in ("Monday", "Wednesday", "Friday"):
        page.get_by_label(day).check()
    page.get_by_label("Preferred time").fill("18:00")
    page.get_by_label("Duration (minutes)").fill("45")
    send(page, 6)


def answer_diet(page: Page) -> None:
    choose(page, "Diet", "Omnivore")
    page.get_by_label("Allergies (comma separated)").fill("Peanuts")
    send(page, 7)


def accept_meal_plan(page: Page) -> str:
    page.get_by_label("Meals per day").fill("3")
    proposal = page.get_by_role("heading", name="Your coach's proposal").locator("xpath=..")
    expect(proposal).to_contain_text("kcal")
    text = proposal.inner_text()
    send(page, 8)
    return text


def answer_meal_times(page: Page) -> None:
    expect(page.get_by_label("Meal 1 time")).to_have_value(re.compile(r"\d\d:\d\d"))
    send(page, 9)


def answer_lifestyle(page: Page) -> None:
    choose(page, "Energy", "Medium")
    choose(page, "Stress", "Low")
    choose(page, "Sleep quality", "Good")
    page.get_by_label("Hours slept last night (optional)").fill("7.5")
    send(page, 10)


def answer_hydration(page: Page) -> None:
    expect(page.get_by_label("Daily water target (ml)")).to_have_value(re.compile(r"\d+"))
    send(page, None)
    expect(page.get_by_role("heading", name="Review your plan")).to_be_visible()


def complete_through(page: Page, last_step: int, each: Callable[[Page, int], None] | None = None) -> None:
    """Answer steps 0..last_step in order, starting at the welcome step; ``each(page, step)`` looks at
    every question as it is shown, before it is answered."""
    answers = [answer_about_you, answer_experience, lambda p: (answer_goals(p), send(p, 3)), answer_health,
               answer_equipment, answer_schedule, answer_diet, accept_meal_plan, answer_meal_times, answer_lifestyle,
               answer_hydration]
    for step in range(last_step + 1):
        if each is not None:
            each(page, step)
        answers[step](page)


def confirmed_user(page: Page) -> str:
    """Sign up, answer every step and confirm: the locked profile page is shown. The e-mail."""
    email = sign_up(page)
    complete_through(page, 10)
    page.get_by_role("button", name="Confirm and lock").click()
    expect(page.get_by_role("heading", name="Your plan is locked")).to_be_visible()
    return email


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Welcome back", level=1)).to_be_visible()
