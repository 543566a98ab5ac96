"""The admin calls at scale, each against a hand-written one-statement floor, interleaved.

Runs on an existing database filled by `python -m fitapp.cli synthetic --users N` (e.g. the
1 M-user scratch database); it writes one thing there: the admin role of one synthetic user.

    . scripts/env.sh && DATABASE_URL=postgresql://postgres@127.0.0.1:5432/fitapp_scale_1m \\
        python benchmarks/bench_scale.py [--rounds 20] [--paths list,funnel7,...]

Paths (project call vs floor; each round runs every path's project call then its floor):
- list_p1 / list_deep_offset / list_deep_keyset: the incomplete list, page 1, the deepest page
  a number reaches by OFFSET (row 5,000: MAX_OFFSET_ROWS) and page --deep by keyset
  (next_cursor), against the keyset statement
  written by hand (one statement, no count);
- list_total: the page's total (exact up to 10,000, else the planner's estimate) against a
  bare count(*) of the filter;
- funnel7/30/90/365: `admin.funnel` (every query of the funnel page, after draining the
  aggregates' queue of touched users) against one statement over the aggregates: the per-step
  sums of the range (the least the page reads), target p95 ≤ 300 ms; funnel365_flow: the same
  for one flow version (the most used);
- quality / quality30: `admin.data_quality`, all time and the page's default 30 days, against
  its rejections-per-step statement alone, target p95 ≤ 300 ms.
After the table it prints the size of the aggregates next to the number of users: the funnel's
cost follows that size (days x flows x steps x distinct whole seconds), not the users.
The app's per-statement timeouts are lifted for the run (today's funnel takes seconds at 1 M).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "600000")
os.environ.setdefault("DB_ROUND_TRIP_DEADLINE_MS", "600000")

import psycopg  # noqa: E402
from sqlalchemy import text  # noqa: E402

TARGET_MS = {"funnel7": 300, "funnel30": 300, "funnel90": 300, "funnel365": 300, "funnel365_flow": 300,
             "quality": 300, "quality30": 300,
             "list_p1": 100, "list_deep_offset": 100, "list_deep_keyset": 100, "list_total": 100}
PATHS = tuple(TARGET_MS)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99)}


def clock(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


KEYSET_FLOOR = """
SELECT o.user_id, u.email, o.current_step, o.started_at, o.last_activity_at, o.device_type
FROM onboarding_states o JOIN users u ON u.id = o.user_id
WHERE o.completed_at IS NULL AND u.deleted_at IS NULL AND (o.last_activity_at, o.user_id) < (%s, %s)
ORDER BY o.last_activity_at DESC, o.user_id DESC LIMIT 26"""
COUNT_FLOOR = """SELECT count(*) FROM onboarding_states o JOIN users u ON u.id = o.user_id
WHERE o.completed_at IS NULL AND u.deleted_at IS NULL"""
FUNNEL_FLOOR = """SELECT step, sum(reached), sum(answered), sum(drop_off), sum(rejections)
FROM funnel_day_steps WHERE cohort_day BETWEEN %s AND %s AND (%s::varchar IS NULL OR flow_version = %s::varchar)
GROUP BY step"""
AGGREGATE_TABLES = ("funnel_days", "funnel_day_steps", "funnel_seconds_histogram", "data_quality_rejection_days",
                    "data_quality_version_weeks",
                    "funnel_users", "funnel_user_steps", "data_quality_null_counts")
QUALITY_FLOOR = "SELECT step, count(*) FROM onboarding_step_events WHERE event = 'rejected' GROUP BY step"
QUALITY_FLOOR_RANGE = ("SELECT step, count(*) FROM onboarding_step_events WHERE event = 'rejected' "
                       "AND occurred_at >= %s GROUP BY step")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--deep", type=int, default=2000, help="the deep page's number")
    parser.add_argument("--paths", default=",".join(PATHS))
    args = parser.parse_args()
    paths = [p for p in args.paths.split(",") if p]
    unknown = set(paths) - set(PATHS)
    if unknown:
        raise SystemExit(f"unknown paths: {sorted(unknown)}; choose from {', '.join(PATHS)}")

    from fitapp.core.db import database_url, get_engine
    from fitapp.services import admin
    from fitapp.services.admin_listings import MAX_OFFSET_ROWS, IncompleteFilter, _cursor

    url = database_url()
    engine = get_engine()
    with engine.connect() as conn:
        users = conn.execute(text("SELECT count(*) FROM users")).scalar_one()
        email = conn.execute(text("SELECT email FROM users ORDER BY email LIMIT 1")).scalar_one()
    admin_id = admin.grant_admin(email, granted_by="bench_scale")
    floor = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    flt, size = IncompleteFilter(), 25
    deep_row = floor.execute(
        "SELECT o.user_id, o.last_activity_at, o.started_at FROM onboarding_states o JOIN users u ON u.id = o.user_id "
        "WHERE o.completed_at IS NULL AND u.deleted_at IS NULL "
        "ORDER BY o.last_activity_at DESC, o.user_id DESC OFFSET %s LIMIT 1", ((args.deep - 1) * size - 1,)).fetchone()

    class Row:  # the row before the deep page, as a cursor
        user_id, last_activity_at, started_at = deep_row

    cursor = _cursor(flt, Row)
    # The deepest page a number reaches without a cursor (by OFFSET); past it the service asks for one.
    offset_page = min(args.deep, MAX_OFFSET_ROWS // size + 1)
    today = datetime.now(UTC).date()

    flow = floor.execute("SELECT flow_version FROM onboarding_states GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
                         ).fetchone()[0]

    def funnel(days: int, flow_version: str | None = None):
        return lambda: admin.funnel(admin_id, today - timedelta(days=days - 1), today, flow_version)

    def funnel_floor(days: int, flow_version: str | None = None):
        start = today - timedelta(days=days - 1)
        return lambda: floor.execute(FUNNEL_FLOOR, (start, today, flow_version, flow_version)).fetchall()

    calls = {
        "list_p1": (lambda: admin.list_incomplete(admin_id, flt, 1, size),
                    lambda: floor.execute(KEYSET_FLOOR, (datetime.now(UTC) + timedelta(days=1), Row.user_id)).fetchall()),
        "list_deep_offset": (lambda: admin.list_incomplete(admin_id, flt, offset_page, size),
                             lambda: floor.execute(KEYSET_FLOOR, (Row.last_activity_at, Row.user_id)).fetchall()),
        "list_deep_keyset": (lambda: admin.list_incomplete(admin_id, flt, args.deep, size, after=cursor),
                             lambda: floor.execute(KEYSET_FLOOR, (Row.last_activity_at, Row.user_id)).fetchall()),
        "list_total": (lambda: admin.list_incomplete(admin_id, flt, 1, 1).total,
                       lambda: floor.execute(COUNT_FLOOR).fetchone()),
        "funnel7": (funnel(7), funnel_floor(7)), "funnel30": (funnel(30), funnel_floor(30)),
        "funnel90": (funnel(90), funnel_floor(90)), "funnel365": (funnel(365), funnel_floor(365)),
        "funnel365_flow": (funnel(365, flow), funnel_floor(365, flow)),
        "quality": (lambda: admin.data_quality(admin_id), lambda: floor.execute(QUALITY_FLOOR).fetchall()),
        "quality30": (lambda: admin.data_quality(admin_id, today - timedelta(days=29), today),
                      lambda: floor.execute(QUALITY_FLOOR_RANGE, (datetime.combine(
                          today - timedelta(days=29), datetime.min.time(), UTC),)).fetchall()),
    }
    for path in paths:  # warm the caches once
        calls[path][0]()
        calls[path][1]()
    samples = {p: ([], []) for p in paths}
    for _ in range(args.rounds):
        for path in paths:
            project, floor_call = calls[path]
            samples[path][0].append(clock(project))
            samples[path][1].append(clock(floor_call))
    print(f"{users:,} users, {args.rounds} rounds, interleaved; floor = one hand-written statement (psycopg)")
    print(f"{'path':<18} {'project p50/p95/p99 ms':>26} {'floor p50/p95/p99 ms':>24} {'ratio p50/p95':>14} "
          f"{'target p95':>10}")
    for path in paths:
        mine, base = percentiles(samples[path][0]), percentiles(samples[path][1])
        verdict = "ok" if mine["p95"] <= TARGET_MS[path] else "MISSED"
        print(f"{path:<18} {mine['p50']:8.1f} {mine['p95']:8.1f} {mine['p99']:8.1f} "
              f"{base['p50']:7.2f} {base['p95']:7.2f} {base['p99']:7.2f} "
              f"{mine['p50'] / base['p50']:6.1f}x {mine['p95'] / base['p95']:6.1f}x "
              f"{TARGET_MS[path]:>6} ms {verdict}")
    sizes = ", ".join(f"{t} {floor.execute(f'SELECT count(*) FROM {t}').fetchone()[0]:,}" for t in AGGREGATE_TABLES)
    print(f"aggregate rows at {users:,} users (flow {flow} is funnel365_flow's): {sizes}")
    admin.revoke_admin(email)


if __name__ == "__main__":
    main()
