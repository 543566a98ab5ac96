"""Seed 6.1 `users`, 6.2 `onboarding_states`, and the `audit_log` of section 11."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, Index, Integer, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY, INET, UUID
from sqlmodel import Field, SQLModel

from fitapp.models._columns import boolean, integer, jsonb, text_col, tstz, user_fk, uuid_pk, varchar

EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("external_auth_id", name="users_external_auth_id_key"),
        UniqueConstraint("email", name="users_email_key"),
        CheckConstraint(f"email ~* '{EMAIL_PATTERN}'", name="valid_email"),
        Index("idx_users_onboarding", "onboarding_completed", "created_at"),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    external_auth_id: str = Field(sa_column=varchar("external_auth_id", 255, nullable=False))
    email: str = Field(sa_column=varchar("email", 255, nullable=False))
    email_verified: bool | None = Field(default=False, sa_column=boolean("email_verified", False))
    account_status: str = Field(default="active", sa_column=varchar("account_status", 50, nullable=False, default="active"))
    onboarding_completed: bool | None = Field(default=False, sa_column=boolean("onboarding_completed", False))
    onboarding_completed_at: datetime | None = Field(default=None, sa_column=tstz("onboarding_completed_at"))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    updated_at: datetime | None = Field(default=None, sa_column=tstz("updated_at", default_now=True))
    deleted_at: datetime | None = Field(default=None, sa_column=tstz("deleted_at"))
    metadata_: dict[str, Any] | None = Field(default=None, sa_column=jsonb("metadata", "{}"))


class OnboardingState(SQLModel, table=True):
    __tablename__ = "onboarding_states"
    __table_args__ = (
        CheckConstraint("current_step >= 0 AND current_step <= 11", name="valid_current_step"),
        UniqueConstraint("user_id", name="unique_user_onboarding"),
        Index("idx_onboarding_incomplete", "user_id", "completed_at", postgresql_where=text("completed_at IS NULL")),
        Index("idx_onboarding_last_activity", "last_activity_at", postgresql_where=text("completed_at IS NULL")),
        # Section 7
        Index("idx_onboarding_analytics", "completed_at", text("started_at DESC"), postgresql_where=text("completed_at IS NULL")),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("onboarding_states"))
    current_step: int = Field(default=0, sa_column=integer("current_step", 0, nullable=False))
    completed_steps: list[int] | None = Field(
        default=None, sa_column=Column("completed_steps", ARRAY(Integer), server_default=text("ARRAY[]::integer[]"))
    )
    step_data: dict[str, Any] | None = Field(default=None, sa_column=jsonb("step_data", "{}"))
    flow_version: str = Field(default="1.0", sa_column=varchar("flow_version", 10, nullable=False, default="1.0"))
    started_at: datetime | None = Field(default=None, sa_column=tstz("started_at", default_now=True))
    last_activity_at: datetime | None = Field(default=None, sa_column=tstz("last_activity_at", default_now=True))
    completed_at: datetime | None = Field(default=None, sa_column=tstz("completed_at"))
    session_id: str | None = Field(default=None, sa_column=varchar("session_id", 255))
    device_type: str | None = Field(default=None, sa_column=varchar("device_type", 50))
    user_agent: str | None = Field(default=None, sa_column=text_col("user_agent"))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
    updated_at: datetime | None = Field(default=None, sa_column=tstz("updated_at", default_now=True))


class AuditLog(SQLModel, table=True):
    """No foreign key on user_id (as the seed writes it): the trail outlives the row it describes."""

    __tablename__ = "audit_log"
    __table_args__ = (
        # Extension: the seed defines no index here; admin views read one user's trail newest first.
        Index("idx_audit_log_user_created", "user_id", text("created_at DESC")),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=Column("user_id", UUID(as_uuid=True), nullable=False))
    table_name: str = Field(sa_column=varchar("table_name", 100, nullable=False))
    operation: str = Field(sa_column=varchar("operation", 10, nullable=False))
    old_values: dict[str, Any] | None = Field(default=None, sa_column=jsonb("old_values"))
    new_values: dict[str, Any] | None = Field(default=None, sa_column=jsonb("new_values"))
    changed_by: str = Field(sa_column=varchar("changed_by", 50, nullable=False))
    ip_address: str | None = Field(default=None, sa_column=Column("ip_address", INET))
    user_agent: str | None = Field(default=None, sa_column=Column("user_agent", Text))
    created_at: datetime | None = Field(default=None, sa_column=tstz("created_at", default_now=True))
