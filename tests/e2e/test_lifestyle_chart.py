"""A member records lifestyle check-ins on the profile page and sees them in its chart and table (issue 15, item 4)."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import Engine, text

from tests.e2e.screen import screen_problems
from tests.e2e.steps import choose, confirmed_user

TABLE = "Your check-ins, last 14 days"


def save_check_in(page: Page, energy: str, stress: str, sleep: str, hours: str) -> None:
    form = page.get_by_role("form", name="Add a check-in")
    if energy:
        choose(form, "Energy", energy)
    if stress:
        choose(form, "Stress", stress)
    if sleep:
        choose(form, "Sleep quality", sleep)
    form.get_by_label("Hours slept last night (optional)").fill(hours)
    form.get_by_role("button", name="Save check-in").click()


def test_a_member_records_check_ins_and_sees_them_on_the_chart(page: Page, engine: Engine):
    email = confirmed_user(page)
    expect(page.get_by_role("heading", name="Energy, stress and sleep")).to_be_visible()
    # The onboarding's answers (medium, low, good, 7.5 h) are the first check-in.
    table = page.get_by_role("table", name=TABLE)
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table).to_contain_text("Medium")
    expect(page.get_by_role("figure", name="1 check-in in the last 14 days: too few to show a trend yet.")
           ).to_be_visible()

    # Refused by the check-in's rules: every problem said, nothing stored.
    save_check_in(page, "", "", "", "30")
    refused = page.get_by_role("alert")
    expect(refused).to_contain_text("Energy: please answer this.")
    expect(refused).to_contain_text("between 0 and 24 hours")
    expect(table.get_by_role("row")).to_have_count(2)

    save_check_in(page, "High", "Low", "Poor", "9")
    expect(page.get_by_role("status").filter(has_text="Check-in saved")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(3)
    newest = table.get_by_role("row").nth(1)
    for value in ("High", "Low", "Poor", "9 h"):
        expect(newest).to_contain_text(value)
    # Medium -> high energy, low stress throughout, good -> poor sleep, 7.5 h -> 9 h.
    chart = page.get_by_role("figure", name="Over the last 14 days (2 check-ins): energy improving, stress stable, "
                                            "sleep quality deteriorating, hours slept improving.")
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("Hours slept")  # the chart's legend
    assert screen_problems(page, "profile with check-ins") == []

    # Check-ins older than 14 days leave the chart; a sentence takes its place.
    with engine.begin() as db:
        db.execute(text("UPDATE lifestyle_baselines SET recorded_at = recorded_at - interval '20 days' "
                        "WHERE user_id = (SELECT id FROM users WHERE email = :email)"), {"email": email})
    page.reload()
    expect(page.get_by_text("No check-ins in the last 14 days yet")).to_be_visible()
    expect(page.get_by_role("table", name=TABLE)).to_have_count(0)
    assert screen_problems(page, "profile without check-ins") == []
