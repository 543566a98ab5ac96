"""Browser load: N Chromium contexts at once each sign up and answer the whole onboarding by labels.

Starts the production app with 2 workers and Redis state (bench_conversation.running_app,
127.0.0.1 only) on a fresh database, then, in one process and one browser:

  1. the floor: one user alone signs up and answers steps 0–10;
  2. N users at once, each in its own browser context, do the same;
  3. the floor again: one user alone (before and after, so both see the machine's moments).

An answer's round trip is timed as a test sees it: from Playwright's click on Send until the next
question (or the review) is visible. Prints throughput, errors by kind and p50/p95/p99 per step
for the crowd and the floor, then checks PostgreSQL: each user holds exactly the answers their
screen showed saved, each answered once (nothing lost, nothing doubled). Bounded in users and time:

    . scripts/env.sh && python benchmarks/load_browser.py [--users 10] [--max-seconds 300]

The browser runs on the same cores as the server (its CPU share is not counted separately).
Uses TEST_DATABASE_URL / TEST_REDIS_URL when set (else starts pgserver / redis-server).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.async_api import Page, async_playwright, expect  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from benchmarks.bench_conversation import LAUNCH_ARGS, percentiles, running_app  # noqa: E402
from tests.e2e.conftest import CHROMIUM  # noqa: E402
from tests.e2e.steps import BIRTH_DATE, PASSWORD  # noqa: E402

STEP_TIMEOUT_MS = 60_000  # an answer not shown after this counts as an error of its step
MAX_USERS = 30


async def _choose(page: Page, group: str, option: str) -> None:
    await page.get_by_role("group", name=group).get_by_label(option, exact=True).check()


async def _about_you(page: Page) -> None:
    await page.get_by_label("I agree that my health data is used to build my plan").check()
    await _choose(page, "Units", "Metric (kg, cm)")
    await _choose(page, "Sex (for the energy estimate)", "Female")
    await page.get_by_label("Birth date").fill(BIRTH_DATE)
    await page.get_by_label("Time zone").fill("Europe/Berlin")
    await page.get_by_label("Height (cm)").fill("168")
    await page.get_by_label("Weight (kg)").fill("62.5")


async def _experience(page: Page) -> None:
    await page.get_by_role("radio", name=re.compile("^Intermediate")).check()
    await page.get_by_role("radio", name=re.compile("^Moderately active")).check()


async def _goals(page: Page) -> None:
    await _choose(page, "Primary goal", "Fat loss")
    await page.get_by_label("Target weight (kg, optional)").fill("58")
    await page.get_by_label("Timeline (weeks, optional)").fill("12")


async def _health(page: Page) -> None:
    for group in await page.get_by_role("group").filter(has=page.get_by_label("No", exact=True)).all():
        await group.get_by_label("No", exact=True).check()


async def _equipment(page: Page) -> None:
    await _choose(page, "Where will you work out?", "At home")
    await page.get_by_label("Dumbbells").check()
    await page.get_by_label("Longest workout (minutes)").fill("60")


async def _schedule(page: Page) -> None:
    for day in ("Monday", "Wednesday", "Friday"):
        await page.get_by_label(day).check()
    await page.get_by_label("Preferred time").fill("18:00")
    await page.get_by_label("Duration (minutes)").fill("45")


async def _diet(page: Page) -> None:
    await _choose(page, "Diet", "Omnivore")


async def _meal_plan(page: Page) -> None:
    await page.get_by_label("Meals per day").fill("3")


async def _meal_times(page: Page) -> None:
    await expect(page.get_by_label("Meal 1 time")).to_have_value(re.compile(r"\d\d:\d\d"))


async def _lifestyle(page: Page) -> None:
    await _choose(page, "Energy", "Medium")
    await _choose(page, "Stress", "Low")
    await _choose(page, "Sleep quality", "Good")


async def _hydration(page: Page) -> None:
    await expect(page.get_by_label("Daily water target (ml)")).to_have_value(re.compile(r"\d+"))


FILL = [_about_you, _experience, _goals, _health, _equipment, _schedule, _diet, _meal_plan, _meal_times, _lifestyle,
        _hydration]


def _shown_after(page: Page, step: int):
    """What the screen shows once ``step``'s answer is saved: the next question, or the review."""
    if step == len(FILL) - 1:
        return page.get_by_role("heading", name="Review your plan")
    return page.get_by_text(f"Step {step + 1} of 11", exact=True)


