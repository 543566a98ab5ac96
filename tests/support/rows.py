"""Minimal valid rows for every user-owned table, for schema-level tests."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timezone
from typing import Any

from sqlalchemy import Connection, insert, select

from fitapp.models import metadata


def table(name: str):
    return metadata.tables[name]


def insert_row(conn: Connection, table_name: str, values: dict[str, Any]) -> Any:
    """Insert one row and return its primary key."""
    t = table(table_name)
    return conn.execute(insert(t).values(**values).returning(*t.primary_key.columns)).scalar_one()


def new_user(conn: Connection, **overrides: Any) -> uuid.UUID:
    token = uuid.uuid4().hex
    values = {"external_auth_id": f"local|{token}", "email": f"user-{token[:12]}@example.com", **overrides}
    return insert_row(conn, "users", values)


def valid_values(conn: Connection, table_name: str, user_id: uuid.UUID) -> dict[str, Any]:
    """A row of `table_name` for `user_id` that satisfies every constraint."""
    if table_name == "users":
        token = uuid.uuid4().hex
        return {"external_auth_id": f"local|{token}", "email": f"someone-{token[:8]}@example.com"}
    base: dict[str, dict[str, Any]] = {
        "onboarding_states": {"current_step": 3},
        "user_profile_versions": {"version": 1, "profile_snapshot": {"fitness_level": "beginner"}, "changed_by": "user"},
        "user_profiles": {
            "fitness_level": "beginner",
            "primary_goal": "fat_loss",
            "energy_level": "medium",
            "stress_level": "low",
            "sleep_quality": "good",
        },
        "fitness_goals": {
            "goal_type": "primary",
            "goal_category": "fat_loss",
            "target_weight_kg": 70,
            "target_body_fat_percentage": 20,
        },
        "physical_constraints": {
            "constraint_type": "equipment",
            "workout_location": "home",
            "max_workout_duration_minutes": 60,
            "available_equipment": ["dumbbells"],
        },
        "dietary_preferences": {"diet_type": "omnivore", "cooking_skill_level": "beginner", "meal_prep_willingness": "minimal"},
        "meal_plans": {
            "meals_per_day": 3,
            "daily_calories_target": 2000,
            "daily_calories_min": 1800,
            "daily_calories_max": 2200,
            "protein_grams_target": 150,
            "carbs_grams_target": 200,
            "fats_grams_target": 66.5,
            "protein_percentage": 30.04,
            "carbs_percentage": 40.05,
            "fats_percentage": 29.91,
        },
        "meal_schedules": {"meal_number": 1, "scheduled_time": time(8, 0), "notification_offset_minutes": -15},
        "workout_schedules": {"monday_workout": True, "preferred_workout_duration_minutes": 45},
        "hydration_preferences": {"daily_water_target_ml": 2500, "reminder_frequency_minutes": 60, "reminder_tone": "gentle"},
        "lifestyle_baselines": {"energy_level": "medium", "stress_level": "low", "sleep_quality": "good", "sleep_hours_last_night": 7.5},
        "body_measurements": {"weight_kg": 70, "height_cm": 175, "source": "onboarding"},
        "user_credentials": {"password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"},
        "auth_sessions": {"token_hash": uuid.uuid4().hex * 2, "expires_at": datetime(2100, 1, 1, tzinfo=timezone.utc)},
        "onboarding_step_events": {"step": 4, "event": "shown"},
        "user_roles": {"role": "admin", "granted_by": "pytest"},
        "audit_log": {"table_name": "users", "operation": "INSERT", "changed_by": "user", "new_values": {"email": "x"}},
    }
    values = {"user_id": user_id, **base[table_name]}
    if table_name == "meal_schedules":
        plans = table("meal_plans")
        existing = conn.execute(select(plans.c.id).where(plans.c.user_id == user_id)).scalar()
        values["meal_plan_id"] = existing or insert_row(conn, "meal_plans", {"user_id": user_id, **base["meal_plans"]})
    return values
