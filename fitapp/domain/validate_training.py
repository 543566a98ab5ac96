"""Rules of steps 4–5: where & with what, workout schedule."""

from __future__ import annotations

from typing import Any

from fitapp.domain.answer_fields import keys_of
from fitapp.domain.answer_reader import AnswerReader
from fitapp.domain.choices import REST_DAY_PREFERENCES, WEEKDAYS, WORKOUT_LOCATIONS, values
from fitapp.domain.ranges import LIMITS
from fitapp.domain.results import StepContext, StepResult

STEP4_KEYS, STEP5_KEYS = keys_of(4), keys_of(5)
NO_EQUIPMENT = "none"
DEFAULT_WORKOUT_REMINDER_OFFSET = -30  # workout_schedules.reminder_offset_minutes default


def validate_step4(answer: Any, ctx: StepContext) -> StepResult:
    """Location, equipment slugs that exist in ref_equipment_types, longest workout.

    An empty list means no equipment; the chip "none" is accepted and stored as [].
    """
    r = AnswerReader(answer, STEP4_KEYS)
    location = r.choice("workout_location", WORKOUT_LOCATIONS)
    items = r.items("available_equipment")
    equipment: list[str] = []
    if items is not None:
        known = ctx.reference.equipment_codes
        unknown: list[str] = []
        for item in items:
            if not isinstance(item, str):
                r.fail("Equipment must be a list of equipment names.", "available_equipment")
                break
            slug = item.strip().lower()
            if slug in equipment or not slug:
                continue
            if slug not in known and slug != NO_EQUIPMENT:
                unknown.append(item)
            equipment.append(slug)
        if unknown:
            r.fail(
                f"I don't know the equipment {', '.join(repr(u) for u in unknown)}; "
                "please pick from the list.",
                "available_equipment",
            )
        if NO_EQUIPMENT in equipment and NO_EQUIPMENT not in known:
            if len(equipment) > 1:
                r.fail("Choose either 'no equipment' or the equipment you have, not both.", "available_equipment")
            equipment = [slug for slug in equipment if slug != NO_EQUIPMENT]
    longest = r.integer(
        "max_workout_duration_minutes", *LIMITS["max_workout_duration_minutes"].bounds, "minutes"
    )
    r.raise_if_failed(4)
    return StepResult(
        {
            "workout_location": location,
            "available_equipment": equipment,
            "max_workout_duration_minutes": longest,
        }
    )


def duration_problem(duration: int, step4_answer: dict[str, Any] | None) -> str | None:
    """Why a workout duration no longer fits the longest workout of step 4, if it doesn't."""
    if not step4_answer or step4_answer.get("max_workout_duration_minutes") is None:
        return None
    longest = step4_answer["max_workout_duration_minutes"]
    if duration > longest:
        return (
            f"A {duration}-minute workout is longer than your longest workout of {longest} "
            f"minutes (from 'Where & with what'); choose at most {longest} minutes or change "
            "that answer."
        )
    return None


def validate_step5(answer: Any, ctx: StepContext) -> StepResult:
    """Workout days (at least one), time, duration within step 4's limit, reminder, rest days."""
    r = AnswerReader(answer, STEP5_KEYS)
    items = r.items("workout_days", max_items=7, noun="days")
    days: list[str] = []
    if items is not None:
        bad = [item for item in items if not isinstance(item, str) or item.strip().lower() not in values(WEEKDAYS)]
        if bad:
            r.fail(f"Workout days must be weekdays: {', '.join(values(WEEKDAYS))}.", "workout_days")
        chosen = {item.strip().lower() for item in items if isinstance(item, str)}
        days = [day for day in values(WEEKDAYS) if day in chosen]
        if not bad and not days:
            r.fail("Pick at least one workout day.", "workout_days")
    workout_time = r.time("preferred_workout_time")
    duration = r.integer(
        "preferred_workout_duration_minutes", *LIMITS["preferred_workout_duration_minutes"].bounds, "minutes"
    )
    if duration is not None:
        step4 = ctx.answer(4)
        if not step4:
            r.fail(
                "I need your longest workout (from 'Where & with what') before I can check "
                "the duration; please answer that step first."
            )
        else:
            problem = duration_problem(duration, dict(step4))
            if problem:
                r.fail(problem, "preferred_workout_duration_minutes")
    reminder = r.boolean("workout_reminder_enabled")
    offset = r.integer("reminder_offset_minutes", *LIMITS["reminder_offset_minutes"].bounds, "minutes", required=False)
    rest = r.choice("rest_day_preference", REST_DAY_PREFERENCES)
    r.raise_if_failed(5)
    return StepResult(
        {
            "workout_days": days,
            "preferred_workout_time": workout_time,
            "preferred_workout_duration_minutes": duration,
            "workout_reminder_enabled": reminder,
            "reminder_offset_minutes": DEFAULT_WORKOUT_REMINDER_OFFSET if offset is None else offset,
            "rest_day_preference": rest,
        }
    )
