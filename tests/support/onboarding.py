"""Onboarding shortcuts for service tests: store answers directly, count what a user owns.

The step-by-step submit service is tested on its own; tests of what comes after it (confirm,
profile, versions) start from answers written straight into onboarding_states.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text
from sqlmodel import select

from fitapp.core.db import session_scope
from fitapp.domain import propose_from_answers, step_data_from_answers
from fitapp.models import OnboardingState
from fitapp.services.profile_lock import confirm_and_lock
from tests.support.factories import sign_up_new_user
from tests.unit.answers_fixture import valid_answers

# Every table the confirm writes for a user (users and onboarding_states are updated, not inserted).
PROFILE_TABLES = (
    "user_profiles",
    "user_profile_versions",
    "fitness_goals",
    "physical_constraints",
    "dietary_preferences",
    "meal_plans",
    "meal_schedules",
    "workout_schedules",
    "hydration_preferences",
    "lifestyle_baselines",
    "body_measurements",
)


def answers_for_today(time_zone: str = "Europe/Berlin") -> dict[int, dict[str, Any]]:
    """valid_answers() on the fixture user's own date, as the confirm validates it."""
    return valid_answers(datetime.now(ZoneInfo(time_zone)).date())


def answers_aged_36(time_zone: str = "Europe/Berlin") -> dict[int, dict[str, Any]]:
    """answers_for_today() for someone who is 36 on the fixture user's date, whenever the tests
    run, so that expected plans can be worked out by hand once (female, 62.5 kg, 168 cm,
    moderately active, four workout days, fat loss).

    Born on the last day of last month, 36 years ago: the 36th birthday has passed, the 37th
    is almost a year away.
    """
    today = datetime.now(ZoneInfo(time_zone)).date()
    answers = valid_answers(today)
    answers[0]["birth_date"] = (date(today.year - 36, today.month, 1) - timedelta(days=1)).isoformat()
    answers[7] = propose_from_answers(answers, today).as_answer(answers[7]["meals_per_day"])
    return answers


def complete_onboarding_answers(
    user_id: uuid.UUID, answers: Mapping[int, Mapping[str, Any]] | None = None
) -> dict[int, dict[str, Any]]:
    """Store ``answers`` (default: a complete valid set) as if steps 0–10 were all answered."""
    stored = {step: dict(answer) for step, answer in (answers or answers_for_today()).items()}
    with session_scope() as db:
        state = db.exec(select(OnboardingState).where(OnboardingState.user_id == user_id)).one()
        state.step_data = step_data_from_answers(stored)
        state.completed_steps = sorted(stored)
        state.current_step = 11
    return stored


def row_counts(engine: Engine, user_id: uuid.UUID, tables: tuple[str, ...] = PROFILE_TABLES) -> dict[str, int]:
    """How many rows of each table belong to the user."""
    with engine.connect() as conn:
        return {
            name: conn.execute(text(f"SELECT count(*) FROM {name} WHERE user_id = :u"), {"u": user_id}).scalar_one()
            for name in tables
        }


def audit_rows(engine: Engine, user_id: uuid.UUID) -> list[Any]:
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT table_name, operation, old_values, new_values, changed_by, user_agent "
                "FROM audit_log WHERE user_id = :u ORDER BY created_at, table_name"
            ),
            {"u": user_id},
        ).all()


def onboarding_row(engine: Engine, user_id: uuid.UUID) -> Any:
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT o.completed_at, o.current_step, u.onboarding_completed, u.onboarding_completed_at, u.metadata "
                "FROM onboarding_states o JOIN users u ON u.id = o.user_id WHERE o.user_id = :u"
            ),
            {"u": user_id},
        ).one()


def confirmed_user(
    answers: Mapping[int, Mapping[str, Any]] | None = None,
) -> tuple[uuid.UUID, dict[int, dict[str, Any]]]:
    """A new user whose onboarding (``answers``, default a complete valid set) is confirmed and locked."""
    user_id = sign_up_new_user().user.user_id
    stored = complete_onboarding_answers(user_id, answers)
    confirm_and_lock(user_id)
    return user_id, stored


def version_rows(engine: Engine, user_id: uuid.UUID) -> list[Any]:
    """The user's user_profile_versions rows, oldest first."""
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT * FROM user_profile_versions WHERE user_id = :u ORDER BY version"), {"u": user_id}
        ).all()
