"""Row-level security (migration 009): a member's unit of work reaches that member's rows only.

Two members with confirmed profiles; every query below runs inside `member_scope` of the
first one and deliberately leaves out any `WHERE user_id = ...`: PostgreSQL's policies are
what keeps the second member's rows out.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from fitapp.core.db import MEMBER_ROLE, get_engine, member_scope, session_scope
from fitapp.services import profile_changes, profile_views
from fitapp.services.onboarding import answer_step, load, record_shown
from fitapp.services.profile_views import load_locked_profile
from fitapp.services.profile_lock import confirm_and_lock
from tests.support.factories import sign_up_new_user
from tests.support.onboarding import PROFILE_TABLES, answers_for_today, complete_onboarding_answers

pytestmark = pytest.mark.usefixtures("app_database")

# Tables a member's work may read, and the column naming the owner.
MEMBER_TABLES = {**{table: "user_id" for table in PROFILE_TABLES},
                 "users": "id", "onboarding_states": "user_id", "onboarding_step_events": "user_id",
                 "audit_log": "user_id"}
# Sign-in data and roles: outside a member's reach altogether.
UNREACHABLE = ("user_credentials", "auth_sessions", "sign_in_attempts", "user_roles",
               # the funnel's and data quality's derived rows (migration 014)
               "funnel_pending_users", "funnel_users", "funnel_user_steps", "data_quality_user_rejections",
               "data_quality_user_version_weeks")


def _confirmed_member() -> uuid.UUID:
    user_id = sign_up_new_user().user.user_id
    record_shown(user_id, 0)
    complete_onboarding_answers(user_id)
    confirm_and_lock(user_id)
    return user_id


@pytest.fixture(scope="module")
def members() -> tuple[uuid.UUID, uuid.UUID]:
    return _confirmed_member(), _confirmed_member()


@pytest.mark.parametrize("table", sorted(MEMBER_TABLES))
def test_a_member_reads_only_own_rows_without_any_where_clause(members, table):
    me, other = members
    with session_scope() as db:  # the connecting role sees both, so the check below means something
        everyone = {row[0] for row in db.execute(text(f"SELECT {MEMBER_TABLES[table]} FROM {table}"))}
    assert {me, other} <= everyone

    with member_scope(me) as db:
        owners = {row[0] for row in db.execute(text(f"SELECT {MEMBER_TABLES[table]} FROM {table}"))}
    assert owners == {me}


def test_a_member_cannot_write_another_members_rows(members):
    me, other = members
    with member_scope(me) as db:
        changed = db.execute(text("UPDATE fitness_goals SET priority = 5 WHERE user_id = :other"), {"other": other})
        deleted = db.execute(text("DELETE FROM meal_schedules WHERE user_id = :other"), {"other": other})
        assert (changed.rowcount, deleted.rowcount) == (0, 0)

    with pytest.raises(ProgrammingError, match="row-level security"):
        with member_scope(me) as db:
            db.execute(text("INSERT INTO body_measurements (user_id, weight_kg, source) VALUES (:other, 70, 'user_input')"),
                       {"other": other})

    with pytest.raises(ProgrammingError, match="row-level security"):
        with member_scope(me) as db:  # nor hand a row of one's own over to someone else
            db.execute(text("UPDATE fitness_goals SET user_id = :other"), {"other": other})

    with session_scope() as db:
        goals = db.execute(text("SELECT count(*) FROM fitness_goals WHERE user_id = :u AND priority = 5"),
                           {"u": other}).scalar_one()
        meals = db.execute(text("SELECT count(*) FROM meal_schedules WHERE user_id = :u"), {"u": other}).scalar_one()
    assert goals == 0 and meals > 0


@pytest.mark.parametrize("table", UNREACHABLE)
def test_sign_in_data_is_out_of_a_members_reach(members, table):
    with pytest.raises(ProgrammingError, match="permission denied"):
        with member_scope(members[0]) as db:
            db.execute(text(f"SELECT * FROM {table}"))


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET changed_by = 'someone else'", "DELETE FROM audit_log",
                                       "DELETE FROM user_profile_versions",
                                       # identity and status are not a member's to change
                                       "UPDATE users SET email = 'someone@example.com'",
                                       "UPDATE users SET account_status = 'suspended'",
                                       "UPDATE users SET deleted_at = NULL"])
def test_history_and_identity_are_out_of_a_members_hands(members, statement):
    with pytest.raises(ProgrammingError, match="permission denied"):
        with member_scope(members[0]) as db:
            db.execute(text(statement))


def test_the_member_role_without_a_user_sees_nothing(members):
    with session_scope() as db:
        db.execute(text("SELECT set_config('role', :role, true)"), {"role": MEMBER_ROLE})
        assert db.execute(text("SELECT count(*) FROM user_profiles")).scalar_one() == 0
        assert db.execute(text("SELECT count(*) FROM users")).scalar_one() == 0


IDENTITY = text("SELECT pg_backend_pid(), current_user, current_setting('app.current_user_id', true)")


def _next_use_of(backend_pid: int) -> tuple[str, str]:
    """The role and user setting the next unit of work on that same pooled connection starts with."""
    pool = get_engine().pool
    for _ in range(pool.size() + pool.overflow() + 2):
        with session_scope() as db:
            pid, role, user = db.execute(IDENTITY).one()
        if pid == backend_pid:
            return role, user
    raise AssertionError("the pool never handed that connection out again")


def test_the_role_and_user_end_with_the_transaction(members):
    """Pooled connections are reused: what one member's unit of work set must not carry over."""
    with member_scope(members[0]) as db:
        pid, role, user = db.execute(IDENTITY).one()
    assert (role, user) == (MEMBER_ROLE, str(members[0]))
    role, user = _next_use_of(pid)
    assert role != MEMBER_ROLE and not user


