"""What a person sees on a screen, checked the same way on every page and step of the walkthroughs."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

from fitapp.domain import STEPS

_axe = Axe()
SERIOUS = ("serious", "critical")
# Rules axe rates "moderate" that the product holds to anyway (issue 13: heading order at home and step 7).
ALSO_HELD = ("heading-order", "target-size", "landmark-one-main", "page-has-heading-one")
MIN_TARGET_PX = 24

# Every visible control's tap target (a checkbox or radio: its label), narrower or shorter than 24 px.
_SMALL_CONTROLS_JS = """(minimum) => {
  const small = [];
  for (const el of document.querySelectorAll('input, select, textarea, button, [role="button"], [role="checkbox"]')) {
    if (el.type === 'hidden') continue;
    const target = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label') ? el.closest('label') : el;
    const box = target.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not displayed
    if (box.width < minimum || box.height < minimum) {
      small.push(`${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') || target.innerText || el.name || '').trim().slice(0, 40)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""

# The element is on screen below the sticky header (which always shows the progress).
_BELOW_HEADER_JS = """([element, header]) => {
  const box = element.getBoundingClientRect(), top = header.getBoundingClientRect().bottom;
  return box.top >= top - 1 && box.top < window.innerHeight - 24;
}"""


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings (and ALSO_HELD) on the page as it is now, one line each."""
    results = _axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(f"{n['target'][0]} {n['html'][:120]} {n.get('failureSummary', '')[:200]}" for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS or v["id"] in ALSO_HELD
    ]


def small_controls(page: Page) -> list[str]:
    return page.evaluate(_SMALL_CONTROLS_JS, MIN_TARGET_PX)


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def current_question(page: Page, step: int) -> Locator:
    """The coach's question of ``step`` (the last bubble saying it: earlier ones are in the chat)."""
    return page.get_by_text(STEPS[step].question, exact=True).last


def wait_until_below_header(page: Page, element: Locator, timeout_ms: float = 5000) -> None:
    """Wait (no sleep: polled on every animation frame) until ``element`` is in view below the sticky header."""
    page.wait_for_function(_BELOW_HEADER_JS, arg=[element.element_handle(), page.get_by_role("banner").element_handle()],
                           timeout=timeout_ms)


def screen_problems(page: Page, where: str) -> list[str]:
    """Everything the product holds every screen to, as it is now: nothing sideways, 24 px targets, axe clean."""
    problems = [f"{where}: the page scrolls sideways"] if scrolls_sideways(page) else []
    problems.extend(f"{where}: small target {control}" for control in small_controls(page))
    problems.extend(f"{where}: {violation}" for violation in serious_violations(page))
    return problems
