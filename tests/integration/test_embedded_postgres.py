"""With no DATABASE_URL the app runs its own PostgreSQL (pgserver) and keeps the data."""

from __future__ import annotations

import os
import subprocess
import sys

from alembic.script import ScriptDirectory

from fitapp.core.config import PROJECT_ROOT
from fitapp.core.migrations import alembic_config

PROBE = """
from sqlalchemy import text
from fitapp.core.db import database_url, get_engine
with get_engine().connect() as conn:
    print(database_url().split('?')[0], conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one(),
          conn.execute(text("SELECT count(*) FROM ref_equipment_types")).scalar_one())
"""


def run(args: list[str], data_dir) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATA_DIR"] = str(data_dir)
    result = subprocess.run([sys.executable, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_migrate_without_database_url_uses_embedded_postgres_that_survives_restarts(tmp_path):
    data_dir = tmp_path / "data"
    assert "latest migration" in run(["-m", "fitapp.cli", "migrate"], data_dir)
    assert (data_dir / "postgres" / "PG_VERSION").exists()

    # A new process (the server stopped with the last one) finds the migrated data again.
    url, version, equipment = run(["-c", PROBE], data_dir).split()
    assert url.startswith("postgresql+psycopg://")
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert int(equipment) >= 15
