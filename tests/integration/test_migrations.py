"""The migration chain round-trips on an empty database and matches the models exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from fitapp.core.db import make_engine
from fitapp.core.migrations import downgrade_to_base, include_object, upgrade_to_head
from fitapp.models import metadata


@pytest.fixture
def empty_database(postgres_server):
    url = postgres_server.create_database("fitapp_migrations")
    yield url
    postgres_server.drop_database(url)


def schema_differences(connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
    return compare_metadata(context, metadata)


def test_upgrade_downgrade_upgrade_round_trips_on_an_empty_database(empty_database):
    engine = make_engine(empty_database, pooled=False)
    try:
        upgrade_to_head(empty_database)
        first_tables = set(inspect(engine).get_table_names())
        assert set(metadata.tables) <= first_tables

        downgrade_to_base(empty_database)
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM pg_proc WHERE proname = 'set_updated_at'")).scalar_one() == 0

        upgrade_to_head(empty_database)
        assert set(inspect(engine).get_table_names()) == first_tables
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM ref_fitness_levels")).scalar_one() == 3
    finally:
        engine.dispose()


def test_autogenerate_finds_no_difference_between_models_and_migrated_database(engine):
    with engine.connect() as conn:
        assert schema_differences(conn) == []


def test_autogenerate_would_notice_a_missing_index(engine):
    """Guards the test above: the comparison really looks at indexes."""
    with engine.connect() as conn:
        transaction = conn.begin()
        conn.execute(text("DROP INDEX idx_meal_schedules_time"))
        differences = schema_differences(conn)
        transaction.rollback()
    assert any(diff[0] == "add_index" and diff[1].name == "idx_meal_schedules_time" for diff in differences)


def test_updated_at_is_maintained_by_the_database(db):
    from datetime import datetime, timezone

    from tests.support.rows import new_user

    long_ago = datetime(2000, 1, 1, tzinfo=timezone.utc)
    user_id = new_user(db, updated_at=long_ago)
    db.execute(text("UPDATE users SET email_verified = true WHERE id = :id"), {"id": user_id})
    after = db.execute(text("SELECT updated_at FROM users WHERE id = :id"), {"id": user_id}).scalar_one()
    assert after > long_ago
