"""Member reads against their one-statement floor, interleaved round by round in one process.

Paths (issue 15, item 2): the locked profile uncached (``profile_views.load_locked_profile``),
a cache miss + fill (``profile_views.locked_profile`` after an invalidation), the AI context
uncached (``profile_views.context``), the onboarding state (``onboarding.load``), the recent
lifestyle check-ins (``lifestyle.recent_check_ins``, 30 days) and saving step 9
(``onboarding.answer_step``, the user's own stored answer sent again). Each floor is
hand-written SQL on a bare psycopg connection doing the same: ``BEGIN``, ``set_config`` of the
member role and user (what row-level security needs), the statement(s), ``COMMIT`` (plus a
Redis ``SET`` for the fill; for the answer: lock the row, update it, insert the event).
Targets: p50 and p95 at most 1.5x the floor (cache miss + fill and the answer at most 2x). Usage:

    . scripts/env.sh && python benchmarks/bench_reads.py [--users 3000] [--rounds 600]
    . scripts/env.sh && python benchmarks/bench_reads.py --existing postgresql://.../fitapp_scale_1m

The first fills a fresh database with demo users; ``--existing`` runs on a database filled by
``python -m fitapp.cli synthetic`` (the 1 M-user table of the README), whose step-9 answers it
re-sends (it writes step events and touches onboarding_states there). Uses TEST_DATABASE_URL /
TEST_REDIS_URL when set (else starts pgserver / redis-server).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402
import redis  # noqa: E402
from sqlalchemy import text  # noqa: E402

from tests.support.servers import PostgresServer, RedisServer  # noqa: E402

TARGETS = {"locked profile, uncached": 1.5, "cache miss + fill": 2.0, "AI context, uncached": 1.5,
           "onboarding state": 1.5, "recent lifestyle, 30 days": 1.5, "save step 9 (answer_step)": 2.0}

_ENTER = "SELECT set_config('role', 'fitapp_member', true), set_config('app.current_user_id', %s, true)"
_PROFILE_FLOOR = """
SELECT json_build_object(
  'users', u.metadata, 'user_profiles', row_to_json(p), 'version', p.version, 'locked_at', p.locked_at,
  'fitness_goals', (SELECT json_agg(g) FROM fitness_goals g WHERE g.user_id = u.id),
  'physical_constraints', (SELECT json_agg(c) FROM physical_constraints c WHERE c.user_id = u.id),
  'dietary_preferences', (SELECT row_to_json(d) FROM dietary_preferences d WHERE d.user_id = u.id),
  'meal_plans', (SELECT row_to_json(m) FROM meal_plans m WHERE m.user_id = u.id),
  'meal_schedules', (SELECT json_agg(s) FROM meal_schedules s WHERE s.user_id = u.id),
  'workout_schedules', (SELECT row_to_json(w) FROM workout_schedules w WHERE w.user_id = u.id),
  'hydration_preferences', (SELECT row_to_json(h) FROM hydration_preferences h WHERE h.user_id = u.id),
  'lifestyle_baselines', (SELECT row_to_json(l) FROM lifestyle_baselines l WHERE l.user_id = u.id
                          ORDER BY recorded_at DESC LIMIT 1),
  'body_measurements', (SELECT row_to_json(b) FROM body_measurements b WHERE b.user_id = u.id
                        ORDER BY recorded_at DESC LIMIT 1),
  'answers', (SELECT v.profile_snapshot->'answers' FROM user_profile_versions v WHERE v.user_id = u.id
              ORDER BY v.version DESC LIMIT 1))
FROM users u JOIN user_profiles p ON p.user_id = u.id WHERE u.id = %s AND u.deleted_at IS NULL
"""
# Seed Appendix A, with subqueries in place of the GROUP BY.
_CONTEXT_FLOOR = """
SELECT json_build_object(
  'user_id', u.id, 'profile_version', p.version, 'fitness_level', p.fitness_level,
  'primary_goal', p.primary_goal, 'secondary_goal', p.secondary_goal, 'energy_level', p.energy_level,
  'stress_level', p.stress_level, 'sleep_quality', p.sleep_quality,
  'time_zone', u.metadata->'time_zone', 'units', u.metadata->'units',
  'fitness_goals', (SELECT json_agg(g) FROM fitness_goals g WHERE g.user_id = u.id AND g.status = 'active'),
  'constraints', (SELECT json_agg(c) FROM physical_constraints c WHERE c.user_id = u.id AND c.is_active),
  'dietary_prefs', (SELECT json_agg(d) FROM dietary_preferences d WHERE d.user_id = u.id),
  'meal_plan', (SELECT row_to_json(m) FROM meal_plans m WHERE m.user_id = u.id),
  'meal_schedule', (SELECT json_agg(s) FROM meal_schedules s WHERE s.user_id = u.id),
  'workout_schedule', (SELECT row_to_json(w) FROM workout_schedules w WHERE w.user_id = u.id),
  'hydration', (SELECT row_to_json(h) FROM hydration_preferences h WHERE h.user_id = u.id),
  'lifestyle', (SELECT row_to_json(l) FROM lifestyle_baselines l WHERE l.user_id = u.id
                ORDER BY recorded_at DESC LIMIT 1))
