"""Many users fast, for scale tests: `python -m fitapp.cli synthetic --users N`.

The ORM cannot write a million users in minutes, and hand-made rows drift from what the
services write. So a few hundred *templates* are made by `demo_data.generate` (the real
validators, row builders and snapshot), and every other user is a clone of one template,
written by `INSERT … SELECT` inside PostgreSQL, one batch of users per transaction:

- every uuid (ids, user ids, previous_version_id, meal_plan_id, …) is remapped to the clone
  number followed by ``md5(uuid || ':' || clone)``, so references inside a clone stay
  consistent with no lookup (`_clone_uuid`);
- every timestamp of a clone moves back by the clone's own shift (ordering inside a user is
  kept, so valid_from < valid_until and the events' order hold), also inside JSON documents
  (the paths are found in the templates: consent_given_at, locked_at, recorded_at, …);
- e-mails, external auth ids and session ids get the clone number;
- progress varies because the templates stop at every step (demo_data's drop weights).

The tables are taken from the catalog (every table with a ``user_id`` except sessions,
roles and sign-in attempts) in foreign-key order, so a new profile table is cloned too. The
rows go through the production schema: CHECKs, foreign keys, triggers, RLS policies and
indexes stay as they are, and ANALYZE runs at the end. For a big load the indexes that back
no constraint are dropped and rebuilt from their definitions at the end (REBUILD_INDEXES_FROM):
run it on a database nobody is using.
"""

from __future__ import annotations

import re
import time as clock
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from fitapp.core.db import database_url, make_engine
from fitapp.tools import demo_data

# Per sign-in, not per onboarding; and the funnel's derived rows (migration 014), which
# `funnel_refresh` computes for the clones at the end of the load.
SKIPPED_TABLES = ("auth_sessions", "user_roles", "sign_in_attempts", "funnel_pending_users", "funnel_users",
                  "funnel_user_steps", "data_quality_user_rejections", "data_quality_user_version_weeks")
MAX_USERS = 5_000_000
DEFAULT_TEMPLATES = 400
DEFAULT_BATCH = 20_000
# From this many clones on, the indexes that back no constraint are dropped for the load and
# built again at the end, from their own definitions (pg_get_indexdef): one sort per index
# instead of a random insert per row. With 128 MB of shared_buffers the per-row inserts fell
# from 925 to 340 users/s by 250,000 users (the indexes outgrew the cache).
REBUILD_INDEXES_FROM = 50_000
FUNNEL_BATCH = 20_000
FUNNEL_TABLES = ("funnel_users", "funnel_user_steps", "funnel_days", "funnel_day_steps", "funnel_seconds_histogram",
                 "data_quality_user_rejections", "data_quality_rejection_days", "data_quality_user_version_weeks",
                 "data_quality_version_weeks")
TEMPLATE_WEEKS = 16  # templates start over the last 16 weeks; clones move back by up to --days more
SHIFT_STEP_SECONDS = 7919  # a prime: consecutive clones land on well-spread shifts


class SyntheticError(Exception):
    """The synthetic data could not be written (nothing of the failed batch was)."""


@dataclass
class SyntheticResult:
    users: int = 0
    templates: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    table_seconds: dict[str, float] = field(default_factory=dict)
    index_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    template_seconds: float = 0.0

    @property
    def users_per_second(self) -> float:
        return self.users / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class _Column:
    name: str
    type: str


