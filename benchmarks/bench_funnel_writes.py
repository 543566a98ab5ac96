"""What keeping the funnel's aggregates costs the answers, and why a job rather than the answer's transaction.

Concurrent writers (threads, one connection each, each its own users) run an answer's writes:
INSERT a step event, UPDATE the user's onboarding_states row, COMMIT. Three variants,
interleaved phase by phase in one run:
- floor: the same statements with `session_replication_role = replica` (no trigger fires: not
  migration 014's marks, and not the foreign-key checks either, so this floor is a little low);
- marks (what ships): the statement triggers add the user to `funnel_pending_users` (a row of
  their own); `funnel_refresh` folds them in later;
- same transaction: the marks plus what keeping the aggregates in the answer's transaction needs
  at the least, one UPDATE of the day's row for the step (today, this flow, this step): every
  answer of every user updates that one row and holds its lock until it commits.

    . scripts/env.sh && DATABASE_URL=postgresql://postgres@127.0.0.1:5432/fitapp_scale_funnel \\
        python benchmarks/bench_funnel_writes.py [--writers 8] [--seconds 4] [--phases 3]

It writes to that database: events for synthetic users (deleted at the end, then refreshed
away) and a scratch table `bench_funnel_hot_row` (dropped at the end).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

VARIANTS = ("floor", "marks", "same transaction")
EVENT = ("INSERT INTO onboarding_step_events (user_id, step, event, flow_version, occurred_at, details) "
         "VALUES (%s, 3, 'answered', '1.0', now(), '{\"bench_funnel_writes\": true}')")
STATE = "UPDATE onboarding_states SET last_activity_at = now() WHERE user_id = %s"
HOT_ROW = "UPDATE bench_funnel_hot_row SET answered = answered + 1 WHERE step = 3"


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return statistics.median(ordered), pick(0.95), pick(0.99)


def writer(url: str, users: list, variant: str, stop: float, out: list[float]) -> None:
    with psycopg.connect(url) as conn:
        if variant == "floor":
            conn.execute("SET session_replication_role = replica")
            conn.commit()
        i = 0
        while time.monotonic() < stop:
            user = users[i % len(users)]
            i += 1
            began = time.perf_counter()
            conn.execute(EVENT, (user,))
            conn.execute(STATE, (user,))
            if variant == "same transaction":
                conn.execute(HOT_ROW)
            conn.commit()
            out.append((time.perf_counter() - began) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=4.0, help="per phase")
    parser.add_argument("--phases", type=int, default=3, help="rounds of the three variants")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as admin:
        users = [r[0] for r in admin.execute(
            "SELECT user_id FROM onboarding_states ORDER BY user_id LIMIT %s", (args.writers * 50,))]
        admin.execute("CREATE TABLE bench_funnel_hot_row (step int PRIMARY KEY, answered bigint NOT NULL)")
        admin.execute("INSERT INTO bench_funnel_hot_row VALUES (3, 0)")
    samples: dict[str, list[float]] = {v: [] for v in VARIANTS}
    seconds: dict[str, float] = {v: 0.0 for v in VARIANTS}
    try:
        for _ in range(args.phases):
            for variant in VARIANTS:
                stop = time.monotonic() + args.seconds
                threads = [threading.Thread(target=writer, args=(
                    url, users[w::args.writers], variant, stop, samples[variant])) for w in range(args.writers)]
                began = time.monotonic()
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                seconds[variant] += time.monotonic() - began
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("DROP TABLE bench_funnel_hot_row")
            admin.execute("DELETE FROM onboarding_step_events WHERE details ? 'bench_funnel_writes'")
            while admin.execute("SELECT funnel_refresh(20000)").fetchone()[0]:
                pass
    floor_p = percentiles(samples["floor"])
    print(f"{args.writers} concurrent writers, {args.phases} x {args.seconds:.0f} s per variant, interleaved; "
          f"an answer's writes: event + state (+ hot row)")
    print(f"{'variant':<18} {'answers/s':>10} {'p50/p95/p99 ms':>24} {'ratio to floor p50/p95':>24}")
    for variant in VARIANTS:
        p50, p95, p99 = percentiles(samples[variant])
        rate = len(samples[variant]) / seconds[variant]
        print(f"{variant:<18} {rate:10.0f} {p50:8.2f} {p95:7.2f} {p99:7.2f} "
              f"{p50 / floor_p[0]:11.2f}x {p95 / floor_p[1]:6.2f}x")


if __name__ == "__main__":
    main()
