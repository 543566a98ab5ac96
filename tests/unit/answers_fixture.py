"""A complete, valid set of stored answers for steps 0–10.

Reused by unit, integration and end-to-end tests. The answers are in the stored
(normalized) shape, which is also a valid input to ``validate_answer``. Step 7 is the
accepted coach proposal for these answers on ``today``; it is computed, because the age
(and with it the proposal) depends on the day the tests run.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from fitapp.domain import propose_from_answers

_BASE: dict[int, dict[str, Any]] = {
    0: {
        "consent": True,
        "units": "metric",
        "sex": "female",
        "birth_date": "1990-05-14",
        "height_cm": 168.0,
        "weight_kg": 62.5,
        "time_zone": "Europe/Berlin",
    },
    1: {"fitness_level": "intermediate", "activity_level": "moderate"},
    2: {
        "primary_goal": "fat_loss",
        "secondary_goal": "strength",
        "target_weight_kg": 58.0,
        "target_body_fat_percentage": None,
        "target_muscle_gain_kg": None,
        "target_timeline_weeks": 12,
        "user_explanation": "I want to feel fitter for hiking.",
    },
    3: {
        "parq": {
            "heart_condition": False,
            "chest_pain_activity": False,
            "chest_pain_rest": False,
            "dizziness": False,
            "bone_joint": False,
            "bp_medication": False,
            "other_reason": False,
        },
        "injuries": [{"area": "knee", "severity": "mild", "description": "Old running injury"}],
        "limitations": [],
    },
    4: {
        "workout_location": "home",
        "available_equipment": ["dumbbells", "resistance_bands", "yoga_mat"],
        "max_workout_duration_minutes": 60,
    },
    5: {
        "workout_days": ["monday", "wednesday", "friday", "saturday"],
        "preferred_workout_time": "18:00",
        "preferred_workout_duration_minutes": 45,
        "workout_reminder_enabled": True,
        "reminder_offset_minutes": -30,
        "rest_day_preference": "flexible",
    },
    6: {
        "diet_type": "omnivore",
        "diet_type_other": None,
        "allergies": ["peanuts"],
        "intolerances": [],
        "dislikes": ["olives"],
        "religious_restrictions": [],
        "preferred_cuisines": ["italian", "indian"],
        "cooking_skill_level": "intermediate",
        "meal_prep_willingness": "moderate",
        "max_meal_prep_time_minutes": 30,
        "budget_per_day_usd": 15.0,
        "additional_notes": None,
    },
    8: {
        "meals": [
            {
                "meal_number": 1,
                "meal_name": "Breakfast",
                "scheduled_time": "07:30",
                "earliest_time": "07:00",
                "latest_time": "08:30",
                "notification_offset_minutes": -15,
            },
            {
                "meal_number": 2,
                "meal_name": "Lunch",
                "scheduled_time": "12:30",
                "earliest_time": "12:00",
                "latest_time": "13:30",
                "notification_offset_minutes": -15,
            },
            {
                "meal_number": 3,
                "meal_name": "Dinner",
                "scheduled_time": "19:30",
                "earliest_time": "19:00",
                "latest_time": "20:30",
                "notification_offset_minutes": -15,
            },
        ]
    },
    9: {
        "energy_level": "medium",
        "stress_level": "low",
        "sleep_quality": "good",
        "sleep_hours_last_night": 7.5,
    },
    10: {
        "daily_water_target_ml": 2200,
        "reminder_enabled": True,
        "reminder_frequency_minutes": 60,
        "reminder_start_time": "08:00",
        "reminder_end_time": "22:00",
        "reminder_tone": "gentle",
        "auto_remind_with_meals": True,
    },
}

MEALS_PER_DAY = 3


def valid_answers(today: date | None = None) -> dict[int, dict[str, Any]]:
    """Answers to steps 0–10 that pass ``validate_all`` on ``today`` (default: the real today)."""
    answers = copy.deepcopy(_BASE)
    answers[7] = propose_from_answers(answers, today or date.today()).as_answer(MEALS_PER_DAY)
    return dict(sorted(answers.items()))
