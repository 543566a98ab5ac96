"""Reads on a real streaming replica: a private primary, a hot standby made from it with
`pg_basebackup -R`, and a private Redis for the read-your-writes marks. Never the machine's servers.

Where a read went is seen in its answer, not in the code: replay on the standby is paused
(`pg_wal_replay_pause()`) and a row is then changed on the primary behind the app's back, so
the standby holds the old value and the primary the new one. A read that returns the old value
came from the standby; one that returns the new value came from the primary.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from fitapp.core import db, replica
from fitapp.core.config import get_settings
from fitapp.core.metrics import get_metrics
from fitapp.core.migrations import upgrade_to_head
from fitapp.domain.errors import AccountClosed
from fitapp.services import admin, onboarding, privacy, profile_views
from fitapp.services.admin import IncompleteFilter
from fitapp.services.profile_changes import request_change
from tests.support.factories import random_email, sign_up_new_user
from tests.support.onboarding import confirmed_user
from tests.support.private_servers import PG_BIN, PrivatePostgres, PrivateRedis, point_the_app_at
from tests.support.servers import free_port
from tests.support.waiting import require_tool, wait_until

LAG_LIMIT_S = 60  # long enough for a paused test; the "lagging" test lowers it for itself


def _sql(url: str, sql: str, *params):
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchone() if cursor.description else None


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[PrivatePostgres, PrivatePostgres]]:
    require_tool(PG_BIN / "pg_basebackup", "PostgreSQL 15's tools (Debian's postgresql-15; scripts/setup --browser)")
    primary = PrivatePostgres()
    standby = None
    redis_server = PrivateRedis()
    try:
        primary.start()
        upgrade_to_head(primary.url)
        standby = PrivatePostgres.standby_of(primary)
        assert _sql(standby.url, "SELECT pg_is_in_recovery()")[0] is True
        assert _sql(primary.url, "SELECT pg_is_in_recovery()")[0] is False
        previous = point_the_app_at({
            "DATABASE_URL": primary.url, "DATABASE_REPLICA_URL": standby.url, "REDIS_URL": redis_server.url,
            "REPLICA_MAX_LAG_S": str(LAG_LIMIT_S), "REPLICA_RETRY_AFTER_S": "0.5",
        })
        try:
            yield primary, standby
        finally:
            db.get_engine().dispose()
            point_the_app_at(previous)
    finally:
        if standby is not None:
            standby.destroy()
        primary.destroy()
        redis_server.stop()


def caught_up(primary: PrivatePostgres, standby: PrivatePostgres) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    target = _sql(primary.url, "SELECT pg_current_wal_lsn()::text")[0]
    wait_until(lambda: _sql(standby.url, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", target)[0], 30,
               "the standby did not replay the primary's WAL")


@pytest.fixture
def pause(servers) -> Iterator:
    """``pause()``: the standby catches up with everything written so far, then stops replaying
    (its last replayed commit fresh, so within the lag limit). Resumed after the test."""
    primary, standby = servers

    def pause_now() -> None:
        _sql(primary.url, "SELECT pg_current_xact_id()")  # a commit to replay: the lag is measured from it
        caught_up(primary, standby)
        _sql(standby.url, "SELECT pg_wal_replay_pause()")
        wait_until(lambda: _sql(standby.url, "SELECT pg_get_wal_replay_pause_state()")[0] == "paused", 10,
                   "the standby's replay did not pause")
        get_metrics().reset()

    try:
        yield pause_now
    finally:
        _sql(standby.url, "SELECT pg_wal_replay_resume()")
        caught_up(primary, standby)


def resume(primary: PrivatePostgres, standby: PrivatePostgres) -> None:
    _sql(standby.url, "SELECT pg_wal_replay_resume()")
    caught_up(primary, standby)
    get_metrics().reset()


def reads() -> dict[str, int]:
    counters = get_metrics().figures().counters
    return {"replica": counters.get("db_reads_replica", 0), "primary": counters.get("db_reads_primary", 0)}


def behind_the_apps_back(primary: PrivatePostgres, user_id: uuid.UUID, time_zone: str) -> None:
    """Change the user's time zone on the primary only (no mark: the app did not write it)."""
    _sql(primary.url, "UPDATE users SET metadata = metadata || jsonb_build_object('time_zone', %s::text) "
         "WHERE id = %s", time_zone, user_id)


