"""Answer -> next coach question round trips in Chromium against the production build.

Prints p50/p95/p99 of (a) saving an onboarding answer (validated, one transaction) until the
next coach screen is shown and (b) the floor: a handler that stores nothing, measured in the
same run, same server, same browser. Usage:

    . scripts/env.sh && python benchmarks/bench_conversation.py [--rounds 200] [--timing both]

Both timings run in the same process by default (see TIMINGS): in the page, which holds no
test-runner delay, and as Playwright sees it, the method behind TOOLCHAIN's floor figure.

Uses TEST_DATABASE_URL / TEST_REDIS_URL when set (else starts pgserver / redis-server).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
import statistics
import time
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from fitapp.core.migrations import upgrade_to_head  # noqa: E402
from tests.e2e.conftest import CHROMIUM  # noqa: E402
from tests.e2e.steps import complete_through, sign_up  # noqa: E402
from tests.support.app_server import AppServer  # noqa: E402
from tests.support.servers import PostgresServer, RedisServer  # noqa: E402

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99), "mean": statistics.fmean(ordered)}


# Clicks the element and resolves when the DOM shows the expected result, timed in the page
# itself (a MutationObserver), so the figures hold no test-runner polling delay.
CLICK_AND_WAIT = """([element, check]) => new Promise((resolve, reject) => {
    const done = new Function('return (' + check + ')');
    const start = performance.now();
    const observer = new MutationObserver(() => {
        if (done()) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
    setTimeout(() => { observer.disconnect(); reject(new Error('no result after 10 s: ' + document.body.innerText.slice(-400))); }, 10000);
    element.click();
})"""


TARGET_RATIO = 1.5
TIMINGS = {
    "in-page": "a MutationObserver in the page, from the click until the DOM shows the result",
    "playwright": "as a test sees it: Playwright's click, then polling the page every animation frame",
}


def timed_click(locator, check: str, timing: str) -> float:
    if timing == "playwright":
        # As a test would see it: Playwright's click, then its polling wait for the result.
        start = time.perf_counter()
        locator.click()
        locator.page.wait_for_function(check, polling="raf")
        return (time.perf_counter() - start) * 1000
    return locator.element_handle().evaluate(CLICK_AND_WAIT.replace("([element, check])", "(element, check)"), check)


@contextmanager
def running_app(workers: int = 2) -> Iterator[tuple[AppServer, str]]:
    """The production build with the floor page, on a fresh migrated database and Redis: (server, database url)."""
    os.environ["FITAPP_BENCHMARK_PAGE"] = "1"
    scratch = Path(tempfile.mkdtemp(prefix="fitapp-bench-"))
    postgres = PostgresServer.from_environment(scratch)
    redis = RedisServer()
    url = postgres.create_database("fitapp_bench")
    upgrade_to_head(url)
    server = AppServer(url, redis.url, Path(os.environ.get("BENCH_LOG", scratch / "reflex.log")), workers=workers)
    try:
        server.start()
        yield server, url
    finally:
        server.stop()
        postgres.drop_database(url)
        redis.stop()


class Floor:
    """The floor page in its own tab: a handler that stores nothing and adds one to a counter."""

    def __init__(self, browser, base_url: str) -> None:
        # Its own browser context (a window of its own), not a second tab: Chromium throttles the
        # animation frames of a background tab, which stalled the member tab's rounds by seconds.
        self.page = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}).new_page()
        self.page.goto("/bench-floor")
        self.button = self.page.get_by_role("button", name="Ping")
        self.counter = self.page.get_by_text("Pings:")
        self.count = 0
        expect(self.counter).to_have_text("Pings: 0")

    def round_trip(self, timing: str) -> float:
        self.count += 1
        check = f"[...document.querySelectorAll('p')].some(p => p.textContent === 'Pings: {self.count}')"
        sample = timed_click(self.button, check, timing)
        expect(self.counter).to_have_text(f"Pings: {self.count}")
        return sample


class Answers:
    """At review: edit the lifestyle answer and save it; timed from the click to the review shown again."""

    def __init__(self, page) -> None:
        self.page = page
        self.review = page.get_by_role("heading", name="Review your plan")
        self.count = 0

    def round_trip(self, timing: str) -> float:
        page = self.page
        page.get_by_role("button", name="Edit Lifestyle").click()
        energy = "High" if self.count % 2 == 0 else "Medium"
        self.count += 1
        page.get_by_role("group", name="Energy").get_by_label(energy, exact=True).check()
        save = page.get_by_role("button", name="Save change")
        check = "[...document.querySelectorAll('h2')].some(h => h.textContent === 'Review your plan' && h.checkVisibility())"
        sample = timed_click(save, check, timing)
        expect(self.review).to_be_visible()
        return sample


def measure_interleaved(floor: Floor, answers: Answers, rounds: int, timing: str) -> tuple[list[float], list[float]]:
    """One floor round trip, then one answer, ``rounds`` times: both see the same moments of a noisy machine."""
    floor_samples, answer_samples = [], []
    for _ in range(rounds):
        floor_samples.append(floor.round_trip(timing))
        answer_samples.append(answers.round_trip(timing))
    return floor_samples, answer_samples


def print_table(timing: str, floor: list[float], answers: list[float]) -> None:
    f, a = percentiles(floor), percentiles(answers)
    print(f"\ntiming {timing}: {TIMINGS[timing]}")
    print(f"{'':32}{'p50':>9}{'p95':>9}{'p99':>9}{'mean':>9}  (ms)")
    print(f"{'floor (handler stores nothing)':32}" + "".join(f"{f[k]:9.1f}" for k in ("p50", "p95", "p99", "mean")))
    print(f"{'answer -> next coach screen':32}" + "".join(f"{a[k]:9.1f}" for k in ("p50", "p95", "p99", "mean")))
    print(f"{'ratio answer / floor':32}" + "".join(f"{a[k] / f[k]:9.2f}" for k in ("p50", "p95", "p99", "mean")))
    within = all(a[k] / f[k] <= TARGET_RATIO for k in ("p50", "p95", "p99"))
    print(f"within {TARGET_RATIO}x of the floor at p50, p95 and p99: {'yes' if within else 'no'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--timing", choices=[*TIMINGS, "both"], default="both")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    timings = list(TIMINGS) if args.timing == "both" else [args.timing]

    results = {}
    with running_app(workers=args.workers) as (server, _):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
            member = context.new_page()
            sign_up(member)
            complete_through(member, 10)
            floor, answers = Floor(browser, server.url), Answers(member)
            measure_interleaved(floor, answers, args.warmup, timings[0])
            for timing in timings:
                results[timing] = measure_interleaved(floor, answers, args.rounds, timing)
            browser.close()

    print(f"round trips: {args.rounds} each, floor and answer interleaved, after {args.warmup} warm-up, "
          f"Redis state manager, {args.workers} backend workers, {os.cpu_count()} cores")
    for timing, (floor, answers) in results.items():
        print_table(timing, floor, answers)


if __name__ == "__main__":
    main()
