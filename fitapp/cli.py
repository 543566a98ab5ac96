"""Operator commands: `python -m fitapp.cli serve | migrate | db-url | make-admin | revoke-admin | demo-data
| synthetic | funnel-refresh | erase-user | purge-erased | inactive-users`.

`serve` owns the embedded PostgreSQL when no DATABASE_URL is set: it starts the server,
migrates it, and runs the app with DATABASE_URL pointing at it, so every backend worker
shares the one server, which stops when `serve` exits. In prod it builds the frontend only
when its inputs changed and runs granian directly, respawning a failed worker
(fitapp.core.serving).
"""

from __future__ import annotations

import argparse
import getpass
import os
import signal
import subprocess
import sys

from fitapp.core.config import PROJECT_ROOT
from fitapp.core.db import database_url
from fitapp.core.migrations import upgrade_to_head
from fitapp.domain.privacy import ERASED_RETENTION, INACTIVITY_YEARS


def cmd_migrate(_: argparse.Namespace) -> int:
    upgrade_to_head(database_url())
    print("database is at the latest migration")
    return 0


def cmd_db_url(_: argparse.Namespace) -> int:
    print(database_url())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Migrate, build the frontend if it changed, and run the backend (it serves the pages too)."""
    from fitapp.core import serving

    url = database_url()
    upgrade_to_head(url)
    env = dict(os.environ, DATABASE_URL=url)
    if args.env == "dev":
        command = [sys.executable, "-m", "reflex", "run", "--env", "dev"]
        if args.port:
            command += ["--frontend-port", str(args.port), "--backend-port", str(args.backend_port or args.port + 1)]
    else:
        port = args.port or 3000
        public_port = args.public_port or port
        if serving.ensure_frontend(public_port, env, force=args.rebuild):
            print("frontend built", flush=True)
        else:
            print("frontend unchanged since the last build: not rebuilt", flush=True)
        command = [sys.executable, "-m", "fitapp.core.serving", args.host, str(port), str(public_port)]
    # Its own process group: a signal reaches the workers too.
    child = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, start_new_session=True)

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


def cmd_build(args: argparse.Namespace) -> int:
    from fitapp.core import serving

    built = serving.ensure_frontend(args.public_port, dict(os.environ), force=args.rebuild)
    print("frontend built" if built else "frontend unchanged since the last build: not rebuilt")
    return 0


ADMIN_PASSWORD_ENV = "FITAPP_ADMIN_PASSWORD"


def _admin_password() -> str:
    """The new admin's password: from FITAPP_ADMIN_PASSWORD, else asked twice without echo."""
    password = os.environ.get(ADMIN_PASSWORD_ENV)
    if password:
        return password
    password = getpass.getpass("Password for the new admin account: ")
    if getpass.getpass("Repeat the password: ") != password:
        raise ValueError("The passwords do not match.")
    return password


def cmd_make_admin(args: argparse.Namespace) -> int:
    """Grant the admin role; with --create, first create the account if it does not exist."""
    from fitapp.domain.accounts import AccountError
    from fitapp.services import admin, auth

    created = False
    if args.create:
        try:
            signed_in = auth.sign_up(args.email, _admin_password(), user_agent="fitapp-cli")
            auth.sign_out(signed_in.token)  # the account is made here; nobody is signed in
            created = True
        except AccountError as error:
            if "already exists" not in str(error):
                print(f"error: {error}", file=sys.stderr)
                return 1
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    try:
        user_id = admin.grant_admin(args.email, granted_by="cli")
    except admin.UserNotFound as error:
        print(f"error: {error.message} Nothing was changed; use --create to create the account.", file=sys.stderr)
        return 1
    print(f"{'created and ' if created else ''}granted admin: {args.email} (user {user_id})")
    return 0


def cmd_revoke_admin(args: argparse.Namespace) -> int:
    from fitapp.services import admin

    if admin.revoke_admin(args.email):
        print(f"revoked admin: {args.email}")
        return 0
    print(f"error: {args.email} is not an admin (or has no account); nothing was changed.", file=sys.stderr)
    return 1


