"""Does a rush of sign-ins slow down everyone else on the same backend worker?

Hashing or checking a password (Argon2) takes about 0.1 s of CPU. Run on the worker's event
loop, it would stall every other user's events behind it; the sign-in handlers run it in a
thread instead. This benchmark runs one backend worker, so that every browser tab shares one
event loop, and prints p50/p95/p99 of a trivial round trip (the floor page's Ping, timed in
the page) first on its own and then while other tabs sign in over and over, in the same run:

    . scripts/env.sh && python benchmarks/bench_sign_in_rush.py [--rounds 200] [--tabs 2]

Uses TEST_DATABASE_URL / TEST_REDIS_URL when set (else starts pgserver / redis-server).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.async_api import async_playwright  # noqa: E402

from benchmarks.bench_conversation import CLICK_AND_WAIT, LAUNCH_ARGS, percentiles, running_app  # noqa: E402
from tests.e2e.conftest import CHROMIUM  # noqa: E402

PASSWORD = "correct-horse-battery-staple"
CLICK = CLICK_AND_WAIT.replace("([element, check])", "(element, check)")


def create_accounts(url: str, count: int) -> list[str]:
    """Through the real sign-up service, against the benchmark's database."""
    from fitapp.core import config, db
    from fitapp.services import auth

    os.environ["DATABASE_URL"] = url
    for cached in (config.get_settings, db.database_url, db.get_engine):
        cached.cache_clear()

    emails = [f"rush-{n}@example.com" for n in range(count)]
    for email in emails:
        auth.sign_up(email, PASSWORD)
    return emails


async def pings(page, rounds: int, start: int) -> list[float]:
    button = page.get_by_role("button", name="Ping")
    samples = []
    for i in range(start + 1, start + rounds + 1):
        check = f"[...document.querySelectorAll('p')].some(p => p.textContent === 'Pings: {i}')"
        handle = await button.element_handle()
        samples.append(await handle.evaluate(CLICK, check))
    return samples


async def keep_signing_in(page, email: str, stop: asyncio.Event) -> int:
    signed_in = 0
    while not stop.is_set():
        await page.goto("/signin")
        await page.get_by_label("Email").fill(email)
        await page.get_by_label("Password").fill(PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url("**/onboarding")
        signed_in += 1
        await page.evaluate("localStorage.clear()")
    return signed_in


async def run(server_url: str, emails: list[str], rounds: int, warmup: int) -> tuple[list[float], list[float], int]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        floor_page = await (await browser.new_context(base_url=server_url)).new_page()
        await floor_page.goto("/bench-floor")
        await pings(floor_page, warmup, 0)
        alone = await pings(floor_page, rounds, warmup)

        stop = asyncio.Event()
        tabs = [await (await browser.new_context(base_url=server_url)).new_page() for _ in emails]
        rush = [asyncio.create_task(keep_signing_in(tab, email, stop)) for tab, email in zip(tabs, emails)]
        await asyncio.sleep(2)  # the rush under way
        during = await pings(floor_page, rounds, warmup + rounds)
        stop.set()
        sign_ins = sum(await asyncio.gather(*rush))
        await browser.close()
    return alone, during, sign_ins


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--tabs", type=int, default=2, help="tabs signing in over and over")
    args = parser.parse_args()

    with running_app(workers=1) as (server, url):
        emails = create_accounts(url, args.tabs)
        alone, during, sign_ins = asyncio.run(run(server.url, emails, args.rounds, args.warmup))

    a, d = percentiles(alone), percentiles(during)
    print(f"one backend worker, {os.cpu_count()} cores, {args.rounds} pings each, timed in the page; "
          f"{sign_ins} sign-ins by {args.tabs} tabs during the second series")
    print(f"{'':34}{'p50':>9}{'p95':>9}{'p99':>9}{'mean':>9}  (ms)")
    print(f"{'ping alone':34}" + "".join(f"{a[k]:9.1f}" for k in ("p50", "p95", "p99", "mean")))
    print(f"{'ping during a sign-in rush':34}" + "".join(f"{d[k]:9.1f}" for k in ("p50", "p95", "p99", "mean")))
    print(f"{'ratio rush / alone':34}" + "".join(f"{d[k] / a[k]:9.2f}" for k in ("p50", "p95", "p99", "mean")))


if __name__ == "__main__":
    main()
