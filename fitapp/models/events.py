"""Extension (not in the seed): one row per onboarding step shown, answered or rejected.

The funnel analytics (time per step, drop-off, rejections per step) are computed from these.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from fitapp.models._columns import integer, jsonb, tstz, user_fk, uuid_pk, varchar
from fitapp.models.profile import in_list

STEP_EVENTS = ("shown", "answered", "rejected", "hidden")


class OnboardingStepEvent(SQLModel, table=True):
    __tablename__ = "onboarding_step_events"
    __table_args__ = (
        CheckConstraint("step >= 0 AND step <= 11", name="valid_event_step"),
        CheckConstraint(in_list("event", STEP_EVENTS), name="valid_step_event"),
        Index("idx_step_events_user_time", "user_id", "occurred_at"),
        Index("idx_step_events_step_event_time", "step", "event", "occurred_at"),
    )

    id: uuid.UUID | None = Field(default=None, sa_column=uuid_pk())
    user_id: uuid.UUID = Field(sa_column=user_fk("onboarding_step_events"))
    step: int = Field(sa_column=integer("step", nullable=False))
    event: str = Field(sa_column=varchar("event", 20, nullable=False))
    flow_version: str = Field(default="1.0", sa_column=varchar("flow_version", 10, nullable=False, default="1.0"))
    session_id: str | None = Field(default=None, sa_column=varchar("session_id", 255))
    details: dict[str, Any] | None = Field(default=None, sa_column=jsonb("details"))
    occurred_at: datetime | None = Field(default=None, sa_column=tstz("occurred_at", default_now=True, nullable=False))
