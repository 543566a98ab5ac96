"""Extension (not in the seed): server-side roles, so being an admin is a fact the database holds.

The seed's section 10 marks endpoints "Authorization: Admin only" without saying where the
role lives. It lives here, one row per privileged user; a user without a row is an ordinary
member. Nothing the browser sends can make someone an admin: every admin service checks
this table itself (`fitapp.services.admin.require_admin`), and rows are written only by the
operator command `python -m fitapp.cli make-admin`.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey
from sqlalchemy.dialects.postgresql import UUID
from sqlmodel import Field, SQLModel

from fitapp.models._columns import text_col, tstz, varchar
from fitapp.models.profile import in_list

ROLES = ("admin",)


class UserRole(SQLModel, table=True):
    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(in_list("role", ROLES), name="valid_role"),)

    user_id: uuid.UUID = Field(
        sa_column=Column(
            "user_id",
            UUID(as_uuid=True),
            ForeignKey("users.id", ondelete="CASCADE", name="user_roles_user_id_fkey"),
            primary_key=True,
        )
    )
    role: str = Field(sa_column=varchar("role", 20, nullable=False))
    granted_at: datetime | None = Field(default=None, sa_column=tstz("granted_at", default_now=True, nullable=False))
    # Who granted it, as free text ("cli", or an admin's user id): the grantor may be deleted later.
    granted_by: str | None = Field(default=None, sa_column=text_col("granted_by"))
