"""REST load: N simulated members sign up and answer steps 0–10, beside the bare floor endpoint.

Starts the production app with 2 workers (like bench_conversation.running_app, 127.0.0.1 only)
on a fresh database, then runs, interleaved in the same run and the same server:

  1. sign-up of every user at once;
  2. rounds alternating a route and its floor: each user answers some steps (POST
     /api/v1/onboarding/step), then every user calls the floor (POST /api/v1/bench/floor-step,
     the same statements by hand in one transaction, fitapp/api/routes_bench.py) as often;
  3. a sign-in of every user at once.

Prints throughput, errors by kind and p50/p95/p99 per route, the ratio of step-answer
throughput to the floor's, then checks PostgreSQL: every user has steps 0–10 stored and
completed, each answered exactly once (no answer lost, none doubled). Bounded in users and time:

    . scripts/env.sh && python benchmarks/load_api.py [--users 100] [--max-seconds 240]

The load generator runs on the same cores as the server (its CPU share is printed).
Uses TEST_DATABASE_URL / TEST_REDIS_URL when set (else starts pgserver / redis-server).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from benchmarks.bench_conversation import percentiles, running_app  # noqa: E402
from tests.unit.answers_fixture import valid_answers  # noqa: E402

PASSWORD = "correct-horse-battery-staple"
ROUNDS = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (9, 10)]  # steps answered per round, each followed by as many floor calls
TARGET_RATIO = 2.0


class Recorder:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: collections.Counter[tuple[str, str]] = collections.Counter()
        self.busy: dict[str, float] = collections.defaultdict(float)  # wall time of each route's phases

    async def call(self, client: httpx.AsyncClient, route: str, path: str, body: dict, token: str | None = None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        start = time.perf_counter()
        try:
            response = await client.post(path, json=body, headers=headers)
        except httpx.HTTPError as error:
            self.errors[(route, type(error).__name__)] += 1
            return None
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code >= 300:
            self.errors[(route, f"HTTP {response.status_code}")] += 1
            return None
        self.samples[route].append(elapsed)
        return response.json()


async def phase(recorder: Recorder, route: str, jobs) -> None:
    start = time.perf_counter()
    await asyncio.gather(*jobs)
    recorder.busy[route] += time.perf_counter() - start


async def run(base_url: str, users: int, max_seconds: float) -> tuple[Recorder, list[str], float]:
    recorder = Recorder()
    answers = valid_answers()
    emails = [f"load-{n}-{os.getpid()}@example.com" for n in range(users)]
    tokens: dict[str, str] = {}
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:
        async def sign_up(email):
            body = await recorder.call(client, "POST /auth/sign-up", "/api/v1/auth/sign-up",
                                       {"email": email, "password": PASSWORD})
            if body:
                tokens[email] = body["token"]

        await phase(recorder, "POST /auth/sign-up", [sign_up(email) for email in emails])

        async def answer(email, steps):
            for step in steps:
                if email in tokens:
                    await recorder.call(client, "POST /onboarding/step", "/api/v1/onboarding/step",
                                        {"step": step, "answer": answers[step]}, tokens[email])

        async def floor(email, steps):
            for step in steps:
                if email in tokens:
                    await recorder.call(client, "POST /bench/floor-step (floor)", "/api/v1/bench/floor-step",
                                        {"step": step}, tokens[email])

        for steps in ROUNDS:
            if time.perf_counter() - started > max_seconds:
                print(f"stopped after {max_seconds} s (--max-seconds)")
                break
            await phase(recorder, "POST /onboarding/step", [answer(email, steps) for email in emails])
            await phase(recorder, "POST /bench/floor-step (floor)", [floor(email, steps) for email in emails])

        if time.perf_counter() - started <= max_seconds:
            async def sign_in(email):
                await recorder.call(client, "POST /auth/sign-in", "/api/v1/auth/sign-in",
                                    {"email": email, "password": PASSWORD})

            await phase(recorder, "POST /auth/sign-in", [sign_in(email) for email in emails])
    return recorder, emails, time.perf_counter() - started


def check_database(url: str, emails: list[str]) -> list[str]:
    """Every user: steps 0–10 stored and completed, and exactly one 'answered' event per step."""
    problems = []
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT u.email, o.completed_steps, o.step_data, "
            "(SELECT count(*) FROM onboarding_step_events e WHERE e.user_id = u.id AND e.event = 'answered') AS answered, "
            "(SELECT count(DISTINCT e.step) FROM onboarding_step_events e WHERE e.user_id = u.id AND e.event = 'answered') AS steps "
            "FROM users u JOIN onboarding_states o ON o.user_id = u.id WHERE u.email = ANY(:emails)"), {"emails": emails}).all()
    engine.dispose()
    found = {row.email: row for row in rows}
    for email in emails:
        row = found.get(email)
        if row is None:
            problems.append(f"{email}: no account")
            continue
        stored = sorted(int(key.removeprefix("step_")) for key in row.step_data)
        if sorted(row.completed_steps) != list(range(11)) or stored != list(range(11)):
            problems.append(f"{email}: completed {row.completed_steps}, stored {stored} (lost answers)")
        if row.answered != row.steps:
            problems.append(f"{email}: {row.answered} answered events for {row.steps} steps (doubled)")
    return problems


def report(recorder: Recorder, wall: float, cpu: float, users: int) -> None:
    print(f"\n{users} users, {wall:.1f} s wall, load generator CPU {cpu:.1f} s ({100 * cpu / wall:.0f} % of one core)")
    print(f"{'route':34} {'n':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    rates = {}
    for route, samples in recorder.samples.items():
        figures = percentiles(samples)
        rates[route] = len(samples) / recorder.busy[route]
        print(f"{route:34} {len(samples):6d} {rates[route]:7.1f} {figures['p50']:8.1f} {figures['p95']:8.1f} {figures['p99']:8.1f}")
    errors = ", ".join(f"{route}: {kind} ×{count}" for (route, kind), count in sorted(recorder.errors.items())) or "none"
    print(f"errors: {errors}")
    step, floor = rates.get("POST /onboarding/step"), rates.get("POST /bench/floor-step (floor)")
    if step and floor:
        ratio = floor / step
        print(f"step answer throughput {step:.1f} req/s against the floor's {floor:.1f} req/s: floor/step ×{ratio:.2f} "
              f"(target ≤ ×{TARGET_RATIO}) {'OK' if ratio <= TARGET_RATIO else 'ABOVE TARGET'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--max-seconds", type=float, default=240)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not 1 <= args.users <= 1000:
        parser.error("--users must be 1–1000")
    os.environ["FITAPP_BENCHMARK_API"] = "1"
    with running_app(workers=args.workers) as (server, url):
        cpu_start = time.process_time()
        recorder, emails, wall = asyncio.run(run(server.url, args.users, args.max_seconds))
        report(recorder, wall, time.process_time() - cpu_start, args.users)
        problems = check_database(url, emails)
        print(f"database check: {len(emails)} users, "
              + ("no answer lost or doubled" if not problems else f"{len(problems)} problems:\n  " + "\n  ".join(problems[:20])))


if __name__ == "__main__":
    main()
