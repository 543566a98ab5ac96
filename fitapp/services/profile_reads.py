"""Reading the locked profile (API, AI agents): through the Redis profile cache when configured.

PostgreSQL stays the truth (``profile_lock.load_locked_profile``); the cache only spares the
dozen queries of a snapshot. The services invalidate the entry after every change commits.
One race remains for a read-through cache: a read that started before a change commits
could store the old document after the change's invalidation. So after storing, the
version is read again and a document that is no longer current (or whose account was erased
meanwhile) is dropped at once.

An invalidation can also fail outright (Redis refusing writes while the change commits). So a
hit is served only when its version is still the one in PostgreSQL: one indexed lookup, against
the dozen queries of a snapshot that the cache spares.
"""

from __future__ import annotations

import uuid
from typing import Any

from fitapp.core.cache import get_profile_cache
from fitapp.domain.errors import AccountClosed
from fitapp.services import profile_changes, profile_lock


def locked_profile(user_id: uuid.UUID) -> dict[str, Any] | None:
    """The confirmed configuration with ``version`` and ``locked_at``; None before confirm."""
    cache = get_profile_cache()
    key = str(user_id)
    if cache is not None and (cached := cache.get(key)) is not None:
        if cached.get("version") == profile_lock.locked_version(user_id):
            return cached
        cache.invalidate(key)  # stale: its change could not invalidate it
    document = profile_lock.load_locked_profile(user_id)
    if document is None or cache is None:
        return document
    cache.put(key, document)
    try:
        current = profile_changes.current_profile(user_id)
    except AccountClosed:  # erased while this read was under way: its document must not stay
        current = None
    if current is None or current.version != document["version"]:
        cache.invalidate(key)
    return document


def agent_context(user_id: uuid.UUID, profile: dict[str, Any]) -> dict[str, Any]:
    """Seed Appendix A's "complete user context for AI agents", from a locked profile.

    The profile fields, active goals, active constraints, dietary preferences, meal plan,
    meal schedule, workout schedule, hydration and the latest lifestyle baseline.
    """
    fields = profile.get("user_profiles") or {}
    users = profile.get("users") or {}
    diet = profile.get("dietary_preferences")
    return {
        "user_id": user_id,
        "profile_version": profile["version"],
        **{key: fields.get(key) for key in (
            "fitness_level", "primary_goal", "secondary_goal", "energy_level", "stress_level", "sleep_quality")},
        "time_zone": users.get("time_zone"),
        "units": users.get("units"),
        "fitness_goals": [goal for goal in profile.get("fitness_goals") or [] if goal.get("status") == "active"],
        "constraints": [row for row in profile.get("physical_constraints") or [] if row.get("is_active") is True],
        "dietary_prefs": [diet] if diet else [],
        "meal_plan": profile.get("meal_plans"),
        "meal_schedule": profile.get("meal_schedules") or [],
        "workout_schedule": profile.get("workout_schedules"),
        "hydration": profile.get("hydration_preferences"),
        "lifestyle": profile.get("lifestyle_baselines"),
    }
