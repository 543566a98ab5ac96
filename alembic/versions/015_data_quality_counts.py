"""Migration 015: counts of the optional columns' NULL and empty values, kept as the rows change

Issue 15 item 3 (data quality p95 <= 300 ms at 1 M users). The data-quality page counted
NULLs with one scan per optional column (19 scans; `lifestyle_baselines` alone is 7.4 M rows
at 1 M users): 3-6 s. Now statement triggers on the five tables append what each statement
changed to `data_quality_null_counts` (one row per column touched, INSERT only: no shared row
is updated, so writers never wait on each other), and the page sums that table, which
`data_quality_fold()` (run by `fitapp.services.funnel_aggregates.refresh`) keeps at one row
per column. The sum is exact whether or not the fold has run.

`COLUMNS` is frozen here; `fitapp.services.data_quality.OPTIONAL_COLUMNS` must list the same
(tests/integration/admin/test_data_quality_counts.py fails otherwise): a new optional column
needs a migration that adds its trigger clause and backfills its count.

Revision ID: 015
Revises: 014
"""

from collections.abc import Sequence

from alembic import op

revision: str = "015"
down_revision: str | None = "014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, kind, row filter), as fitapp.services.data_quality.OPTIONAL_COLUMNS on 2026-12-01.
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("user_profiles", "secondary_goal", "text", "TRUE"),
    ("fitness_goals", "target_weight_kg", "value", "goal_type = 'primary'"),
    ("fitness_goals", "target_body_fat_percentage", "value", "goal_type = 'primary'"),
    ("fitness_goals", "target_muscle_gain_kg", "value", "goal_type = 'primary'"),
    ("fitness_goals", "target_timeline_weeks", "value", "goal_type = 'primary'"),
    ("fitness_goals", "user_explanation", "text", "goal_type = 'primary'"),
    ("dietary_preferences", "diet_type_other", "text", "TRUE"),
    ("dietary_preferences", "allergies", "array", "TRUE"),
    ("dietary_preferences", "intolerances", "array", "TRUE"),
    ("dietary_preferences", "dislikes", "array", "TRUE"),
    ("dietary_preferences", "religious_restrictions", "array", "TRUE"),
    ("dietary_preferences", "preferred_cuisines", "array", "TRUE"),
    ("dietary_preferences", "cooking_skill_level", "text", "TRUE"),
    ("dietary_preferences", "meal_prep_willingness", "text", "TRUE"),
    ("dietary_preferences", "max_meal_prep_time_minutes", "value", "TRUE"),
    ("dietary_preferences", "budget_per_day_usd", "value", "TRUE"),
    ("dietary_preferences", "additional_notes", "text", "TRUE"),
    ("workout_schedules", "preferred_workout_time", "value", "TRUE"),
    ("lifestyle_baselines", "sleep_hours_last_night", "value", "TRUE"),
)
EMPTY = {"text": "btrim({c}) = ''", "array": "cardinality({c}) = 0", "value": "FALSE"}
TABLES = tuple(dict.fromkeys(table for table, *_ in COLUMNS))


def _counts(table: str, rows: str, sign: int) -> str:
    """One SELECT per column of ``table`` over the transition table ``rows``, times ``sign``."""
    return " UNION ALL ".join(
        f"SELECT '{t}', '{c}', {sign} * COUNT(*), {sign} * (COUNT(*) - COUNT({c})), "
        f"{sign} * COUNT(*) FILTER (WHERE {EMPTY[kind].format(c=c)}) FROM {rows} WHERE {where}"
        for t, c, kind, where in COLUMNS if t == table
    )


def _function(table: str) -> str:
    insert = "INSERT INTO data_quality_null_counts (table_name, column_name, rows, null_rows, empty_rows) "
    keep_changes = " WHERE rows <> 0 OR null_rows <> 0 OR empty_rows <> 0"
    return f"""
CREATE FUNCTION data_quality_count_{table}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {insert}SELECT * FROM ({_counts(table, 'new_rows', 1)}) AS c (table_name, column_name, rows, null_rows,
            empty_rows){keep_changes};
    ELSIF TG_OP = 'DELETE' THEN
        {insert}SELECT * FROM ({_counts(table, 'old_rows', -1)}) AS c (table_name, column_name, rows, null_rows,
            empty_rows){keep_changes};
    ELSE
        {insert}SELECT table_name, column_name, SUM(rows), SUM(null_rows), SUM(empty_rows)
        FROM ({_counts(table, 'new_rows', 1)} UNION ALL {_counts(table, 'old_rows', -1)})
            AS c (table_name, column_name, rows, null_rows, empty_rows)
        GROUP BY 1, 2 HAVING SUM(rows) <> 0 OR SUM(null_rows) <> 0 OR SUM(empty_rows) <> 0;
    END IF;
    RETURN NULL;
END $$;
"""


FOLD_SQL = """
CREATE FUNCTION data_quality_fold() RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    folded integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('data_quality_fold'));
    IF (SELECT count(*) = count(DISTINCT (table_name, column_name)) FROM data_quality_null_counts) THEN
        RETURN 0;  -- one row per column already: nothing to write (the admin's reads call this)
    END IF;
    WITH gone AS (DELETE FROM data_quality_null_counts RETURNING *),
    summed AS (
        INSERT INTO data_quality_null_counts (table_name, column_name, rows, null_rows, empty_rows)
        SELECT table_name, column_name, SUM(rows), SUM(null_rows), SUM(empty_rows) FROM gone GROUP BY 1, 2
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM summed) INTO folded;
    RETURN folded;
END $$;
"""


def upgrade() -> None:
    op.execute("""
CREATE TABLE data_quality_null_counts (
    table_name text NOT NULL,
    column_name text NOT NULL,
    rows bigint NOT NULL,
    null_rows bigint NOT NULL,
    empty_rows bigint NOT NULL
)""")
    for table in TABLES:
        op.execute(_function(table))
        for op_name, referencing in (
            ("INSERT", "REFERENCING NEW TABLE AS new_rows"),
            ("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "REFERENCING OLD TABLE AS old_rows"),
        ):
            op.execute(f"CREATE TRIGGER data_quality_count_{op_name.lower()} AFTER {op_name} ON {table} "
                       f"{referencing} FOR EACH STATEMENT EXECUTE FUNCTION data_quality_count_{table}()")
    op.execute(FOLD_SQL)
    # Backfill: one row per column, zero counts included, from the tables as they are.
    for table, column, kind, where in COLUMNS:
        op.execute(
            "INSERT INTO data_quality_null_counts (table_name, column_name, rows, null_rows, empty_rows) "
            f"SELECT '{table}', '{column}', COUNT(*), COUNT(*) - COUNT({column}), "
            f"COUNT(*) FILTER (WHERE {EMPTY[kind].format(c=column)}) FROM {table} WHERE {where}"
        )


def downgrade() -> None:
    for table in TABLES:
        for op_name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER data_quality_count_{op_name} ON {table}")
        op.execute(f"DROP FUNCTION data_quality_count_{table}()")
    op.execute("DROP FUNCTION data_quality_fold()")
    op.execute("DROP TABLE data_quality_null_counts")