def as_another_worker() -> None:
    """Forget everything this process knows (engines, failure windows, marks it failed to keep):
    what remains is Redis and the servers, as for a worker that did not serve the write."""
    replica.reset()


def test_a_read_goes_to_the_standby_and_a_write_to_the_primary(servers, pause):
    primary, standby = servers
    user_id, _ = confirmed_user()
    pause()
    behind_the_apps_back(primary, user_id, "Asia/Tokyo")

    assert profile_views.context(user_id)["time_zone"] == "Europe/Berlin"  # the standby's (old) row
    assert reads() == {"replica": 1, "primary": 0}

    # The write goes to the primary (the paused standby is read-only and has not seen it) ...
    changed = request_change(user_id, topic="about_you", base_version=1, changes={0: {"weight_kg": 63.0}},
                             reason="Heavier")
    assert changed.profile["version"] == 2
    assert _sql(primary.url, "SELECT version FROM user_profiles WHERE user_id = %s", user_id)[0] == 2
    assert _sql(standby.url, "SELECT version FROM user_profiles WHERE user_id = %s", user_id)[0] == 1
    # ... and the user's next read too: the paused standby would say version 1.
    assert profile_views.context(user_id)["profile_version"] == 2
    assert reads() == {"replica": 1, "primary": 1}


def test_after_a_write_a_lagging_standby_never_shows_the_user_their_old_profile(servers, pause):
    primary, standby = servers
    user_id, _ = confirmed_user()
    bystander_id = sign_up_new_user().user.user_id
    pause()
    assert profile_views.locked_profile(user_id)["version"] == 1  # cached now, from the standby

    request_change(user_id, topic="about_you", base_version=1, changes={0: {"weight_kg": 63.0}}, reason="Heavier")
    assert _sql(standby.url, "SELECT version FROM user_profiles WHERE user_id = %s", user_id)[0] == 1
    as_another_worker()
    get_metrics().reset()

    assert profile_views.locked_profile(user_id)["version"] == 2
    assert profile_views.load_locked_profile(user_id)["version"] == 2
    assert profile_views.context(user_id)["profile_version"] == 2
    assert [v.version for v in profile_views.history(user_id)] == [2, 1]
    assert profile_views.current_profile(user_id).version == 2
    assert reads()["replica"] == 0
    # Someone who wrote nothing since is still read from the standby.
    assert onboarding.load(bystander_id).current_step == 0
    assert reads()["replica"] == 1

    # Once the standby has replayed the change, the user's reads go there again.
    resume(primary, standby)
    assert profile_views.context(user_id)["profile_version"] == 2
    assert reads() == {"replica": 1, "primary": 0}


def test_an_erased_account_is_found_erased_by_every_read_while_the_standby_lags(servers, pause):
    primary, standby = servers
    admin_id = _admin()
    user_id, _ = confirmed_user()
    email = random_email("unfinished")
    unfinished = sign_up_new_user(email).user.user_id
    pause()
    listed = admin.list_incomplete(admin_id, IncompleteFilter(email_contains=email))
    assert [row.user_id for row in listed.rows] == [unfinished]

    privacy.erase_user(user_id, requested_by="operator", reason="Asked by e-mail")
    privacy.erase_user(unfinished, requested_by="operator", reason="Asked by e-mail")
    assert _sql(standby.url, "SELECT deleted_at FROM users WHERE id = %s", user_id)[0] is None  # still there
    as_another_worker()

    with pytest.raises(AccountClosed):
        profile_views.context(user_id)
    with pytest.raises(AccountClosed):
        profile_views.history(user_id)
    assert admin.user_detail(admin_id, user_id).account_status == "deleted"
    assert admin.list_incomplete(admin_id, IncompleteFilter(email_contains=email)).rows == []


