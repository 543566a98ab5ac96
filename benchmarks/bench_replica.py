"""Reads split between the primary and a streaming replica, against primary-only, in one run.

Starts a private primary, a hot standby of it (`pg_basebackup -R`) and a private Redis (never
the machine's servers), makes users through the real services, then runs the same mixed
workload in interleaved rounds, alternately with the replica switched off (the floor:
everything on the primary, as without DATABASE_REPLICA_URL) and on:

* reads of random users: the AI context (one statement), the version history, the recent
  check-ins (a read-only unit of several statements);
* every ``--write-every``-th operation a check-in (a write) followed by the same user's
  context read (read-your-writes: that read must go to the primary);
* every 10th operation the admin's incomplete list (lag-tolerant).

Prints p50/p95/p99 per operation and the ratio with the replica to without, the split of
reads the app counted (fitapp_db_reads_total), and, independently of the app, the
transactions each server committed (pg_stat_database.xact_commit). On one 2-core machine
the replica adds no capacity: the figure to read is the share of reads taken off the
primary and what the routing costs per read. Usage:

    . scripts/env.sh && python benchmarks/bench_replica.py [--users 120] [--rounds 6] [--ops 150]
"""

from __future__ import annotations

import argparse
import random
import signal
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99)}


def commits(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--ops", type=int, default=150, help="operations per round")
    parser.add_argument("--write-every", type=int, default=10)
    args = parser.parse_args()

    from fitapp.core.migrations import upgrade_to_head
    from tests.support.private_servers import PrivatePostgres, PrivateRedis, point_the_app_at

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stopped run still stops its servers
    primary, redis_server = PrivatePostgres(), PrivateRedis()
    standby = None
    try:
        primary.start()
        upgrade_to_head(primary.url)
        standby = PrivatePostgres.standby_of(primary)
        point_the_app_at({"DATABASE_URL": primary.url, "DATABASE_REPLICA_URL": standby.url,
                          "REDIS_URL": redis_server.url, "SIGN_UPS_PER_IP": "100000"})
        run(args, primary, standby)
    finally:
        if standby is not None:
            standby.destroy()
        primary.destroy()
        redis_server.stop()


def run(args, primary, standby) -> None:
    from fitapp.core import replica
    from fitapp.core.metrics import get_metrics
    from fitapp.services import admin, lifestyle, profile_views
    from fitapp.services.admin import IncompleteFilter
    from tests.support.factories import random_email, sign_up_new_user
    from tests.support.onboarding import confirmed_user

    print(f"making {args.users} users through the services ...", flush=True)
    users = [confirmed_user()[0] for _ in range(args.users)]
    email = random_email("admin")
    admin_id = sign_up_new_user(email).user.user_id
    admin.grant_admin(email)
    check_in = {"energy_level": "high", "stress_level": "low", "sleep_quality": "good", "sleep_hours_last_night": 7.5}

    engine = replica.get_replica_engine()
    switched_off = lambda: None  # noqa: E731 - the floor: no replica configured
    samples: dict[tuple[str, str], list[float]] = defaultdict(list)
    split: dict[str, dict[str, int]] = {}
    rng = random.Random(7)

    def timed(mode: str, name: str, call) -> None:
        started = time.perf_counter()
        call()
        if round_number >= 0:
            samples[(name, mode)].append((time.perf_counter() - started) * 1000)

    standby_before = commits(standby.url)
    for round_number in range(-2, args.rounds * 2):  # two warm-up rounds first (fill both pools), not counted
        mode = "with replica" if round_number % 2 else "primary only"
        replica.get_replica_engine = (lambda: engine) if mode == "with replica" else switched_off
        get_metrics().reset()
        for op in range(args.ops):
            user_id = rng.choice(users)
            if op % args.write_every == 0:
                timed(mode, "check-in (write)", lambda: lifestyle.record_check_in(user_id, check_in))
                timed(mode, "context right after own write", lambda: profile_views.context(user_id))
            elif op % 10 == 5:
                timed(mode, "admin incomplete list", lambda: admin.list_incomplete(admin_id, IncompleteFilter()))
            else:
                read = rng.choice(("context", "history", "recent check-ins"))
                call = {"context": lambda: profile_views.context(user_id),
                        "history": lambda: profile_views.history(user_id),
                        "recent check-ins": lambda: lifestyle.recent_check_ins(user_id, 30)}[read]
                timed(mode, read, call)
        if round_number == -1:
            standby_before = commits(standby.url)
        if round_number < 0:
            continue
        counters = get_metrics().figures().counters
        for server in ("replica", "primary"):
            split.setdefault(mode, defaultdict(int))[server] += counters.get(f"db_reads_{server}", 0)

    names = sorted({name for name, _ in samples})
    print(f"\n{args.rounds} interleaved rounds of {args.ops} operations per mode, {args.users} users\n")
    print(f"{'operation':32} {'primary only p50/p95/p99 ms':>30} {'with replica p50/p95/p99 ms':>30} "
          f"{'ratio p50/p95':>14}")
    for name in names:
        floor, routed = percentiles(samples[(name, "primary only")]), percentiles(samples[(name, "with replica")])
        print(f"{name:32} {floor['p50']:8.2f} {floor['p95']:8.2f} {floor['p99']:8.2f}      "
              f"{routed['p50']:8.2f} {routed['p95']:8.2f} {routed['p99']:8.2f}      "
              f"{routed['p50'] / floor['p50']:5.2f}× {routed['p95'] / floor['p95']:5.2f}×")
    reads = split["with replica"]
    total = reads["replica"] + reads["primary"]
    print(f"\nreads the app routed (with replica): {reads['replica']} to the replica, {reads['primary']} to the "
          f"primary ({100 * reads['replica'] / max(total, 1):.0f} % off the primary)")
    # The standby's own count, independent of the app's: its backends report at most once a second
    # and an idle one after 10 s, so look until the figure grows only by the looks themselves
    # (each look is one transaction).
    engine.dispose()  # the pool's backends exit and report what they still held
    seen = [commits(standby.url)]
    while len(seen) < 20 and not (len(seen) >= 3 and seen[-1] - seen[-2] == seen[-2] - seen[-3] <= 2):
        time.sleep(1.5)
        seen.append(commits(standby.url))
    per_look = seen[-1] - seen[-2]
    print(f"transactions the standby committed in the counted rounds (its pg_stat_database, less its "
          f"{len(seen)} looks): {seen[-1] - standby_before - per_look * len(seen)} (a read is one, plus the pool's "
          f"checkout ping for a connection idle over DB_PING_SKIP_MS)")


if __name__ == "__main__":
    main()