FROM users u JOIN user_profiles p ON p.user_id = u.id WHERE u.id = %s AND u.deleted_at IS NULL
"""
_STATE_FLOOR = ("SELECT current_step, completed_steps, step_data, completed_at, flow_version, started_at "
                "FROM onboarding_states WHERE user_id = %s")
_LIFESTYLE_FLOOR = ("SELECT recorded_at, energy_level, stress_level, sleep_quality, sleep_hours_last_night, data_source "
                    "FROM lifestyle_baselines WHERE user_id = %s AND recorded_at >= now() - interval '30 days' "
                    "ORDER BY recorded_at DESC")
# What saving an answer must do at least: lock the state, store the answer, record the event.
_ANSWER_FLOOR = (
    "SELECT step_data FROM onboarding_states WHERE user_id = %(u)s FOR NO KEY UPDATE",
    "UPDATE onboarding_states SET step_data = jsonb_set(step_data, '{step_9}', %(a)s::jsonb), "
    "last_activity_at = now() WHERE user_id = %(u)s",
    "INSERT INTO onboarding_step_events (user_id, step, event, flow_version) VALUES (%(u)s, 9, 'answered', '1.0')",
)
# Users still onboarding who have answered step 9: their answer can be sent again.
_STEP9_USERS = ("SELECT user_id::text, step_data->'step_9' FROM onboarding_states WHERE completed_at IS NULL "
                "AND completed_steps @> ARRAY[9] AND step_data ? 'step_9' LIMIT %s")


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99)}


def _sample(conn, sql: str, limit: int) -> list:
    return list(conn.execute(text(sql), {"limit": limit}).all())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=3000, help="demo users to fill a fresh database with")
    parser.add_argument("--rounds", type=int, default=600)
    parser.add_argument("--existing", help="run on this database (filled by `fitapp.cli synthetic`) instead")
    parser.add_argument("--sample", type=int, default=20_000, help="users drawn from an existing database")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="fitapp-bench-reads-"))
    postgres = None if args.existing else PostgresServer.from_environment(scratch)
    redis_server = RedisServer()
    url = args.existing or postgres.create_database("fitapp_bench_reads_15a")
    os.environ.update(DATABASE_URL=url, REDIS_URL=redis_server.url)
    from fitapp.core import cache, config, db

    for cached in (config.get_settings, db.database_url, db.get_engine, cache.get_profile_cache):
        cached.cache_clear()
    try:
        from fitapp.core.db import get_engine
        from fitapp.core.embedded_pg import to_sqlalchemy_url
        from fitapp.core.migrations import upgrade_to_head
        from fitapp.services import lifestyle, onboarding, profile_views
        from fitapp.tools import demo_data

        upgrade_to_head(url)
        started = time.perf_counter()
        if not args.existing:
            demo_data.generate(args.users, seed=11)
        filled = time.perf_counter() - started
        limit = args.sample if args.existing else 1_000_000
        with get_engine().connect() as conn:
            if not args.existing:
                conn.execute(text("ANALYZE"))
                conn.commit()
            users_in_db = conn.execute(text("SELECT count(*) FROM users")).scalar_one()
            confirmed = [str(u) for u, in _sample(conn, "SELECT user_id FROM user_profiles TABLESAMPLE SYSTEM (5) "
                                                        "LIMIT :limit" if args.existing else
                                                        "SELECT user_id FROM user_profiles LIMIT :limit", limit)]
            everyone = [str(u) for u, in _sample(conn, "SELECT user_id FROM onboarding_states TABLESAMPLE SYSTEM (5) "
                                                       "LIMIT :limit" if args.existing else
                                                       "SELECT user_id FROM onboarding_states LIMIT :limit", limit)]
            step9 = {u: a for u, a in _sample(conn, _STEP9_USERS.replace("%s", ":limit"), limit)}
        raw_url = to_sqlalchemy_url(url).replace("postgresql+psycopg://", "postgresql://")
        floor_db = psycopg.connect(raw_url, options="-c timezone=UTC")
        floor_redis = redis.Redis.from_url(redis_server.url)
        profile_cache = cache.get_profile_cache()

        def floor(sql):
            def run(user_id):
                floor_db.execute(_ENTER, (user_id,))  # psycopg sends BEGIN before it
                rows = floor_db.execute(sql, (user_id,)).fetchall()
                floor_db.commit()
                return rows
            return run

        def fill_floor(user_id):
            floor_redis.get(f"floor:{user_id}")
            document = floor(_PROFILE_FLOOR)(user_id)[0][0]
            floor_redis.set(f"floor:{user_id}", json.dumps(document), ex=3600)

        def answer_floor(user_id):
            floor_db.execute(_ENTER, (user_id,))
            values = {"u": user_id, "a": json.dumps(step9[user_id])}
            for statement in _ANSWER_FLOOR:
                floor_db.execute(statement, values)
            floor_db.commit()

        def miss_and_fill(user_id):
            profile_cache.invalidate(str(user_id))
            return profile_views.locked_profile(user_id)

        def answer(user_id):
            outcome = onboarding.answer_step(uuid.UUID(user_id), 9, dict(step9[user_id]))
            assert outcome.accepted, outcome.messages

        paths = {
            "locked profile, uncached": (lambda u: profile_views.load_locked_profile(uuid.UUID(u)),
                                         floor(_PROFILE_FLOOR), confirmed),
            "cache miss + fill": (lambda u: miss_and_fill(uuid.UUID(u)), fill_floor, confirmed),
            "AI context, uncached": (lambda u: profile_views.context(uuid.UUID(u)), floor(_CONTEXT_FLOOR), confirmed),
            "onboarding state": (lambda u: onboarding.load(uuid.UUID(u)), floor(_STATE_FLOOR), everyone),
            "recent lifestyle, 30 days": (lambda u: lifestyle.recent_check_ins(uuid.UUID(u), 30),
                                          floor(_LIFESTYLE_FLOOR), confirmed),
            "save step 9 (answer_step)": (answer, answer_floor, list(step9)),
        }
        paths = {name: path for name, path in paths.items() if path[2]}  # a tiny database may lack some users
        samples = {name: ([], []) for name in paths}
        for _ in range(30):  # warm both sides (pools, prepared statements, caches)
            for call, floor_call, users in paths.values():
                call(random.choice(users))
                floor_call(random.choice(users))
        for round_number in range(args.rounds):
            for name, (call, floor_call, users) in paths.items():
                user_id = random.choice(users)
                pair = [(0, call), (1, floor_call)]
                if round_number % 2:
                    pair.reverse()  # neither side always goes first
                for side, fn in pair:
                    start = time.perf_counter()
                    fn(user_id)
                    samples[name][side].append((time.perf_counter() - start) * 1000)
        floor_db.close()
    finally:
        if postgres is not None:
            postgres.drop_database(url)
        redis_server.stop()

    where = (f"existing database, {users_in_db:,} users" if args.existing else
             f"{args.users} demo users (filled in {filled:.0f} s)")
    print(f"{where}; drawn: {len(confirmed):,} confirmed, {len(step9):,} with a step-9 answer to re-send; "
          f"{args.rounds} interleaved rounds, {os.cpu_count()} cores")
    print(f"{'path':28}{'project p50/p95/p99 ms':>26}{'floor p50/p95/p99 ms':>24}{'ratio p50/p95':>16}  target")
    failed = False
    for name, (mine, theirs) in samples.items():
        p, f = percentiles(mine), percentiles(theirs)
        r50, r95 = p["p50"] / f["p50"], p["p95"] / f["p95"]
        ok = r50 <= TARGETS[name] and r95 <= TARGETS[name]
        failed |= not ok
        print(f"{name:28}{p['p50']:10.2f}{p['p95']:8.2f}{p['p99']:8.2f}{f['p50']:8.2f}{f['p95']:8.2f}{f['p99']:8.2f}"
              f"{r50:9.2f}x{r95:6.2f}x  <= {TARGETS[name]}x {'ok' if ok else 'MISSED'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
