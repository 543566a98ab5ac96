"""The data-quality NULL counts kept by migration 015's triggers equal a count of the tables now."""

from __future__ import annotations


import pytest
from sqlalchemy import Engine, text

from fitapp.services import data_quality, funnel_aggregates
from tests.support.rows import insert_row, new_user

pytestmark = pytest.mark.usefixtures("app_database")

EMPTY = {"text": "btrim({c}) = ''", "array": "cardinality({c}) = 0", "value": "FALSE"}


def counted_now(engine: Engine) -> dict[tuple[str, str], tuple[int, int, int]]:
    """The oracle: the one-scan-per-column SQL the page ran before migration 015."""
    with engine.connect() as conn:
        return {
            (table, column): tuple(conn.execute(text(
                f"SELECT COUNT(*), COUNT(*) - COUNT({column}), COUNT(*) FILTER (WHERE {EMPTY[kind].format(c=column)}) "
                f"FROM {table} WHERE {where}")).one())
            for table, column, kind, where in data_quality.OPTIONAL_COLUMNS
        }


def kept(engine: Engine) -> dict[tuple[str, str], tuple[int, int, int]]:
    return {(s.table, s.column): (s.rows, s.null_rows, s.empty_rows) for s in data_quality.data_quality().null_shares}


def test_the_kept_counts_follow_inserts_updates_deletes_and_cascades(engine):
    assert kept(engine) == counted_now(engine)
    with engine.begin() as conn:
        user = new_user(conn)
        insert_row(conn, "dietary_preferences", {"user_id": user, "diet_type": "vegan", "allergies": [],
                                                 "additional_notes": "  "})
        insert_row(conn, "fitness_goals", {"user_id": user, "goal_type": "primary", "goal_category": "fat_loss",
                                           "target_weight_kg": 70})
        insert_row(conn, "fitness_goals", {"user_id": user, "goal_type": "secondary", "goal_category": "strength"})
        for hours in (None, 6.5):
            insert_row(conn, "lifestyle_baselines", {"user_id": user, "energy_level": "low", "stress_level": "low",
                                                     "sleep_quality": "good", "sleep_hours_last_night": hours})
    assert kept(engine) == counted_now(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE dietary_preferences SET allergies = ARRAY['nuts'], additional_notes = NULL "
                          "WHERE user_id = :u"), {"u": user})
        conn.execute(text("UPDATE fitness_goals SET goal_type = 'secondary', target_weight_kg = NULL "
                          "WHERE user_id = :u AND goal_type = 'primary'"), {"u": user})
        conn.execute(text("DELETE FROM lifestyle_baselines WHERE user_id = :u AND sleep_hours_last_night IS NULL"),
                     {"u": user})
    assert kept(engine) == counted_now(engine)
    funnel_aggregates.refresh()  # folds the appended rows: same sums, one row per column
    assert kept(engine) == counted_now(engine)
    with engine.connect() as conn:
        per_column = conn.execute(text("SELECT max(n) FROM (SELECT count(*) AS n FROM data_quality_null_counts "
                                       "GROUP BY table_name, column_name) c")).scalar_one()
    assert per_column == 1
    with engine.begin() as conn:  # the purge's delete cascades through every table
        conn.execute(text("DELETE FROM users WHERE id = :u"), {"u": user})
    assert kept(engine) == counted_now(engine)


def test_the_migration_keeps_counts_for_exactly_the_reported_columns(engine):
    with engine.connect() as conn:
        kept_columns = set(conn.execute(text("SELECT DISTINCT table_name, column_name FROM data_quality_null_counts")))
    assert kept_columns == {(table, column) for table, column, _, _ in data_quality.OPTIONAL_COLUMNS}