def cmd_demo_data(args: argparse.Namespace) -> int:
    from fitapp.tools import demo_data

    try:
        result = demo_data.generate(args.users, seed=args.seed, completed_share=args.completed_share, weeks=args.weeks)
    except demo_data.DemoDataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    dropped = ", ".join(f"step {step}: {count}" for step, count in result.dropped_at_step.items()) or "none"
    print(f"{result.users} demo users in {result.seconds} s: {result.completed} completed; dropped at {dropped}")
    print(f"{result.versions} profile versions, {result.lifestyle_rows} lifestyle rows, {result.events} step events")
    print(f"every demo account's password: {result.password!r}  e.g. {', '.join(result.sample_emails)}")
    return 0


def cmd_synthetic(args: argparse.Namespace) -> int:
    from fitapp.tools import synthetic

    def progress(users: int, seconds: float) -> None:
        print(f"  {users:,} users after {seconds:.0f} s ({users / seconds:,.0f} users/s)", flush=True)

    try:
        result = synthetic.generate(args.users, seed=args.seed, templates=args.templates, days=args.days,
                                    batch=args.batch, progress=progress)
    except synthetic.SyntheticError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{result.users:,} users ({result.templates} made by the services in {result.template_seconds} s, "
          f"the rest cloned) in {result.seconds} s: {result.users_per_second:,.0f} users/s")
    for table, count in sorted(result.rows.items()):
        print(f"  {table}: {count:,} cloned rows in {result.table_seconds.get(table, 0):.1f} s")
    if result.index_seconds:
        print(f"  {len(result.index_seconds)} secondary indexes rebuilt in {sum(result.index_seconds.values()):.1f} s")
    print(f"  funnel aggregates folded in {result.table_seconds.get('funnel aggregates', 0):.1f} s")
    return 0


def cmd_funnel_refresh(args: argparse.Namespace) -> int:
    """Fold the users changed since the last run into the funnel's aggregates (once, or every N s)."""
    import time

    from fitapp.core.db import database_url, make_engine
    from fitapp.services import funnel_aggregates

    engine = make_engine(database_url(), pooled=False)  # an operator's job: no request timeouts
    while True:
        started = time.monotonic()
        folded = funnel_aggregates.refresh(batch=funnel_aggregates.JOB_BATCH_USERS, engine=engine)
        print(f"{folded:,} users folded into the funnel aggregates in {time.monotonic() - started:.1f} s", flush=True)
        if not args.every:
            return 0
        time.sleep(args.every)


def cmd_erase_user(args: argparse.Namespace) -> int:
    """Erase an account by anonymization (GDPR right to erasure), for a request that reached the operator."""
    from fitapp.domain.privacy import OPERATOR
    from fitapp.services import privacy

    user_id = privacy.account_id_for_email(args.email)
    if user_id is None:
        print(f"error: there is no live account with the e-mail {args.email}; nothing was changed.", file=sys.stderr)
        return 1
    try:
        result = privacy.erase_user(user_id, requested_by=OPERATOR, reason=args.reason)
    except (privacy.ErasureRefused, privacy.PrivacyError) as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    print(f"erased {args.email} (user {user_id}): {result.sessions_revoked} sessions revoked; "
          f"the anonymous rest is hard-deleted by purge-erased after the retention period")
    return 0


def cmd_purge_erased(args: argparse.Namespace) -> int:
    """Hard-delete accounts erased more than --older-than-days ago (seed: 90 days); run it daily."""
    from datetime import timedelta

    from fitapp.services import privacy

    if args.older_than_days < 0:
        print("error: --older-than-days cannot be negative", file=sys.stderr)
        return 1
    purged = privacy.purge_erased_users(timedelta(days=args.older_than_days))
    print(f"purged {len(purged)} accounts erased more than {args.older_than_days} days ago")
    return 0