@dataclass
class Run:
    """One phase's figures: round trips per step, errors by kind, what each user saw saved."""

    name: str
    samples: dict[int, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    errors: collections.Counter = field(default_factory=collections.Counter)
    saved: dict[str, list[int]] = field(default_factory=dict)
    wall: float = 0.0

    @property
    def answers(self) -> int:
        return sum(len(samples) for samples in self.samples.values())


async def one_user(browser, base_url: str, email: str, run: Run, deadline: float) -> None:
    context = await browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = await context.new_page()
    run.saved[email] = []
    step = "sign-up"
    try:
        await page.goto("/signup")
        await page.get_by_label("Email").fill(email)
        await page.get_by_label("Password", exact=True).fill(PASSWORD)
        await page.get_by_label("Repeat password").fill(PASSWORD)
        await page.get_by_role("button", name="Create account").click()
        await expect(page.get_by_text("takes about 4 minutes")).to_be_visible(timeout=STEP_TIMEOUT_MS)
        for step, fill in enumerate(FILL):
            if time.monotonic() > deadline:
                run.errors[("stopped", "--max-seconds reached")] += 1
                return
            await fill(page)
            started = time.perf_counter()
            await page.get_by_role("button", name="Send").click()
            await expect(_shown_after(page, step)).to_be_visible(timeout=STEP_TIMEOUT_MS)
            run.samples[step].append((time.perf_counter() - started) * 1000)
            run.saved[email].append(step)
    except Exception as error:  # noqa: BLE001 — every failure is counted by kind, the run goes on
        alert = page.get_by_role("alert")
        said = (await alert.first.inner_text())[:80] if await alert.count() else ""
        kind = type(error).__name__ + (f" (coach: {said!r})" if said else "")
        if os.environ.get("LOAD_BROWSER_DEBUG"):
            print(f"{email} step {step}: {error}\n{(await page.locator('body').inner_text())[:600]}")
        run.errors[(f"step {step}", kind)] += 1
    finally:
        await context.close()


async def phase(browser, base_url: str, name: str, users: int, deadline: float) -> Run:
    run = Run(name)
    emails = [f"browser-{name.split()[0]}-{n}-{os.getpid()}-{time.monotonic_ns()}@example.com" for n in range(users)]
    started = time.perf_counter()
    await asyncio.gather(*(one_user(browser, base_url, email, run, deadline) for email in emails))
    run.wall = time.perf_counter() - started
    return run


async def measure(base_url: str, users: int, max_seconds: float) -> list[Run]:
    deadline = time.monotonic() + max_seconds
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            await phase(browser, base_url, "warm-up", 1, deadline)  # the first pages compile and cache
            floor_before = await phase(browser, base_url, "floor (one user alone, before)", 1, deadline)
            crowd = await phase(browser, base_url, f"{users} users at once", users, deadline)
            floor_after = await phase(browser, base_url, "floor (one user alone, after)", 1, deadline)
        finally:
            await browser.close()
    return [floor_before, crowd, floor_after]


def check_database(url: str, runs: list[Run]) -> list[str]:
    """Each user holds exactly the steps their screen showed saved, each answered exactly once."""
    saved = {email: steps for run in runs for email, steps in run.saved.items()}
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT u.email, o.completed_steps, o.step_data, "
            "(SELECT count(*) FROM onboarding_step_events e WHERE e.user_id = u.id AND e.event = 'answered') AS answered "
            "FROM users u JOIN onboarding_states o ON o.user_id = u.id WHERE u.email = ANY(:emails)"),
            {"emails": list(saved)}).all()
    engine.dispose()
    found = {row.email: row for row in rows}
    problems = []
    for email, steps in saved.items():
        row = found.get(email)
        if row is None:
            if steps:
                problems.append(f"{email}: no account, yet {len(steps)} answers were shown saved")
            continue
        completed = sorted(row.completed_steps or [])
        stored = sorted(int(key.removeprefix("step_")) for key in (row.step_data or {}))
        if completed != steps or stored != steps:
            problems.append(f"{email}: screen showed {steps} saved, database completed {completed}, stored {stored}")
        if row.answered != len(completed):
            problems.append(f"{email}: {row.answered} answered events for {len(completed)} steps (doubled)")
    return problems