def _cloned_tables(conn: Connection) -> list[str]:
    """Tables with a user_id, parents before children (foreign keys between them)."""
    names = conn.execute(text(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id' "
        "ORDER BY table_name"
    )).scalars().all()
    names = ["users", *(n for n in names if n not in SKIPPED_TABLES)]
    edges = conn.execute(text(
        "SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint "
        "WHERE contype = 'f' AND connamespace = 'public'::regnamespace"
    )).all()
    parents = {n: {e.parent for e in edges if e.child == n and e.parent in names and e.parent != n} for n in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:
            raise SyntheticError(f"foreign-key cycle among {sorted(set(names) - set(ordered))}")
        ordered += ready
    return ordered


def _columns(conn: Connection, table: str) -> list[_Column]:
    rows = conn.execute(text(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = :t AND is_generated = 'NEVER' ORDER BY ordinal_position"
    ), {"t": table}).all()
    return [_Column(r.column_name, r.data_type) for r in rows]


def _time_paths(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """JSON paths whose value is an ISO timestamp (a date alone, like birth_date, is not moved)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _time_paths(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _time_paths(item, (*path, str(index)))
    elif isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return
        yield path


def _json_time_paths(conn: Connection, table: str, column: str, users: str) -> list[tuple[str, ...]]:
    documents = conn.execute(text(f"SELECT {column} FROM {table} WHERE user_id = ANY(CAST(:u AS uuid[]))"
                                  if table != "users" else f"SELECT {column} FROM users WHERE id = ANY(CAST(:u AS uuid[]))"),
                             {"u": users}).scalars().all()
    return sorted({p for doc in documents if doc is not None for p in _time_paths(doc)})


def _shifted_json(column: str, paths: list[tuple[str, ...]]) -> str:
    """jsonb_set per timestamp path, only where the template has it (jsonb_set of NULL is NULL)."""
    expression = f"t.{column}"
    for path in paths:
        literal = "'{" + ",".join(path) + "}'"
        moved = (f"to_jsonb(to_char((CAST(t.{column} #>> {literal} AS timestamptz) - c.shift) AT TIME ZONE 'UTC', "
                 "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'))")
        expression = (f"CASE WHEN jsonb_typeof(t.{column} #> {literal}) = 'string' "
                      f"THEN jsonb_set({expression}, {literal}, {moved}, false) ELSE {expression} END")
    return expression


def _clone_uuid(column: str) -> str:
    """The clone's uuid for a template's: clone number first (48 bits), then 80 bits of
    md5(uuid:clone). Deterministic, so every reference inside a clone maps alike; ordered by
    clone, so a batch appends to the right edge of each uuid index instead of touching random
    pages (with random uuids the load fell to 280 users/s once the indexes outgrew the cache)."""
    return f"CAST(lpad(to_hex(c.k), 12, '0') || substr(md5({column}::text || ':' || c.k), 1, 20) AS uuid)"


def _select_list(table: str, columns: list[_Column], json_paths: dict[str, list[tuple[str, ...]]]) -> str:
    expressions = []
    for column in columns:
        name, kind = column.name, column.type
        if kind == "uuid":
            value = _clone_uuid(f"t.{name}")
        elif kind == "timestamp with time zone":
            value = f"t.{name} - c.shift"
        elif kind == "jsonb" and json_paths.get(name):
            value = _shifted_json(name, json_paths[name])
        elif table == "users" and name == "email":
            value = "split_part(t.email, '@', 1) || '.c' || c.k || '@' || split_part(t.email, '@', 2)"
        elif table == "users" and name == "external_auth_id":
            value = "'local|' || " + _clone_uuid("t.id")
        elif name == "session_id":
            value = "md5(t.session_id || ':' || c.k)"
        else:
            value = f"t.{name}"
        if table == "audit_log" and name == "new_values":
            value = (f"CASE WHEN t.new_values ? 'email' THEN jsonb_set(t.new_values, '{{email}}', to_jsonb("
                     "split_part(t.new_values->>'email', '@', 1) || '.c' || c.k || '@' || "
                     f"split_part(t.new_values->>'email', '@', 2))) ELSE {value} END")
        expressions.append(value)
    return ", ".join(expressions)


def _clone_statements(conn: Connection, template_ids: list[str]) -> list[tuple[str, str]]:
    users = "{" + ",".join(template_ids) + "}"
    statements = []
    for table in _cloned_tables(conn):
        columns = _columns(conn, table)
        json_paths = {c.name: _json_time_paths(conn, table, c.name, users) for c in columns if c.type == "jsonb"}
        key = "id" if table == "users" else "user_id"
        statements.append((table, (
            f"INSERT INTO {table} ({', '.join(c.name for c in columns)}) "
            f"SELECT {_select_list(table, columns, json_paths)} "
            f"FROM synthetic_clones c JOIN {table} t ON t.{key} = c.template"
        )))
    return statements


def _secondary_indexes(conn: Connection, tables: list[str]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes on ``tables`` that back no constraint."""
    return [(r.name, r.definition) for r in conn.execute(text(
        "SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY(:tables) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY 1"
    ), {"tables": tables})]


def _clone(conn: Connection, statements: list[tuple[str, str]], template_ids: list[str], templates: int,
           clones: int, days: int, batch: int, result: SyntheticResult, began: float, progress: Any) -> None:
    """Clone batch after batch, one transaction each (a failed batch leaves the earlier ones)."""
    shift_range = max(1, days * 86400)
    done = 0
    while done < clones:
        size = min(batch, clones - done)
        with conn.begin():
            conn.execute(text("SET LOCAL statement_timeout = 0"))  # a batch is bigger than any request
            conn.execute(text("SET LOCAL synchronous_commit = off"))  # a crash loses the last batches, no more
            conn.execute(text("CREATE TEMP TABLE synthetic_clones (k bigint, template uuid, shift interval) "
                              "ON COMMIT DROP"))
            # Clone numbers are unique per run (the templates are); the template is k mod T.
            conn.execute(text(
                "INSERT INTO synthetic_clones SELECT k, (CAST(:ids AS uuid[]))[1 + k % :t], "
                "make_interval(secs => (k * :step) % :range) "
                "FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS k"
            ), {"ids": "{" + ",".join(template_ids) + "}", "t": len(template_ids), "step": SHIFT_STEP_SECONDS,
                "range": shift_range, "first": done + 1, "last": done + size})
            for table, statement in statements:
                started = clock.monotonic()
                inserted = conn.execute(text(statement)).rowcount
                result.table_seconds[table] = result.table_seconds.get(table, 0.0) + clock.monotonic() - started
                result.rows[table] = result.rows.get(table, 0) + inserted
        done += size
        result.users = templates + done
        if progress:
            progress(result.users, clock.monotonic() - began)


def generate(users: int, *, seed: int = 1001, templates: int = DEFAULT_TEMPLATES, days: int = 365,
             batch: int = DEFAULT_BATCH, progress: Any = None) -> SyntheticResult:
    """Write ``users`` users: ``templates`` of them by the services, the rest cloned in SQL."""
    if not 1 <= users <= MAX_USERS:
        raise SyntheticError(f"Choose between 1 and {MAX_USERS:,} users.")
    if not 1 <= templates <= demo_data.MAX_USERS:
        raise SyntheticError(f"Choose between 1 and {demo_data.MAX_USERS:,} templates.")
    if days < 0 or batch < 1:
        raise SyntheticError("--days cannot be negative and --batch must be positive.")
    began = clock.monotonic()
    templates = min(templates, users)
    try:
        made = demo_data.generate(templates, seed=seed, weeks=TEMPLATE_WEEKS)
    except demo_data.DemoDataError as error:
        raise SyntheticError(str(error)) from error
    result = SyntheticResult(users=templates, templates=templates, template_seconds=made.seconds)
    clones = users - templates
    pattern = rf"\.{seed}\.[0-9]+@{re.escape(demo_data.DEMO_EMAIL_DOMAIN)}$"  # not the clones' ".cK@"
    engine = make_engine(database_url(), pooled=False)  # a one-off tool: no per-round-trip deadline
    with engine.connect() as conn:
        template_ids = [str(u) for u in conn.execute(
            text("SELECT id FROM users WHERE email ~ :p ORDER BY email"),
            {"p": pattern}).scalars()]
        statements = _clone_statements(conn, template_ids)
        rebuilt = _secondary_indexes(conn, [t for t, _ in statements]) if clones >= REBUILD_INDEXES_FROM else []
        conn.rollback()
        if rebuilt:
            with conn.begin():
                for name, _ in rebuilt:
                    conn.execute(text(f"DROP INDEX {name}"))
        try:
            _clone(conn, statements, template_ids, templates, clones, days, batch, result, began, progress)
        finally:  # also after a failed batch: the schema ends as it began
            if rebuilt:
                conn.rollback()
                conn.execute(text("SET maintenance_work_mem = '256MB'"))
                conn.execute(text("SET statement_timeout = 0"))
                for name, definition in rebuilt:
                    started = clock.monotonic()
                    conn.execute(text(definition))
                    conn.commit()
                    result.index_seconds[name] = round(clock.monotonic() - started, 1)
    with engine.connect() as conn:
        conn.execute(text("SET statement_timeout = 0"))
        conn.execute(text(f"ANALYZE {', '.join(t for t, _ in statements)}"))
        conn.commit()
    # The clones were marked for the funnel by the triggers (migration 014): fold them in now.
    started = clock.monotonic()
    with engine.connect() as conn:
        conn.execute(text("SET statement_timeout = 0"))
        while conn.execute(text("SELECT funnel_refresh(:n)"), {"n": FUNNEL_BATCH}).scalar_one():
            conn.commit()
        conn.commit()
        conn.execute(text(f"ANALYZE {', '.join(FUNNEL_TABLES)}"))
        conn.commit()
    result.table_seconds["funnel aggregates"] = clock.monotonic() - started
    result.seconds = round(clock.monotonic() - began, 1)
    return result
