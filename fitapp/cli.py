"""Operator commands: `python -m fitapp.cli serve | migrate | db-url`.

`serve` owns the embedded PostgreSQL when no DATABASE_URL is set: it starts the server,
migrates it, and runs Reflex with DATABASE_URL pointing at it, so every backend worker
shares the one server, which stops when `serve` exits.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys

from fitapp.core.config import PROJECT_ROOT
from fitapp.core.db import database_url
from fitapp.core.migrations import upgrade_to_head


def cmd_migrate(_: argparse.Namespace) -> int:
    upgrade_to_head(database_url())
    print("database is at the latest migration")
    return 0


def cmd_db_url(_: argparse.Namespace) -> int:
    print(database_url())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    url = database_url()
    upgrade_to_head(url)
    env = dict(os.environ, DATABASE_URL=url)
    reflex = [sys.executable, "-m", "reflex", "run", "--env", args.env]
    if args.port:
        reflex += ["--frontend-port", str(args.port), "--backend-port", str(args.backend_port or args.port + 1)]
    # Reflex's workers outlive a signal to its main process alone: run it as its own group.
    child = subprocess.Popen(reflex, cwd=PROJECT_ROOT, env=env, start_new_session=True)

    def stop(signum, _frame):
        os.killpg(child.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        return child.wait()
    finally:
        try:
            os.killpg(child.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fitapp")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="migrate, then run the app (embedded PostgreSQL when DATABASE_URL is unset)")
    serve.add_argument("--env", choices=["prod", "dev"], default="prod")
    serve.add_argument("--port", type=int, default=None, help="frontend port (default 3000)")
    serve.add_argument("--backend-port", type=int, default=None)
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="apply Alembic migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("db-url", help="print the database URL in use").set_defaults(func=cmd_db_url)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