def cmd_inactive_users(args: argparse.Namespace) -> int:
    """List live accounts without activity for --years (seed: 2), for the soft-delete notification."""
    from fitapp.services import privacy

    if args.years < 0:
        print("error: --years cannot be negative", file=sys.stderr)
        return 1
    accounts = privacy.inactive_users(args.years)
    for account in accounts:
        print(f"{account.email}\t{account.user_id}\tlast active {account.last_activity_at.isoformat()}")
    print(f"{len(accounts)} accounts without activity for {args.years} years")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fitapp")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="migrate, then run the app (embedded PostgreSQL when DATABASE_URL is unset)")
    serve.add_argument("--env", choices=["prod", "dev"], default="prod")
    serve.add_argument("--port", type=int, default=None, help="frontend port (default 3000)")
    serve.add_argument("--backend-port", type=int, default=None, help="dev only: the backend's own port")
    serve.add_argument("--host", default="0.0.0.0", help="prod: the address to listen on")
    serve.add_argument("--rebuild", action="store_true", help="prod: build the frontend even if nothing changed")
    serve.add_argument("--public-port", type=int, default=None,
                       help="prod: the port browsers connect to, when a proxy stands in front (default: --port)")
    build = sub.add_parser("build", help="build the frontend if its inputs changed (for several instances)")
    build.add_argument("--public-port", type=int, default=3000, help="the port browsers connect to")
    build.add_argument("--rebuild", action="store_true")
    build.set_defaults(func=cmd_build)
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="apply Alembic migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("db-url", help="print the database URL in use").set_defaults(func=cmd_db_url)
    make_admin = sub.add_parser("make-admin", help="give an account the admin role")
    make_admin.add_argument("email")
    make_admin.add_argument(
        "--create", action="store_true",
        help=f"create the account first if needed (password from ${ADMIN_PASSWORD_ENV} or asked)",
    )
    make_admin.set_defaults(func=cmd_make_admin)
    revoke_admin = sub.add_parser("revoke-admin", help="take the admin role away from an account")
    revoke_admin.add_argument("email")
    revoke_admin.set_defaults(func=cmd_revoke_admin)
    demo = sub.add_parser("demo-data", help="fill the database with synthetic users (Faker)")
    demo.add_argument("--users", type=int, default=500)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--completed-share", type=float, default=0.65, help="fraction that finished (default 0.65)")
    demo.add_argument("--weeks", type=int, default=6, help="onboardings start over this many past weeks")
    demo.set_defaults(func=cmd_demo_data)
    synth = sub.add_parser("synthetic", help="fill the database fast with many users cloned from demo users (SQL)")
    synth.add_argument("--users", type=int, required=True)
    synth.add_argument("--seed", type=int, default=1001, help="the templates' demo-data seed (one run per seed)")
    synth.add_argument("--templates", type=int, default=400, help="users made by the services, then cloned")
    synth.add_argument("--days", type=int, default=365, help="clones' timestamps move back by up to this many days")
    synth.add_argument("--batch", type=int, default=20_000, help="users per transaction")
    synth.set_defaults(func=cmd_synthetic)
    refresh = sub.add_parser("funnel-refresh", help="bring the admin funnel's aggregates up to date")
    refresh.add_argument("--every", type=float, default=0, help="keep running, a refresh every this many seconds")
    refresh.set_defaults(func=cmd_funnel_refresh)
    erase = sub.add_parser("erase-user", help="erase an account by anonymization (GDPR right to erasure)")
    erase.add_argument("email")
    erase.add_argument("--reason", required=True, help="why, e.g. the ticket of the request (kept in the audit log)")
    erase.set_defaults(func=cmd_erase_user)
    purge = sub.add_parser("purge-erased", help="hard-delete accounts erased more than N days ago")
    purge.add_argument("--older-than-days", type=int, default=ERASED_RETENTION.days)
    purge.set_defaults(func=cmd_purge_erased)
    inactive = sub.add_parser("inactive-users", help="list accounts without activity for N years")
    inactive.add_argument("--years", type=int, default=INACTIVITY_YEARS)
    inactive.set_defaults(func=cmd_inactive_users)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
