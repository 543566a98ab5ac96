"""Migration 008: user roles (admin)

Extension beyond the seed: the seed's admin endpoints (section 10, "Authorization: Admin
only") need a role held on the server. `user_roles` has one row per privileged user (the
primary key is the user), a CHECK on the known roles, and goes with its user (ON DELETE
CASCADE). Rows are written by `python -m fitapp.cli make-admin`.

Revision ID: 008
Revises: 007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "008"
down_revision: str | None = "007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("granted_by", sa.Text(), nullable=True),
        sa.CheckConstraint("role IN ('admin')", name="valid_role"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="user_roles_user_id_fkey", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("user_roles")
