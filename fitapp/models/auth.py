"""Extension (not in the seed): local accounts, server-side sessions and sign-in throttling.

`users.external_auth_id` is provider-qualified (`local|<uuid>`), so an external identity
provider can be added later without touching these tables' owners.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import UUID
from sqlmodel import Field, SQLModel

from fitapp.models._columns import boolean, text_col, tstz, user_fk, uuid_pk, varchar


class UserCredential(SQLModel, table=True):
    __tablename__ = "user_credentials"

    user_id: uuid.UUID = Field(
        sa_column=Column(
            "user_id",
            UUID(as_uuid=True),
            ForeignKey("users.id", ondelete="CASCADE", name="user_credentials_user_id_fkey"),
            primary_key=True,
        )
    )
    password_hash: str = Field(sa_column=Column("password_hash", Text, nullable=False))
    password_updated_at: datetime | None = Field(default=None, sa_column=tstz("password_updated_at", default_now=True))


class AuthSession(SQLModel, table=True):
    """Only a keyed hash of the token is stored: a leaked table opens no session."""

    __tablename__ = "auth_sessions"
    __table_args__ = (
        UniqueConstraint("token_hash", name="auth_sessions_token_hash_key"),
        Index("idx_auth_sessions_user_id", "user_id"),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("auth_sessions"))
    token_hash: str = Field(sa_column=Column("token_hash", String(64), nullable=False))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    expires_at: datetime = Field(sa_column=tstz("expires_at", nullable=False))
    last_seen_at: datetime | None = Field(default=None, sa_column=tstz("last_seen_at", default_now=True))
    revoked_at: datetime | None = Field(default=None, sa_column=tstz("revoked_at"))
    device_type: str | None = Field(default=None, sa_column=varchar("device_type", 50))
    user_agent: str | None = Field(default=None, sa_column=text_col("user_agent"))


class SignInAttempt(SQLModel, table=True):
    """Failed and successful sign-ins per e-mail, to slow down guessing."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("idx_sign_in_attempts_email_time", "email", text("attempted_at DESC")),)

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    email: str = Field(sa_column=varchar("email", 255, nullable=False))
    succeeded: bool = Field(sa_column=boolean("succeeded", nullable=False))
    attempted_at: datetime | None = Field(default=None, sa_column=tstz("attempted_at", default_now=True, nullable=False))
