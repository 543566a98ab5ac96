"""Deleting a user removes every row that belongs to them, as the seed's ON DELETE CASCADE says."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from fitapp.models import metadata
from tests.support.rows import insert_row, new_user, table, valid_values

USER_OWNED_TABLES = [
    "onboarding_states",
    "user_profile_versions",
    "user_profiles",
    "fitness_goals",
    "physical_constraints",
    "dietary_preferences",
    "meal_plans",
    "meal_schedules",
    "workout_schedules",
    "hydration_preferences",
    "lifestyle_baselines",
    "body_measurements",
    "user_credentials",
    "auth_sessions",
    "onboarding_step_events",
    "user_roles",
]


def count_for(conn, table_name, user_id) -> int:
    t = table(table_name)
    return conn.execute(select(func.count()).select_from(t).where(t.c.user_id == user_id)).scalar_one()


def fill_every_table(conn, user_id) -> None:
    for name in USER_OWNED_TABLES:
        insert_row(conn, name, valid_values(conn, name, user_id))
    # The profile points at its version, as it will after confirming: the cascade must still pass.
    versions, profiles = table("user_profile_versions"), table("user_profiles")
    version_id = conn.execute(select(versions.c.id).where(versions.c.user_id == user_id)).scalar_one()
    conn.execute(update(profiles).where(profiles.c.user_id == user_id).values(previous_version_id=version_id))
    insert_row(conn, "audit_log", valid_values(conn, "audit_log", user_id))


def test_every_user_owned_table_cascades_from_users():
    cascading = {
        t.name
        for t in metadata.tables.values()
        for fk in t.foreign_keys
        if fk.column.table.name == "users" and fk.ondelete == "CASCADE"
    }
    assert cascading == set(USER_OWNED_TABLES)


def test_deleting_a_user_deletes_their_rows_and_keeps_other_users_and_the_audit_trail(db):
    doomed, kept = new_user(db), new_user(db)
    fill_every_table(db, doomed)
    fill_every_table(db, kept)

    db.execute(delete(table("users")).where(table("users").c.id == doomed))

    for name in USER_OWNED_TABLES:
        assert count_for(db, name, doomed) == 0, name
        assert count_for(db, name, kept) >= 1, name
    # audit_log has no foreign key: the trail of what happened outlives the account.
    assert count_for(db, "audit_log", doomed) == 1


def test_deleting_a_meal_plan_deletes_its_meal_schedules(db):
    user_id = new_user(db)
    insert_row(db, "meal_schedules", valid_values(db, "meal_schedules", user_id))
    db.execute(delete(table("meal_plans")).where(table("meal_plans").c.user_id == user_id))
    assert count_for(db, "meal_schedules", user_id) == 0
