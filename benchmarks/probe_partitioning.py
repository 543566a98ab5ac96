"""Would monthly partitions of onboarding_step_events help now that the funnel reads aggregates? (issue 15 item 6)

Copies the events into a table partitioned by month of occurred_at (same index on
(user_id, occurred_at) per partition), then times, interleaved against the real table:
- refresh: what `funnel_refresh` reads, every event of a batch of users (by user_id);
- purge: deleting one user's events (the seed's only retention: erased users after 90 days);
- month: counting one month's rejected events (what a time-range scan would prune to).
Drops the copy at the end. Run on a scratch database filled by `synthetic`:

    . scripts/env.sh && DATABASE_URL=postgresql://postgres@127.0.0.1:5432/fitapp_scale_funnel \\
        python benchmarks/probe_partitioning.py [--rounds 20] [--batch 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import psycopg

COPY = "bench_events_by_month"


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return statistics.median(ordered), pick(0.95), pick(0.99)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--batch", type=int, default=2000, help="users per refresh read")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET statement_timeout = 0")
        first, last = conn.execute("SELECT date_trunc('month', min(occurred_at)), date_trunc('month', max(occurred_at)) "
                                   "FROM onboarding_step_events").fetchone()
        conn.execute(f"CREATE TABLE {COPY} (LIKE onboarding_step_events) PARTITION BY RANGE (occurred_at)")
        months = conn.execute("SELECT m, m + interval '1 month' FROM generate_series(%s::timestamptz, %s::timestamptz, "
                              "interval '1 month') m", (first, last)).fetchall()
        try:
            for i, (lo, hi) in enumerate(months):
                conn.execute(f"CREATE TABLE {COPY}_{i} PARTITION OF {COPY} FOR VALUES FROM ('{lo.isoformat()}') "
                             f"TO ('{hi.isoformat()}')")
            conn.execute(f"INSERT INTO {COPY} SELECT * FROM onboarding_step_events")
            conn.execute(f"CREATE INDEX ON {COPY} (user_id, occurred_at)")
            conn.execute(f"ANALYZE {COPY}")
            users = [r[0] for r in conn.execute("SELECT user_id FROM onboarding_states ORDER BY random() LIMIT %s",
                                                (args.batch * args.rounds + args.rounds,))]
            month_lo, month_hi = months[len(months) // 2]
            times: dict[str, list[list[float]]] = {k: [[], []] for k in ("refresh", "purge", "month")}
            for r in range(args.rounds):
                batch = users[r * args.batch:(r + 1) * args.batch]
                victim = users[-1 - r]
                for side, table in enumerate(("onboarding_step_events", COPY)):
                    began = time.perf_counter()
                    conn.execute(f"SELECT count(*), max(occurred_at) FROM {table} WHERE user_id = ANY(%s)", (batch,))
                    times["refresh"][side].append((time.perf_counter() - began) * 1000)
                    with conn.transaction():
                        began = time.perf_counter()
                        conn.execute(f"DELETE FROM {table} WHERE user_id = %s", (victim,))
                        times["purge"][side].append((time.perf_counter() - began) * 1000)
                        raise psycopg.Rollback()
                for side, table in enumerate(("onboarding_step_events", COPY)):
                    began = time.perf_counter()
                    conn.execute(f"SELECT count(*) FROM {table} WHERE event = 'rejected' AND occurred_at >= %s "
                                 "AND occurred_at < %s", (month_lo, month_hi))
                    times["month"][side].append((time.perf_counter() - began) * 1000)
        finally:
            conn.execute(f"DROP TABLE IF EXISTS {COPY}")
    print(f"{len(months)} monthly partitions, {args.rounds} rounds, interleaved; refresh = {args.batch} users' events")
    print(f"{'access':<10} {'one table p50/p95/p99 ms':>28} {'by month p50/p95/p99 ms':>28} {'ratio p50':>10}")
    for name, (plain, parted) in times.items():
        a, b = percentiles(plain), percentiles(parted)
        print(f"{name:<10} {a[0]:9.2f} {a[1]:8.2f} {a[2]:8.2f}   {b[0]:9.2f} {b[1]:8.2f} {b[2]:8.2f}   "
              f"{b[0] / a[0]:8.2f}x")


if __name__ == "__main__":
    main()
