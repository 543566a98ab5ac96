"""Migration 013: drop the indexes another index already covers (a deviation from the seed's DDL)

The seed's DDL declares, next to a UNIQUE constraint on a column, a second (UNIQUE) index on
the same column, and several one-column indexes that are the prefix of a longer index on the
same rows. PostgreSQL answers every query those serve from the other index, and keeps each of
them up to date on every insert and update: more WAL, more cache, more vacuum, no read faster.
Listed from pg_indexes (same table, same predicate or none, keys equal to or a leading prefix
of the covering index's keys; a btree is scanned backwards too, so a DESC on the last key of
an equal-key index changes nothing):

| dropped | covered by |
|---|---|
| idx_users_external_auth_id (external_auth_id) | users_external_auth_id_key (UNIQUE) |
| idx_users_email (email) WHERE deleted_at IS NULL | users_email_key (UNIQUE, every row) |
| idx_onboarding_user_id (user_id) | unique_user_onboarding (UNIQUE) |
| idx_user_profiles_user_id UNIQUE (user_id) | user_profiles_user_id_key (UNIQUE) |
| idx_dietary_preferences_user_id UNIQUE (user_id) | dietary_preferences_user_id_key (UNIQUE) |
| idx_meal_plans_user_id UNIQUE (user_id) | meal_plans_user_id_key (UNIQUE) |
| idx_workout_schedules_user_id UNIQUE (user_id) | unique_user_schedule (UNIQUE) |
| idx_hydration_preferences_user_id UNIQUE (user_id) | hydration_preferences_user_id_key (UNIQUE) |
| idx_fitness_goals_user_id (user_id) | idx_fitness_goals_priority (user_id, priority) |
| idx_fitness_goals_active (user_id, status) WHERE active | idx_active_user_context (user_id, status, priority) WHERE active |
| idx_meal_schedules_user_id (user_id) | unique_user_meal_number (user_id, meal_number) |
| idx_physical_constraints_user_id (user_id) | idx_physical_constraints_type (user_id, constraint_type) |
| idx_lifestyle_baselines_user_id (user_id, recorded_at DESC) | idx_lifestyle_trends (same keys, INCLUDE the levels) |
| idx_profile_versions_user_id (user_id, version DESC) | unique_user_version (user_id, version) |

Every constraint the seed states stays (the UNIQUE constraints above are what enforce
uniqueness; the dropped UNIQUE indexes only repeated them). Kept although close: indexes whose
keys are not a prefix of another's (idx_user_complete_profile, idx_onboarding_incomplete), and
idx_onboarding_last_activity. It does stop every answer from being a HOT update (the answer
moves last_activity_at), but the incomplete list's default order (last activity, keyset pages)
needs it. Measured at 30,800 synthetic users, 2,000 answer-like updates of unfinished rows in
one transaction (pg_stat_xact_user_tables), the list's first page by EXPLAIN ANALYZE:

| | HOT updates | list page 1 |
|---|---|---|
| with the index (fillfactor 100 or 80) | 0 of 2,000 | 0.4 ms (index scan) |
| without it, fillfactor 100 (as loaded) | 0 of 2,000 (full pages) | 23 ms (parallel seq scan + sort) |
| without it, fillfactor 80 | 252 of 2,000 | 23 ms |

Wide rows (step_data) leave room for few HOT copies per page, and the list's sort grows with
the number of unfinished onboardings (a third of the users), so the index stays.

Measured (pg_relation_size) at 30,800 synthetic users (`python -m fitapp.cli synthetic`): the
14 indexes are 37 MB of the schema's 307 MB of indexes (12 %); issue 15 measured 0.72 GB for
the duplicates at 1 M users.

Revision ID: 013
Revises: 010
"""

from collections.abc import Sequence

from alembic import op

revision: str = "013"
down_revision: str | None = "010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name -> the definition it had (migration 004), to put it back on downgrade.
DROPPED = {
    "idx_users_external_auth_id": "ON users (external_auth_id)",
    "idx_users_email": "ON users (email) WHERE deleted_at IS NULL",
    "idx_onboarding_user_id": "ON onboarding_states (user_id)",
    "idx_user_profiles_user_id": "ON user_profiles (user_id)",
    "idx_dietary_preferences_user_id": "ON dietary_preferences (user_id)",
    "idx_meal_plans_user_id": "ON meal_plans (user_id)",
    "idx_workout_schedules_user_id": "ON workout_schedules (user_id)",
    "idx_hydration_preferences_user_id": "ON hydration_preferences (user_id)",
    "idx_fitness_goals_user_id": "ON fitness_goals (user_id)",
    "idx_fitness_goals_active": "ON fitness_goals (user_id, status) WHERE status = 'active'",
    "idx_meal_schedules_user_id": "ON meal_schedules (user_id)",
    "idx_physical_constraints_user_id": "ON physical_constraints (user_id)",
    "idx_lifestyle_baselines_user_id": "ON lifestyle_baselines (user_id, recorded_at DESC)",
    "idx_profile_versions_user_id": "ON user_profile_versions (user_id, version DESC)",
}
UNIQUE = {"idx_user_profiles_user_id", "idx_dietary_preferences_user_id", "idx_meal_plans_user_id",
          "idx_workout_schedules_user_id", "idx_hydration_preferences_user_id"}


def upgrade() -> None:
    for name in DROPPED:
        op.execute(f"DROP INDEX IF EXISTS {name}")


def downgrade() -> None:
    for name, definition in DROPPED.items():
        op.execute(f"CREATE {'UNIQUE ' if name in UNIQUE else ''}INDEX IF NOT EXISTS {name} {definition}")
