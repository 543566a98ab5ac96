"""Migration 009: row-level security (seed section 11, "Access Control")

The seed asks for RLS policies keyed on `current_setting('app.current_user_id')`. It shows
one (SELECT on `user_profiles`); this migration extends the same rule to every table that
holds a user's data and to every command, so that a unit of work acting for one user can
only see and write that user's rows, whatever its SQL says:

- A NOLOGIN role `fitapp_member` (cluster-wide, created once) gets exactly the privileges a
  member's own work needs: its profile, preferences, onboarding and versions; audit rows
  may be read and appended, never changed; versions may be appended and closed (the 007
  trigger guards the rest), never deleted; on `users` only the onboarding flags and metadata
  may change, never the identity or status; the reference tables are read-only; sign-in
  data (credentials, sessions, throttling) and roles are not reachable at all.
- Each table gets one policy per command, named `<table>_<command>_policy` like the seed's
  `user_profiles_select_policy`, all `TO fitapp_member`, comparing the row's owner with
  `app.current_user_id`. Unset or empty, the setting compares as NULL: no row at all
  (the seed's `current_setting('app.current_user_id')::uuid` would raise instead).
- The application enters the role per transaction (`fitapp.core.db.member_scope`:
  `set_config('role', 'fitapp_member', true)` plus the user id), so pooled connections
  never keep it. Work that spans users by nature (sign-in by token, admin lists,
  analytics, migrations) runs as the connecting role, which owns the tables and is not
  subject to RLS (RLS is enabled, not forced).
- The connecting role must be a member of `fitapp_member` to enter it: the migration
  grants that to the role that runs it (superusers may enter any role anyway). Where the
  migrating role may not grant it, the migration stops and says what the DBA has to run.

Revision ID: 009
Revises: 008
"""

from collections.abc import Sequence

from alembic import op

revision: str = "009"
down_revision: str | None = "008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEMBER_ROLE = "fitapp_member"
OWNER = "NULLIF(current_setting('app.current_user_id', true), '')::uuid"

# table -> (owner column, commands the member may run)
MEMBER_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "users": ("id", ("SELECT", "UPDATE")),  # UPDATE of USERS_MEMBER_COLUMNS only
    "onboarding_states": ("user_id", ("SELECT", "INSERT", "UPDATE")),
    "onboarding_step_events": ("user_id", ("SELECT", "INSERT")),
    "user_profiles": ("user_id", ("SELECT", "INSERT", "UPDATE")),
    "user_profile_versions": ("user_id", ("SELECT", "INSERT", "UPDATE")),
    "fitness_goals": ("user_id", ("SELECT", "INSERT", "UPDATE", "DELETE")),
    "physical_constraints": ("user_id", ("SELECT", "INSERT", "UPDATE", "DELETE")),
    "dietary_preferences": ("user_id", ("SELECT", "INSERT", "UPDATE", "DELETE")),
    "meal_plans": ("user_id", ("SELECT", "INSERT", "UPDATE", "DELETE")),
    "meal_schedules": ("user_id", ("SELECT", "INSERT", "UPDATE", "DELETE")),
    "workout_schedules": ("user_id", ("SELECT", "INSERT", "UPDATE", "DELETE")),
    "hydration_preferences": ("user_id", ("SELECT", "INSERT", "UPDATE", "DELETE")),
    "lifestyle_baselines": ("user_id", ("SELECT", "INSERT", "UPDATE", "DELETE")),
    "body_measurements": ("user_id", ("SELECT", "INSERT", "UPDATE", "DELETE")),
    "audit_log": ("user_id", ("SELECT", "INSERT")),
}
# What a member's own work changes on the users row (confirming, a change of "About you");
# identity and status (email, external_auth_id, account_status, deleted_at) are not among them.
USERS_MEMBER_COLUMNS = ("onboarding_completed", "onboarding_completed_at", "metadata", "updated_at")
REFERENCE_TABLES = ("ref_fitness_levels", "ref_goal_categories", "ref_diet_types", "ref_equipment_types")


def _policy_sql(table: str, owner_column: str, command: str) -> str:
    mine = f"{owner_column} = {OWNER}"
    clauses = {
        "SELECT": f"USING ({mine})",
        "INSERT": f"WITH CHECK ({mine})",
        "UPDATE": f"USING ({mine}) WITH CHECK ({mine})",
        "DELETE": f"USING ({mine})",
    }
    return (f"CREATE POLICY {table}_{command.lower()}_policy ON {table} FOR {command} "
            f"TO {MEMBER_ROLE} {clauses[command]}")


def upgrade() -> None:
    op.execute(f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{MEMBER_ROLE}') THEN
                CREATE ROLE {MEMBER_ROLE} NOLOGIN;
            END IF;
            IF NOT pg_has_role(current_user, '{MEMBER_ROLE}', 'MEMBER') THEN
                BEGIN
                    EXECUTE format('GRANT {MEMBER_ROLE} TO %I', current_user);
                EXCEPTION WHEN insufficient_privilege THEN
                    -- Without it every member unit of work would fail at run time: stop here.
                    RAISE EXCEPTION 'fitapp: % may not grant {MEMBER_ROLE}; as a superuser run: GRANT {MEMBER_ROLE} TO %',
                        current_user, current_user;
                END;
            END IF;
        END
        $$
    """)
    op.execute(f"GRANT USAGE ON SCHEMA public TO {MEMBER_ROLE}")
    for table in REFERENCE_TABLES:
        op.execute(f"GRANT SELECT ON {table} TO {MEMBER_ROLE}")
    for table, (owner_column, commands) in MEMBER_TABLES.items():
        if table == "users":
            op.execute(f"GRANT SELECT, UPDATE ({', '.join(USERS_MEMBER_COLUMNS)}) ON users TO {MEMBER_ROLE}")
        else:
            op.execute(f"GRANT {', '.join(commands)} ON {table} TO {MEMBER_ROLE}")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for command in commands:
            op.execute(_policy_sql(table, owner_column, command))


def downgrade() -> None:
    for table, (_, commands) in MEMBER_TABLES.items():
        for command in commands:
            op.execute(f"DROP POLICY IF EXISTS {table}_{command.lower()}_policy ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute(f"REVOKE ALL ON {table} FROM {MEMBER_ROLE}")
    for table in REFERENCE_TABLES:
        op.execute(f"REVOKE ALL ON {table} FROM {MEMBER_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {MEMBER_ROLE}")
    # The role is cluster-wide and other databases may use it: it stays.
