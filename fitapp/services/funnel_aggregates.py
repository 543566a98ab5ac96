"""Keeps the admin funnel's per-day aggregates current (migration 014 holds the SQL and the why).

Writers only mark the users they touch (`funnel_pending_users`, by triggers, in their own
transaction, one row per user: no shared hot row). `refresh` folds the marked users into the
aggregates, a batch per transaction, one refresher at a time; the admin funnel calls it before
it reads, and `python -m fitapp.cli funnel-refresh --every 10` keeps the queue short between
page loads so the admin's call has little left to do. The same job folds the data-quality
counts (migration 015), whose reads are exact without it but grow with what is not folded.
"""

from __future__ import annotations

import time

from sqlalchemy import Engine, text

from fitapp.core.db import get_engine

# In a request (the admin's read), batches small enough for the app's 4 s statement timeout
# under load (a user costs ~1-4 ms); the job, on an unbounded engine, takes bigger ones.
REQUEST_BATCH_USERS = 500
JOB_BATCH_USERS = 5_000


def refresh(*, batch: int = REQUEST_BATCH_USERS, engine: Engine | None = None,
            max_seconds: float | None = None) -> int:
    """Fold every marked user into the aggregates; returns how many were folded.

    Each batch commits on its own, so a long backlog (after a bulk load) never holds one huge
    transaction; ``max_seconds`` stops after the batch that passes it (the job's bound). With
    nothing marked it is one statement that writes nothing.
    """
    began, folded = time.monotonic(), 0
    while True:
        with (engine or get_engine()).begin() as conn:
            # With the data-quality counts' appended rows, back to one per column (migration 015).
            done = conn.execute(text("SELECT funnel_refresh(:batch), data_quality_fold()"),
                                {"batch": batch}).scalar_one()
        folded += done
        if done < batch or (max_seconds is not None and time.monotonic() - began >= max_seconds):
            return folded


def pending_users() -> int:
    """How many users' changes the aggregates do not hold yet."""
    with get_engine().connect() as conn:
        return conn.execute(text("SELECT count(*) FROM funnel_pending_users")).scalar_one()