def test_a_failed_member_transaction_does_not_leave_the_role_behind(members):
    with pytest.raises(DBAPIError):
        with member_scope(members[0]) as db:
            pid = db.execute(IDENTITY).one()[0]
            db.execute(text("SELECT * FROM user_credentials"))
    role, user = _next_use_of(pid)
    assert role != MEMBER_ROLE and not user


def test_every_table_holding_user_data_has_row_level_security(app_database):
    """A table added later with a user_id column must get policies too (or be named here as unreachable)."""
    with session_scope() as db:
        owned = {row[0] for row in db.execute(text(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id'"
        ))} | {"users"}
        protected = {row[0] for row in db.execute(text(
            "SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = 'public'::regnamespace"
        ))}
        with_policies = {row[0] for row in db.execute(text("SELECT DISTINCT tablename FROM pg_policies"))}
    assert owned - set(UNREACHABLE) == set(MEMBER_TABLES)
    assert set(MEMBER_TABLES) <= protected & with_policies


def test_the_seeds_policy_name_exists(app_database):
    with session_scope() as db:
        policy = db.execute(text(
            "SELECT cmd, roles::text[] FROM pg_policies WHERE policyname = 'user_profiles_select_policy'"
        )).one()
    assert policy == ("SELECT", [MEMBER_ROLE])


class _Transactions:
    """Every SQL statement the application's engine runs, grouped by the transaction it ran in."""

    def __init__(self) -> None:
        self.transactions: list[list[str]] = []
        self._open: dict[int, list[str]] = {}

    def begin(self, conn) -> None:
        self._open[id(conn)] = statements = []
        self.transactions.append(statements)

    def statement(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self._open.setdefault(id(conn), []).append(statement)

    def unconfined(self) -> list[list[str]]:
        """Transactions that touched a member's table without first entering the member role."""
        member_table = re.compile(r"\b(" + "|".join(sorted(MEMBER_TABLES, key=len, reverse=True)) + r")\b")
        return [
            statements for statements in self.transactions
            if any(member_table.search(s) for s in statements) and "set_config('role'" not in statements[0]
        ]


@pytest.fixture
def transactions(app_database) -> Iterator[_Transactions]:
    recorder = _Transactions()
    engine = get_engine()
    event.listen(engine, "begin", recorder.begin)
    event.listen(engine, "before_cursor_execute", recorder.statement)
    try:
        yield recorder
    finally:
        event.remove(engine, "begin", recorder.begin)
        event.remove(engine, "before_cursor_execute", recorder.statement)


def test_the_services_acting_for_one_member_run_every_transaction_confined_to_that_member(transactions):
    """Every unit of work of a member's use cases starts by entering the member role, so the
    policies, not the WHERE clauses, keep it to that member's rows."""
    user_id = sign_up_new_user().user.user_id
    transactions.transactions.clear()  # sign-up works on accounts, before there is a member

    record_shown(user_id, 0)
    load(user_id)
    answer_step(user_id, 0, answers_for_today()[0])
    recorded = len(transactions.transactions)
    complete_onboarding_answers(user_id)  # the test's own shortcut (an owner session), not a service
    del transactions.transactions[recorded:]
    confirm_and_lock(user_id)
    load_locked_profile(user_id)
    profile_changes.request_change(user_id, topic="hydration", base_version=1,
                                   changes={10: {"daily_water_target_ml": 2600}}, reason="Summer heat")
    profile_changes.restore_version(user_id, version=1, base_version=2, reason="Back again")
    profile_views.current_profile(user_id)
    profile_views.history(user_id)
    profile_views.version_detail(user_id, 2)
    profile_views.version_at(user_id, datetime.now(UTC))

    confined = [t for t in transactions.transactions if t and "set_config('role'" in t[0]]
    # At least one unit of work per call above, but for load and load_locked_profile: they are
    # one pipelined round trip on the driver (member_read_one), which these SQLAlchemy events do
    # not see; test_one_statement_reads checks that they enter the member role read-only.
    assert len(confined) >= 9
    assert transactions.unconfined() == []
