"""Migration 007: profile versions are immutable

Seed 6.4 calls `user_profile_versions` an "immutable audit log of all profile changes";
this migration makes the database hold to that, whatever the code path (a service bug, a
hand-written SQL session, an admin tool):

- UPDATE is refused, with one exception: closing the current version, i.e. setting
  `valid_until` from NULL to a time not before `valid_from`, with every other column
  unchanged. That is the single write a new version makes to its predecessor. The other
  columns are compared as `to_jsonb(row) - 'valid_until'`, so a column added later is
  protected without touching this function. Closing an already closed version (moving
  `valid_until`), re-opening one, or rewriting a snapshot, reason or author is refused.
- DELETE is refused while the owning user exists. GDPR erasure deletes the `users` row
  and the foreign key's ON DELETE CASCADE then deletes the versions; the cascade's DELETE
  runs after the parent row is gone (in the same statement, with the parent's deletion
  visible), so the `users` lookup finds nothing and the rows go with their owner.

Both refusals raise SQLSTATE 23000 (integrity_constraint_violation), which drivers report
as an integrity error like any other constraint. TRUNCATE (an owner-only maintenance
command) is not row-level and is not affected.

Triggers are not compared by Alembic's autogenerate, so the model/migration parity check
is unchanged.

Revision ID: 007
Revises: 006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "007"
down_revision: str | None = "006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = "protect_user_profile_versions"
TRIGGERS = (
    ("trg_user_profile_versions_no_update", "UPDATE"),
    ("trg_user_profile_versions_no_delete", "DELETE"),
)


def upgrade() -> None:
    op.execute(
        f"""
        CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id) THEN
                    RAISE EXCEPTION 'profile version % of user % cannot be deleted: versions are immutable',
                        OLD.version, OLD.user_id
                        USING ERRCODE = 'integrity_constraint_violation',
                              HINT = 'A profile''s history is removed only together with its user.';
                END IF;
                RETURN OLD;
            END IF;

            IF OLD.valid_until IS NULL
               AND NEW.valid_until IS NOT NULL
               AND NEW.valid_until >= OLD.valid_from
               AND (to_jsonb(NEW) - 'valid_until') IS NOT DISTINCT FROM (to_jsonb(OLD) - 'valid_until') THEN
                RETURN NEW;  -- closing the current version: the one permitted update
            END IF;
            RAISE EXCEPTION 'profile version % of user % cannot be changed: versions are immutable',
                OLD.version, OLD.user_id
                USING ERRCODE = 'integrity_constraint_violation',
                      HINT = 'Only closing the current version (valid_until from NULL to a time) is allowed; '
                             'a change is a new version.';
        END $$
        """
    )
    for name, operation in TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {operation} ON user_profile_versions "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )


def downgrade() -> None:
    for name, _ in reversed(TRIGGERS):
        op.execute(f"DROP TRIGGER {name} ON user_profile_versions")
    op.execute(f"DROP FUNCTION {FUNCTION}()")
