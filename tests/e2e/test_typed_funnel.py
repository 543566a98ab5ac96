"""An admin sees on the funnel, per step, how many answers began as typed text (issue 18, item 5)."""

from __future__ import annotations

from playwright.sync_api import Browser, Locator, Page, expect

from fitapp.domain import STEPS
from tests.e2e.screen import screen_problems
from tests.e2e.steps import answer_experience, send, sign_up
from tests.e2e.test_admin import make_admin
from tests.e2e.test_typed_answers import BORN_TEXT, type_answer, understood

TYPED_HEADER = "Began as typed (% of answered)"


def per_step_table(page: Page) -> Locator:
    return page.get_by_role("table", name="Per step", exact=True)


def answered_and_typed(page: Page, step: int) -> tuple[int, str]:
    """The step's row of the per-step table: its "Answered" number and its "Began as typed" cell, by header."""
    table = per_step_table(page)
    expect(table).to_contain_text(f"{step} {STEPS[step].title}")
    headers = table.get_by_role("columnheader").all_inner_texts()
    row = table.get_by_role("row").filter(has_text=f"{step} {STEPS[step].title}")
    cells = row.get_by_role("cell").all_inner_texts()
    return int(cells[headers.index("Answered")]), cells[headers.index(TYPED_HEADER)]


def typed_count(cell: str) -> int:
    return int(cell.split(" ", 1)[0])


def open_funnel(page: Page) -> None:
    page.goto("/admin/analytics")
    expect(page.get_by_role("heading", name="Funnel analytics")).to_be_visible()


def test_a_typed_answer_and_a_form_answer_show_up_on_the_funnel_as_typed_and_not(
        browser: Browser, base_url: str, database_url: str, viewport: dict):
    admin_page = browser.new_context(base_url=base_url, viewport=viewport).new_page()
    make_admin(database_url, sign_up(admin_page))
    open_funnel(admin_page)
    # The funnel counts everyone who started in the last 30 days (other tests' users too): read it first.
    answered_0, typed_0 = answered_and_typed(admin_page, 0)
    answered_1, typed_1 = answered_and_typed(admin_page, 1)

    member = browser.new_context(base_url=base_url, viewport=viewport).new_page()
    sign_up(member)
    type_answer(member, f"I agree; I'm a woman, 5'6\", 150 lbs, born {BORN_TEXT}")
    expect(understood(member)).to_contain_text("Female")
    member.get_by_label("Weight (lb)").fill("151")  # changed after typing: it still began as typed
    send(member, 1)
    answer_experience(member)  # the plain form

    open_funnel(admin_page)
    answered, typed = answered_and_typed(admin_page, 0)
    assert answered == answered_0 + 1
    expected = typed_count(typed_0) + 1
    assert typed == f"{expected} ({expected / answered * 100:.1f} %)"

    answered, typed = answered_and_typed(admin_page, 1)
    assert answered == answered_1 + 1
    expected = typed_count(typed_1)
    assert typed == f"{expected} ({expected / answered * 100:.1f} %)"

    # Readable on a phone too: the column scrolls into view in its table's box, the page never sideways.
    header = per_step_table(admin_page).get_by_role("columnheader", name=TYPED_HEADER)
    header.scroll_into_view_if_needed()
    expect(header).to_be_in_viewport()
    assert screen_problems(admin_page, "funnel with typed answers") == []
    admin_page.context.close()
    member.context.close()
