"""The conversation at its edges (issue 13): nothing the user did not change is lost, the progress and
the question are always in view, every refusal is said beside its field, numbers read as people write them."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, WebSocketRoute, expect
from sqlalchemy import Engine, text

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.screen import current_question, screen_problems, serious_violations, small_controls, wait_until_below_header
from tests.e2e.steps import (
    accept_meal_plan,
    answer_about_you,
    complete_through,
    expect_step,
    send,
    sign_in,
    sign_up,
)


def onboarding_row(engine: Engine, email: str):
    with engine.connect() as conn:
        return conn.execute(text(
            "SELECT s.step_data, s.completed_steps, s.current_step FROM onboarding_states s "
            "JOIN users u ON u.id = s.user_id WHERE u.email = :email"), {"email": email}).one()


def test_a_re_asked_meal_plan_keeps_meals_per_day_and_the_meal_times(page: Page, engine: Engine):
    email = sign_up(page)
    complete_through(page, 6)
    page.get_by_label("Meals per day").fill("4")
    send(page, 8)
    expect(page.get_by_label("Meal 4 time")).to_have_value(re.compile(r"\d\d:\d\d"))
    send(page, 9)
    before = onboarding_row(engine, email)
    assert before.step_data["step_7"]["meals_per_day"] == 4 and 8 in before.completed_steps

    # A change of goal recomputes the plan: step 7 is asked again, with the 4 meals already chosen.
    page.get_by_role("button", name="Change Goals").click()
    page.get_by_role("group", name="Primary goal").get_by_label("General fitness", exact=True).check()
    page.get_by_label("Target weight (kg, optional)").fill("")
    page.get_by_label("Timeline (weeks, optional)").fill("")
    page.get_by_role("button", name="Save change").click()
    expect_step(page, 7)
    expect(page.get_by_label("Meals per day")).to_have_value("4")
    send(page, 9)

    after = onboarding_row(engine, email)
    assert after.step_data["step_7"]["meals_per_day"] == 4
    assert after.step_data["step_2"]["primary_goal"] == "general_fitness"
    assert 8 in after.completed_steps and 7 in after.completed_steps
    assert after.step_data["step_8"] == before.step_data["step_8"]


def test_what_was_typed_at_step_0_survives_a_late_time_zone_event(browser: Browser, base_url: str, engine: Engine):
    """A time-zone event from the page to the server (the old design asked the server to re-draw the form
    with the browser's zone) is held back until the form is filled, then let through."""
    context = browser.new_context(base_url=base_url, viewport=PHONE, timezone_id="America/New_York")
    page = context.new_page()
    held: list[str | bytes] = []
    server: dict[str, WebSocketRoute] = {}

    def hold_time_zone_events(ws: WebSocketRoute) -> None:
        server["route"] = ws.connect_to_server()
        ws.on_message(lambda message: held.append(message) if "set_time_zone" in str(message)
                      else server["route"].send(message))

    page.route_web_socket(re.compile(r".*/_event.*"), hold_time_zone_events)
    email = sign_up(page)
    expect(page.get_by_label("Time zone")).to_have_value("America/New_York")
    answer_about_you(page, send_answer=False)
    page.get_by_label("Time zone").fill("Europe/Lisbon")
    for message in held:  # the late event arrives now, after everything was typed
        server["route"].send(message)
    page.get_by_role("button", name="Toggle light and dark mode").click()  # one more round trip settles
    expect(page.get_by_label("I agree that my health data is used to build my plan")).to_be_checked()
    expect(page.get_by_label("Height (cm)")).to_have_value("168")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Lisbon")
    send(page, 1)
    assert onboarding_row(engine, email).step_data["step_0"]["time_zone"] == "Europe/Lisbon"
    context.close()


def test_resuming_on_another_device_shows_the_current_question_without_scrolling(browser: Browser, base_url: str):
    first = browser.new_context(base_url=base_url, viewport=DESKTOP)
    email = sign_up(first.new_page())
    complete_through(first.pages[0], 5)
    first.close()

    second = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    page = second.new_page()
    sign_in(page, email)
    expect_step(page, 6)
    question = current_question(page, 6)
    expect(question).to_be_in_viewport()
    wait_until_below_header(page, question)
    expect(page.get_by_role("progressbar", name="Onboarding progress")).to_be_in_viewport()
    second.close()


def test_each_problem_is_said_beside_its_field_and_out_of_range_numbers_get_the_coachs_message(page: Page):
    sign_up(page)
    answer_about_you(page, send_answer=False)
    page.get_by_label("Height (cm)").fill("260")
    page.get_by_label("Birth date").fill("2020-01-01")
    send(page, None)
    height = page.get_by_label("Height (cm)")
    expect(page.get_by_role("alert")).to_contain_text("Height")
    expect(height).to_have_attribute("aria-invalid", "true")
    expect(height).to_have_accessible_description(re.compile("Height.*250"))
    expect(page.get_by_label("Birth date")).to_have_accessible_description(re.compile("16"))
    assert _gap_px(page, height, re.compile("Height.*250")) < 80
    page.get_by_label("Height (cm)").fill("168")
    page.get_by_label("Birth date").fill("1990-05-14")
    send(page, 1)


def _gap_px(page: Page, field, message: re.Pattern) -> float:
    """How far below the field its own message starts."""
    below = page.get_by_text(message).first
    return below.bounding_box()["y"] - (field.bounding_box()["y"] + field.bounding_box()["height"])


def test_a_missing_injury_severity_and_a_too_long_description_are_said_at_the_injury(page: Page, engine: Engine):
    email = sign_up(page)
    complete_through(page, 2)
    for group in page.get_by_role("group").filter(has=page.get_by_label("No", exact=True)).all():
        group.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Add an injury").click()
    page.get_by_label("Injury 1 area").select_option(label="Knee")
    page.get_by_label("Injury 1 description").fill("x" * 600)
    expect(page.get_by_label("Injury 1 description")).to_have_value("x" * 600)  # not silently cut
    send(page, None)
    severity = page.get_by_label("Injury 1 severity")
    description = page.get_by_label("Injury 1 description")
    expect(severity).to_have_attribute("aria-invalid", "true")
    expect(severity).to_have_accessible_description(re.compile("[Ss]everity"))
    expect(description).to_have_accessible_description(re.compile("500 characters"))
    assert _gap_px(page, severity, re.compile("[Ss]everity: please")) < 80
    assert 3 not in onboarding_row(engine, email).completed_steps


def test_a_refused_yes_no_question_marks_its_chips(page: Page):
    sign_up(page)
    complete_through(page, 2)
    send(page, None)
    first_question = page.get_by_role("group", name=re.compile("heart condition", re.I)).first
    expect(first_question.get_by_label("No", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(first_question.get_by_label("No", exact=True)).to_have_accessible_description(
        re.compile("please answer", re.I))


def test_sleep_and_water_out_of_range_get_the_coachs_message_and_the_water_suggestion_is_35_ml_per_kg(page: Page):
    sign_up(page)
    complete_through(page, 8)
    page.get_by_role("group", name="Energy").get_by_label("Medium", exact=True).check()
    page.get_by_role("group", name="Stress").get_by_label("Low", exact=True).check()
    page.get_by_role("group", name="Sleep quality").get_by_label("Good", exact=True).check()
    page.get_by_label("Hours slept last night (optional)").fill("25")
    send(page, None)
    expect(page.get_by_label("Hours slept last night (optional)")).to_have_accessible_description(re.compile("24"))
    page.get_by_label("Hours slept last night (optional)").fill("7.5")
    send(page, 10)
    water = page.get_by_label("Daily water target (ml)")
    expect(water).to_have_value("2188")  # 62.5 kg × 35 ml
    water.fill("100")
    send(page, None)
    expect(water).to_have_accessible_description(re.compile("500"))
    water.fill("2188")
    send(page, None)
    expect(page.get_by_role("heading", name="Review your plan")).to_be_visible()


def test_the_rationale_of_a_plan_with_five_workout_days_reads_plainly(page: Page, engine: Engine):
    email = sign_up(page)
    complete_through(page, 4)
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        page.get_by_label(day).check()
    page.get_by_label("Preferred time").fill("18:00")
    page.get_by_label("Duration (minutes)").fill("45")
    send(page, 6)
    page.get_by_role("group", name="Diet").get_by_label("Omnivore", exact=True).check()
    send(page, 7)
    page.get_by_text("How I worked this out").click()
    rationale = page.get_by_text(re.compile("Activity factor"))
    expect(rationale).to_contain_text("= 1.65")
    assert not re.search(r"\d\.\d{6,}", rationale.inner_text())
    accept_meal_plan(page)
    stored = onboarding_row(engine, email).step_data["step_7"]["plan_rationale"]
    assert "= 1.65" in stored and not re.search(r"\d\.\d{6,}", stored)


def _look_at_the_screen(page: Page, step: int, problems: list[str]) -> None:
    """At each question: progress and question in view, nothing sideways, big enough targets, axe clean."""
    expect_step(page, step) if step else expect(page.get_by_text("Welcome", exact=True)).to_be_visible()
    question = current_question(page, step)
    expect(question).to_be_in_viewport()
    wait_until_below_header(page, question)
    expect(page.get_by_role("progressbar", name="Onboarding progress")).to_be_in_viewport()
    expect(page.get_by_text(re.compile(r"(About \d+ minutes? left|Less than a minute left)"))).to_be_in_viewport()
    problems.extend(screen_problems(page, f"step {step}"))


def test_walkthrough_every_step_keeps_progress_and_question_in_view_with_big_targets_and_no_axe_findings(page: Page):
    problems: list[str] = []
    sign_up(page)
    complete_through(page, 10, each=lambda p, step: _look_at_the_screen(p, step, problems))
    expect(page.get_by_role("heading", name="Review your plan")).to_be_visible()
    problems.extend(f"review: {v}" for v in serious_violations(page))
    problems.extend(f"review: small target {c}" for c in small_controls(page))
    page.get_by_role("button", name="Confirm and lock").click()
    expect(page.get_by_role("heading", name="Your plan is locked")).to_be_visible()
    problems.extend(f"locked profile: {v}" for v in serious_violations(page))
    assert problems == []


def test_an_empty_change_reason_marks_the_reason_and_replaces_the_saved_toast(page: Page):
    from tests.e2e.steps import confirmed_user
    from tests.e2e.test_profile_changes import adjust_meal_plan, open_meal_plan_change

    confirmed_user(page)
    open_meal_plan_change(page)
    adjust_meal_plan(page)
    page.get_by_label("Why are you changing this? (required)").fill("My dietitian set these numbers")
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_text(re.compile("Saved: your plan is now version 2"))).to_be_visible()
    # Straight on to another change, in the same page (the toast is still showing).
    page.get_by_role("link", name="← Back to your plan").click()
    expect(page.get_by_role("heading", name="Your plan is locked")).to_be_visible()
    open_meal_plan_change(page)
    adjust_meal_plan(page)
    page.get_by_label("Fat (g)").fill("66")
    page.get_by_label("Carbs (g)").fill("201")
    page.get_by_role("button", name="Save change").click()
    reason_field = page.get_by_label("Why are you changing this? (required)")
    expect(reason_field).to_have_attribute("aria-invalid", "true")
    expect(reason_field).to_have_accessible_description("Please say why you are changing your plan.")
    expect(page.get_by_text(re.compile("Saved: your plan is now"))).to_have_count(0)
