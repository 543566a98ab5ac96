"""A person answers the coach by typing: the text fills the step's form, shown back as chips."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect
from sqlalchemy import Engine, text

from tests.e2e.steps import BIRTH_DATE, expect_step, send, sign_up
from tests.e2e.screen import screen_problems

BORN = date.fromisoformat(BIRTH_DATE)
BORN_TEXT = f"{BORN.day} {BORN.strftime('%B')} {BORN.year}"


def type_answer(page: Page, text: str) -> None:
    box = page.get_by_label("Or type your answer")
    box.fill(text)
    box.press("Enter")


def understood(page: Page):
    return page.get_by_role("list", name="What I understood")


def test_a_whole_onboarding_answered_by_typing_ends_with_a_locked_plan(page: Page):
    sign_up(page)
    # Step 0: everything but the time zone, which the browser fills in itself.
    type_answer(page, f"I agree; I'm a woman, 5'6\", 150 lbs, born {BORN_TEXT}")
    expect(understood(page)).to_contain_text("Female")
    expect(page.get_by_label("I agree that my health data is used to build my plan")).to_be_checked()
    expect(page.get_by_label("Height (ft)")).to_have_value("5")
    expect(page.get_by_label("Height (in)")).to_have_value("6")
    expect(page.get_by_label("Birth date")).to_have_value(BIRTH_DATE)
    send(page, 1)

    typed = [
        (1, "Intermediate, I sit at a desk all day", "Sedentary"),
        (2, "Mostly lose fat, maybe get stronger, 62 kg in 4 months", "Fat loss"),
        (3, "No to all the health questions; bad left knee, mild", "Injury"),
        (4, "At home with dumbbells and a bench, 45 minutes max", "At home"),
        (5, "Mon, Wed and Fri at 6:30 pm for 40 minutes, remind me 30 minutes before, flexible rest days",
         "Mon, Wed, Fri"),
        (6, "Vegetarian, allergic to peanuts, no mushrooms, I like Thai food", "Vegetarian"),
        (7, "3 meals a day, your numbers look good", "3 meals a day"),
        (8, "Breakfast 7:30, lunch at noon, dinner 7", "Lunch at 12:00"),
        (9, "Energy is ok, stress is high, I sleep badly, 6 hours last night", "Stress: high"),
    ]
    for step, answer, chip in typed:
        expect_step(page, step)
        type_answer(page, answer)
        expect(understood(page)).to_contain_text(chip)
        send(page, step + 1)

    expect_step(page, 10)
    type_answer(page, "2.5 litres, remind me every hour from 8 to 10 pm")
    expect(understood(page)).to_contain_text("2500 ml")
    expect(page.get_by_label("Daily water target (ml)")).to_have_value("2500")
    send(page, None)
    review = page.get_by_role("heading", name="Review your plan")
    expect(review).to_be_visible()
    page.get_by_role("button", name="Confirm and lock").click()
    expect(page.get_by_role("heading", name="Your plan is locked")).to_be_visible()
    expect(page.get_by_text("Vegetarian").first).to_be_visible()


def test_removing_a_chip_takes_its_field_out_and_marks_it_still_needed(page: Page, engine: Engine):
    email = sign_up(page)
    type_answer(page, "I agree, female, 168 cm, 62 kg")
    chips = understood(page)
    expect(chips).to_contain_text("Female")
    expect(page.get_by_label("Height (cm)")).to_have_value("168")
    # The birth date was not said: marked, with its message beside it.
    expect(page.get_by_label("Birth date")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Still needed").first).to_be_visible()
    assert screen_problems(page, "after removing a chip") == []

    remove = chips.get_by_role("button", name="Remove Height")
    remove.focus()
    page.keyboard.press("Enter")
    expect(chips).not_to_contain_text("Height")
    expect(page.get_by_label("Height (cm)")).to_have_value("")
    expect(page.get_by_label("Height (cm)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Weight (kg)")).to_have_value("62")
    # Keyboard alone: focus is back in the typed box, ready for the next go.
    expect(page.get_by_label("Or type your answer")).to_be_focused()

    # Nothing was stored by typing or removing: no answer and no answered event yet.
    with engine.connect() as db:
        answered = db.execute(text(
            "SELECT count(*) FROM onboarding_step_events e JOIN users u ON u.id = e.user_id "
            "WHERE u.email = :email AND e.event = 'answered'"), {"email": email}).scalar_one()
    assert answered == 0

    # A second go adds to the first; then Send saves through the normal validation.
    type_answer(page, f"168 cm, born {BORN_TEXT}")
    expect(chips).to_contain_text("Height")
    expect(chips).to_contain_text("Weight")
    expect(page.get_by_label("Birth date")).to_have_value(BIRTH_DATE)
    send(page, 1)


def test_a_typed_answer_that_says_nothing_gets_an_example_and_changes_nothing(page: Page):
    sign_up(page)
    page.get_by_label("Height (cm)").fill("170")
    type_answer(page, "hello?")
    expect(page.get_by_role("status").filter(has_text="couldn't find your about you")).to_contain_text(
        "5'6\", 150 lbs")
    expect(page.get_by_label("Height (cm)")).to_have_value("170")
    expect(understood(page)).to_have_count(0)