def test_admin_lists_and_reports_read_the_standby(servers, pause):
    primary, standby = servers
    admin_id = _admin()
    pause()
    email = random_email("late")
    late = sign_up_new_user(email).user.user_id  # on the primary only
    get_metrics().reset()

    # Lists tolerate lag: the standby's answer, which does not have the new sign-up yet.
    assert admin.list_incomplete(admin_id, IncompleteFilter(email_contains=email)).rows == []
    today = datetime.now(UTC).date()
    admin.funnel(admin_id, today - timedelta(days=7), today)
    assert reads()["replica"] == 2
    # The admin's detail of one user is a read about that user: their sign-up is not skipped.
    assert admin.user_detail(admin_id, late).email == email

    resume(primary, standby)
    assert [row.user_id for row in admin.list_incomplete(admin_id, IncompleteFilter(email_contains=email)).rows] \
        == [late]


def test_a_standby_lagging_past_the_limit_is_not_read(servers, pause):
    primary, standby = servers
    user_id, _ = confirmed_user()
    pause()
    behind_the_apps_back(primary, user_id, "Asia/Tokyo")
    settings = get_settings()
    limit, settings.replica_max_lag_s = settings.replica_max_lag_s, 1.0
    try:
        wait_until(lambda: _sql(standby.url, "SELECT clock_timestamp() - pg_last_xact_replay_timestamp() "
                                "> interval '1.5 s'")[0], 10, "the standby's last replayed commit did not age")
        get_metrics().reset()
        assert profile_views.context(user_id)["time_zone"] == "Asia/Tokyo"  # the primary's
        assert reads() == {"replica": 0, "primary": 1}
    finally:
        settings.replica_max_lag_s = limit


def test_a_stopped_standby_falls_back_to_the_primary(servers):
    primary, standby = servers
    admin_id = _admin()
    user_id, _ = confirmed_user()
    _sql(primary.url, "SELECT pg_current_xact_id()")
    caught_up(primary, standby)
    standby.stop()
    try:
        get_metrics().reset()
        assert profile_views.context(user_id)["profile_version"] == 1
        assert profile_views.history(user_id)[0].version == 1
        assert admin.user_detail(admin_id, user_id).profile_version == 1
        assert admin.list_incomplete(admin_id, IncompleteFilter(email_contains="nobody-such")).rows == []
        counted = reads()
        assert counted["replica"] == 0 and counted["primary"] == 4
    finally:
        standby.start()
    _sql(primary.url, "SELECT pg_current_xact_id()")
    caught_up(primary, standby)
    get_metrics().reset()
    wait_until(lambda: profile_views.context(user_id) and reads()["replica"] >= 1, 10,
               "reads did not return to the standby once it was back")


def _admin() -> uuid.UUID:
    email = random_email("admin")
    user_id = sign_up_new_user(email).user.user_id
    assert admin.grant_admin(email) == user_id
    return user_id


def test_a_mark_is_never_lowered_by_a_write_that_reaches_redis_late(servers):
    user_id = uuid.uuid4()
    replica.marks().keep([user_id], 2_000, erasure=False)
    replica.marks().keep([user_id], 1_000, erasure=True)  # an earlier commit, told later
    assert replica.marks().needed(user_id) == 2_000
    assert replica.marks().needed(None) >= 1_000  # the erasure's, or a later test's
    assert 0 < replica.marks()._client.ttl(f"{replica.WRITTEN_PREFIX}{user_id}") <= replica.mark_ttl_s()


def test_without_redis_to_ask_reads_stay_on_the_primary_and_answer(servers, pause):
    primary, standby = servers
    user_id, _ = confirmed_user()
    pause()
    behind_the_apps_back(primary, user_id, "Asia/Tokyo")
    previous = point_the_app_at({"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})  # nothing listens there
    get_metrics().reset()
    try:
        assert profile_views.context(user_id)["time_zone"] == "Asia/Tokyo"  # the primary's
        assert reads() == {"replica": 0, "primary": 1}
    finally:
        point_the_app_at(previous)
