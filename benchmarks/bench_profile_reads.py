"""Profile and AI-context reads: PostgreSQL snapshot vs the Redis profile cache, in one process.

Seed targets (section 7): get user profile < 50 ms, complete AI context < 100 ms,
load onboarding state < 30 ms. Fills a fresh database with demo users, then times random
users' reads. Usage:

    . scripts/env.sh && python benchmarks/bench_profile_reads.py [--users 2000] [--reads 500]

Uses TEST_DATABASE_URL / TEST_REDIS_URL when set (else starts pgserver / redis-server).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from tests.support.servers import PostgresServer, RedisServer  # noqa: E402


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99)}


def timed(call, user_ids, reads: int) -> list[float]:
    samples = []
    for _ in range(reads):
        user_id = random.choice(user_ids)
        start = time.perf_counter()
        call(user_id)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--reads", type=int, default=500)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="fitapp-bench-reads-"))
    postgres, redis_server = PostgresServer.from_environment(scratch), RedisServer()
    url = postgres.create_database("fitapp_bench_reads")
    os.environ.update(DATABASE_URL=url, REDIS_URL=redis_server.url)
    from fitapp.core import cache, config, db

    for cached in (config.get_settings, db.database_url, db.get_engine, cache.get_profile_cache):
        cached.cache_clear()
    try:
        from fitapp.core.db import get_engine
        from fitapp.core.migrations import upgrade_to_head
        from fitapp.services import onboarding, profile_views
        from fitapp.tools import demo_data

        upgrade_to_head(url)
        demo_data.generate(args.users, seed=11)
        with get_engine().connect() as conn:
            conn.execute(text("ANALYZE"))
            confirmed = list(conn.execute(text("SELECT user_id FROM user_profiles")).scalars())
            everyone = list(conn.execute(text("SELECT user_id FROM onboarding_states")).scalars())

        def context(user_id):
            return profile_views.agent_context(user_id, profile_views.locked_profile(user_id))

        rows = {
            "profile from PostgreSQL (snapshot)": timed(profile_views.load_locked_profile, confirmed, args.reads),
            "profile through Redis cache (warm)": None,
            "AI context through cache (warm)": None,
            "onboarding state (PostgreSQL)": timed(onboarding.load, everyone, args.reads),
        }
        for user_id in confirmed:
            profile_views.locked_profile(user_id)  # warm the cache
        rows["profile through Redis cache (warm)"] = timed(profile_views.locked_profile, confirmed, args.reads)
        rows["AI context through cache (warm)"] = timed(context, confirmed, args.reads)
    finally:
        postgres.drop_database(url)
        redis_server.stop()

    baseline = percentiles(rows["profile from PostgreSQL (snapshot)"])
    print(f"{args.users} demo users ({len(confirmed)} confirmed), {args.reads} random reads each, {os.cpu_count()} cores")
    print(f"{'':38}{'p50':>8}{'p95':>8}{'p99':>8}  (ms)   p50 vs PostgreSQL snapshot")
    for name, samples in rows.items():
        p = percentiles(samples)
        print(f"{name:38}" + "".join(f"{p[k]:8.2f}" for k in ("p50", "p95", "p99")) + f"   {p['p50'] / baseline['p50']:.2f}x")
    print("seed targets: profile < 50 ms, AI context < 100 ms, onboarding state < 30 ms")


if __name__ == "__main__":
    main()
