"""The restore drill (seed Appendix C): answers written, a base backup, more answers, a restore
to a moment between them brings back exactly the answers committed before that moment.

It drives scripts/backup as an operator would, as the database's OS user, against a private
PostgreSQL cluster with WAL archiving turned on by the script itself.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from fitapp.core import db
from fitapp.core.config import PROJECT_ROOT
from fitapp.core.migrations import upgrade_to_head
from fitapp.services import onboarding
from tests.support.factories import random_email, sign_up_new_user
from tests.support.onboarding import answers_for_today
from tests.support.waiting import require_tool, wait_until
from tests.support.private_servers import PG_BIN, PrivatePostgres, give_to_postgres, point_the_app_at, run_as_postgres

BACKUP = [str(Path("/usr/bin/python3")), str(PROJECT_ROOT / "scripts" / "backup")]



def _scalar(url: str, sql: str, **params):
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar_one()
    finally:
        engine.dispose()


def _answers(url: str, user_id) -> tuple[list[int], dict]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            row = conn.execute(text("SELECT completed_steps, step_data FROM onboarding_states WHERE user_id = :u"),
                               {"u": user_id}).one()
            return sorted(row.completed_steps), row.step_data
    finally:
        engine.dispose()


def _answer(user_id, steps, answers) -> None:
    for step in steps:
        onboarding.answer_step(user_id, step, answers[step])


def test_a_point_in_time_restore_brings_back_exactly_the_answers_before_the_target():
    require_tool(PG_BIN / "pg_basebackup", "PostgreSQL 15's tools (Debian's postgresql-15; scripts/setup --browser)")
    work = Path(tempfile.mkdtemp(prefix="fitapp-drill-"))
    give_to_postgres(work)
    archive, backups, restored_data = work / "archive", work / "backups", work / "restored"
    live = PrivatePostgres()
    restored = None
    live.start()
    previous = point_the_app_at({"DATABASE_URL": live.url})
    try:
        run_as_postgres([*BACKUP, "configure", "--url", live.url, "--archive", str(archive)])
        live.stop()
        live.start()  # archive_mode takes effect on restart
        assert _scalar(live.url, "SHOW archive_mode") == "on"
        upgrade_to_head(live.url)

        answers = answers_for_today()
        user = sign_up_new_user(random_email("drill")).user.user_id
        _answer(user, (0, 1, 2), answers)

        clock = time.monotonic()
        taken = run_as_postgres([*BACKUP, "base", "--url", live.url, "--backups", str(backups)])
        base_seconds = time.monotonic() - clock

        _answer(user, (3, 4, 5), answers)
        target = _scalar(live.url, "SELECT clock_timestamp()")
        at_target = _answers(live.url, user)
        # The later answers commit strictly after the target, as the server's own clock says.
        wait_until(lambda: _scalar(live.url, "SELECT clock_timestamp() > :t", t=target), 5, "the clock did not move")
        _answer(user, (6, 7, 8), answers)
        final = _answers(live.url, user)
        assert final[0] == list(range(9)) and at_target[0] == list(range(6))

        # Archive the segment holding the last answers (archive_timeout would do it within a minute).
        segment = _scalar(live.url, "SELECT pg_walfile_name(pg_switch_wal())")
        wait_until(lambda: (_scalar(live.url, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")
                            or "") >= segment, 30, "the WAL segment was not archived")

        clock = time.monotonic()
        run_as_postgres([*BACKUP, "restore", "--backups", str(backups), "--archive", str(archive),
                         "--pgdata", str(restored_data), "--target-time", target.isoformat()])
        restored = PrivatePostgres(data=restored_data)
        restored.start()
        wait_until(lambda: not _scalar(restored.url, "SELECT pg_is_in_recovery()"), 120, "recovery did not finish")
        restore_seconds = time.monotonic() - clock

        assert _answers(restored.url, user) == at_target  # steps 0–5 exactly as they were, nothing of 6–8
        assert _answers(live.url, user) == final  # the live server was not touched
        print(f"\n{taken.stdout.strip()}\nrestore drill: base backup {base_seconds:.1f} s, restore + replay to the target {restore_seconds:.1f} s")
    finally:
        db.get_engine().dispose()
        point_the_app_at(previous)
        if restored is not None:
            restored.destroy()
        live.destroy()
        run_as_postgres(["rm", "-rf", str(work)])
