"""What the database deadline costs: a short unit of work (checkout, one indexed SELECT, commit)
through the app's engine (client-side deadline watchdog, its checkout ping, the session
timeouts) against the same engine without them (SQLAlchemy's pool_pre_ping instead), measured
interleaved in one process. Usage:

    . scripts/env.sh && python benchmarks/bench_db_deadline.py [--rounds 3000]

Uses TEST_DATABASE_URL when set (else starts pgserver).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402

from fitapp.core.db import make_engine  # noqa: E402
from fitapp.core.embedded_pg import to_sqlalchemy_url  # noqa: E402
from tests.support.servers import PostgresServer  # noqa: E402


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"p50": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99)}


def unit_of_work(engine) -> float:
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text("SELECT oid FROM pg_class WHERE oid = 1259")).first()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3000)
    args = parser.parse_args()
    postgres = PostgresServer.from_environment(Path(tempfile.mkdtemp(prefix="fitapp-bench-deadline-")))
    url = postgres.create_database("fitapp_bench_deadline")
    try:
        bounded = make_engine(url)
        floor = create_engine(to_sqlalchemy_url(url), pool_size=5, pool_pre_ping=True,
                              connect_args={"options": "-c timezone=UTC"})
        for engine in (bounded, floor):  # warm the pools
            for _ in range(50):
                unit_of_work(engine)
        samples: dict[str, list[float]] = {"with deadline": [], "floor (pool_pre_ping)": []}
        for _ in range(args.rounds):
            samples["with deadline"].append(unit_of_work(bounded))
            samples["floor (pool_pre_ping)"].append(unit_of_work(floor))
        base = percentiles(samples["floor (pool_pre_ping)"])
        print(f"{args.rounds} units of work each, interleaved (ms)")
        for name, values in samples.items():
            p = percentiles(values)
            print(f"  {name:24s} p50 {p['p50']:.3f}  p95 {p['p95']:.3f}  p99 {p['p99']:.3f}  "
                  f"(x{p['p50'] / base['p50']:.2f} / x{p['p95'] / base['p95']:.2f} / x{p['p99'] / base['p99']:.2f})")
        bounded.dispose()
        floor.dispose()
    finally:
        postgres.drop_database(url)
        postgres.dispose()


if __name__ == "__main__":
    main()
