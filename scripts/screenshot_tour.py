"""Screenshots of every screen at 390 px and 1280 px, for a person to look at before a UI change ships.

    . scripts/env.sh && python scripts/screenshot_tour.py [--out screenshots/]

Starts the production build on a fresh database (TEST_DATABASE_URL / TEST_REDIS_URL when set),
walks a new user through the onboarding (one viewport-sized and one full-page shot per step,
plus one refused answer), the profile, a change, the history, and the admin pages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from benchmarks.bench_conversation import LAUNCH_ARGS, running_app  # noqa: E402
from tests.e2e.conftest import CHROMIUM, DESKTOP, PHONE  # noqa: E402
from tests.e2e.steps import complete_through, send, sign_out, sign_up  # noqa: E402
from tests.e2e.test_admin import make_admin  # noqa: E402
from tests.e2e.test_profile_changes import adjust_meal_plan  # noqa: E402


def shoot(page: Page, out: Path, name: str) -> None:
    page.screenshot(path=out / f"{name}.png")
    page.screenshot(path=out / f"{name}-full.png", full_page=True)


def tour(page: Page, out: Path, database_url: str) -> None:
    page.goto("/")
    shoot(page, out, "00-home")
    page.goto("/signup")
    shoot(page, out, "01-sign-up")
    sign_up(page)
    page.get_by_label("Height (cm)").fill("260")
    send(page, None)
    expect(page.get_by_role("alert")).to_be_visible()
    shoot(page, out, "02-step-0-refused")
    page.reload()
    complete_through(page, 10, each=lambda p, step: shoot(p, out, f"03-step-{step:02d}"))
    shoot(page, out, "04-review")
    page.get_by_role("button", name="Confirm and lock").click()
    expect(page.get_by_role("heading", name="Your plan is locked")).to_be_visible()
    shoot(page, out, "05-profile")
    page.get_by_role("link", name="Request a change").click()
    page.get_by_role("button", name="Meal plan", exact=True).click()
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_role("alert")).to_be_visible()
    shoot(page, out, "06-change-refused")
    adjust_meal_plan(page)
    page.get_by_label("Why are you changing this? (required)").fill("My dietitian set these numbers")
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_role("heading", name="Your plan's history")).to_be_visible()
    page.get_by_role("button", name="View version 2").click()
    shoot(page, out, "07-history")
    sign_out(page)
    admin = sign_up(page)
    make_admin(database_url, admin)
    for path, name in (("/admin", "08-admin-list"), ("/admin/analytics", "09-admin-analytics"),
                       ("/admin/system", "10-admin-system")):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        shoot(page, out, name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args()
    with running_app() as (server, database_url), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            out = args.out / label
            out.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(base_url=server.url, viewport=viewport)
            tour(context.new_page(), out, database_url)
            context.close()
        browser.close()
    print(f"screenshots in {args.out.resolve()}")


if __name__ == "__main__":
    main()