def report(runs: list[Run], users: int) -> None:
    floor_before, crowd, floor_after = runs
    floor = Run("floor (both)")
    for run in (floor_before, floor_after):
        for step, samples in run.samples.items():
            floor.samples[step].extend(samples)
    print(f"\n{users} Chromium users at once, 2 backend workers, Redis state; an answer timed from the click on Send "
          "until the next question shows")
    for run in runs:
        finished = sum(1 for steps in run.saved.values() if len(steps) == len(FILL))
        rate = run.answers / run.wall if run.wall else 0.0
        print(f"  {run.name}: {run.answers} answers in {run.wall:.1f} s = {rate:.2f} answers/s; "
              f"{finished} of {len(run.saved)} users finished")
    print(f"{'step':>4} {'crowd p50':>10} {'p95':>8} {'p99':>8} {'floor p50':>10} {'p95':>8} {'p99':>8} {'p95 ×':>6}")
    everything = {"crowd": [], "floor": []}
    for step in range(len(FILL)):
        crowd_figures = percentiles(crowd.samples[step]) if crowd.samples[step] else None
        floor_figures = percentiles(floor.samples[step]) if floor.samples[step] else None
        everything["crowd"] += crowd.samples[step]
        everything["floor"] += floor.samples[step]
        cells = []
        for figures in (crowd_figures, floor_figures):
            cells += [f"{figures[q]:.0f}" if figures else "-" for q in ("p50", "p95", "p99")]
        ratio = f"{crowd_figures['p95'] / floor_figures['p95']:.1f}" if crowd_figures and floor_figures else "-"
        print(f"{step:>4} {cells[0]:>10} {cells[1]:>8} {cells[2]:>8} {cells[3]:>10} {cells[4]:>8} {cells[5]:>8} {ratio:>6}")
    if everything["crowd"] and everything["floor"]:
        c, f = percentiles(everything["crowd"]), percentiles(everything["floor"])
        print(f" all {c['p50']:>10.0f} {c['p95']:>8.0f} {c['p99']:>8.0f} {f['p50']:>10.0f} {f['p95']:>8.0f} "
              f"{f['p99']:>8.0f} {c['p95'] / f['p95']:>6.1f}   (ms)")
    errors = collections.Counter()
    for run in runs:
        errors.update({(run.name, *key): count for key, count in run.errors.items()})
    print("errors: " + (", ".join(f"{name} {where}: {kind} ×{count}" for (name, where, kind), count in
                                  sorted(errors.items())) or "none"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()
    if not 1 <= args.users <= MAX_USERS:
        parser.error(f"--users must be 1–{MAX_USERS}")
    with running_app(workers=2) as (server, url):
        runs = asyncio.run(measure(server.url, args.users, args.max_seconds))
        report(runs, args.users)
        problems = check_database(url, runs)
        users = sum(len(run.saved) for run in runs)
        print(f"database check: {users} users, "
              + ("each holds exactly the answers shown saved, none doubled" if not problems
                 else f"{len(problems)} problems:\n  " + "\n  ".join(problems[:20])))


if __name__ == "__main__":
    main()
