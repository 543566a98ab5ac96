"""The System health page's figures and alerts, read from a database whose every onboarding is known.

`monitoring.system_metrics` is what both the admin's System page (`SystemState.load`) and
`GET /api/v1/admin/metrics` show. Its trailing 7-day completion rate counts every onboarding
of the last week, so this test runs against a fresh database of its own: the other tests'
users (demo data spreads them over recent weeks) would change the rate.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from fitapp.core import config, db, metrics
from fitapp.core.db import make_engine
from fitapp.core.migrations import upgrade_to_head
from fitapp.presenters import system as system_rows
from fitapp.services import admin_roles, monitoring
from tests.support.rows import insert_row, new_user


@pytest.fixture
def own_database(postgres_server) -> Iterator[str]:
    """The application pointed at an empty, migrated database for one test."""
    url = postgres_server.create_database("fitapp_system")
    upgrade_to_head(url)
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url

    def clear() -> None:
        for cached in (config.get_settings, db.database_url, db.get_engine, metrics.get_metrics):
            cached.cache_clear()

    clear()
    try:
        yield url
    finally:
        db.get_engine().dispose()
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
        clear()
        postgres_server.drop_database(url)


def _onboardings(url: str, started_days_ago: list[tuple[int, bool]]) -> None:
    """One user per entry, started that many days ago (at noon UTC), completed or not."""
    today_noon = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    engine = make_engine(url, pooled=False)
    try:
        with engine.begin() as conn:
            for days, completed in started_days_ago:
                started = today_noon - timedelta(days=days)
                insert_row(conn, "onboarding_states", {
                    "user_id": new_user(conn), "current_step": 11 if completed else 2, "started_at": started,
                    "last_activity_at": started, "completed_at": started + timedelta(minutes=5) if completed else None,
                })
    finally:
        engine.dispose()


def _an_admin(url: str) -> uuid.UUID:
    """An admin with no onboarding of its own (it does not count in the completion rate)."""
    engine = make_engine(url, pooled=False)
    try:
        with engine.begin() as conn:
            email = f"admin-{uuid.uuid4().hex[:8]}@example.com"
            new_user(conn, email=email)
    finally:
        engine.dispose()
    return admin_roles.grant_admin(email)


def test_the_figures_are_for_admins_only(own_database):
    engine = make_engine(own_database, pooled=False)
    try:
        with engine.begin() as conn:
            member = new_user(conn)
    finally:
        engine.dispose()

    with pytest.raises(admin_roles.NotAllowed):
        monitoring.system_metrics(member)
    with pytest.raises(admin_roles.NotAllowed):
        monitoring.system_metrics(None)


def test_a_week_below_60_percent_completion_raises_the_alert_the_system_page_shows(own_database):
    # The cohort is the 7 days before today: 1..7 days ago. 2 of 5 completed = 40 %.
    # Outside it: a completed start today and one 8 days ago (they would make it 4 of 7).
    _onboardings(own_database, [(1, True), (2, False), (3, True), (5, False), (7, False), (0, True), (8, True)])

    figures = monitoring.system_metrics(_an_admin(own_database))

    assert figures["onboarding_completion_7d_pct"] == 40.0
    assert "Onboarding completion over the last 7 days is 40 % (alert below 60 %)." in figures["alerts"]
    rows = {row["label"]: row["value"] for row in system_rows.figure_rows(figures)}
    assert rows["Onboarding completion (7 days)"] == "40 %"


def test_a_week_at_60_percent_raises_no_completion_alert(own_database):
    _onboardings(own_database, [(1, True), (2, True), (3, True), (4, False), (6, False)])  # 3 of 5

    figures = monitoring.system_metrics(_an_admin(own_database))

    assert figures["onboarding_completion_7d_pct"] == 60.0
    assert not [alert for alert in figures["alerts"] if alert.startswith("Onboarding completion")]
