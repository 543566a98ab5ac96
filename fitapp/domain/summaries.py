"""The short echo of an accepted answer, shown as the user's chat bubble and on review.

Each function takes the stored (normalized) answer, so the same text appears in the
conversation, on the review screen and after resuming on another device.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fitapp.domain.answer_reader import fmt
from fitapp.domain.choices import (
    ACTIVITY_LEVELS,
    COOKING_SKILLS,
    DIET_TYPES,
    ENERGY_LEVELS,
    FITNESS_LEVELS,
    GOAL_CATEGORIES,
    INJURY_AREAS,
    REMINDER_TONES,
    SEXES,
    SLEEP_QUALITIES,
    STRESS_LEVELS,
    WORKOUT_LOCATIONS,
    label_of,
)
from fitapp.domain.units import cm_to_ft_in, kg_to_lb

Answer = Mapping[str, Any]
SEP = " · "


def _slug_text(slug: str) -> str:
    return slug.replace("_", " ")


def summarize_step0(a: Answer) -> str:
    if a.get("units") == "imperial":
        feet, inches = cm_to_ft_in(a["height_cm"])
        body = [f"{feet} ft {inches} in", f"{fmt(kg_to_lb(a['weight_kg']))} lb"]
    else:
        body = [f"{fmt(a['height_cm'])} cm", f"{fmt(a['weight_kg'])} kg"]
    return SEP.join(
        [label_of(SEXES, a.get("sex")), f"born {a.get('birth_date')}", *body, str(a.get("time_zone"))]
    )


def summarize_step1(a: Answer) -> str:
    return SEP.join(
        [
            label_of(FITNESS_LEVELS, a.get("fitness_level")),
            label_of(ACTIVITY_LEVELS, a.get("activity_level")).lower(),
        ]
    )


def summarize_step2(a: Answer) -> str:
    goal = label_of(GOAL_CATEGORIES, a.get("primary_goal"))
    if a.get("secondary_goal"):
        goal += f", then {label_of(GOAL_CATEGORIES, a['secondary_goal']).lower()}"
    parts = [goal]
    targets = []
    if a.get("target_weight_kg") is not None:
        targets.append(f"{fmt(a['target_weight_kg'])} kg")
    if a.get("target_body_fat_percentage") is not None:
        targets.append(f"{fmt(a['target_body_fat_percentage'])} % body fat")
    if a.get("target_muscle_gain_kg") is not None:
        targets.append(f"+{fmt(a['target_muscle_gain_kg'])} kg muscle")
    if targets:
        text = "target " + ", ".join(targets)
        if a.get("target_timeline_weeks"):
            text += f" in {a['target_timeline_weeks']} weeks"
        parts.append(text)
    return SEP.join(parts)


def summarize_step3(a: Answer) -> str:
    yes = sum(1 for value in (a.get("parq") or {}).values() if value)
    parts = ["Health questions: all no" if not yes else f"Health questions: {yes} yes"]
    injuries = a.get("injuries") or []
    if injuries:
        parts.append(
            ", ".join(
                f"{label_of(INJURY_AREAS, item['area']).lower()} ({item['severity']})"
                for item in injuries
            )
        )
    else:
        parts.append("no injuries")
    limitations = a.get("limitations") or []
    if limitations:
        parts.append(f"{len(limitations)} limitation{'s' if len(limitations) != 1 else ''}")
    return SEP.join(parts)


def summarize_step4(a: Answer) -> str:
    equipment = a.get("available_equipment") or []
    return SEP.join(
        [
            label_of(WORKOUT_LOCATIONS, a.get("workout_location")),
            ", ".join(_slug_text(slug) for slug in equipment) if equipment else "no equipment",
            f"up to {a.get('max_workout_duration_minutes')} min",
        ]
    )


def summarize_step5(a: Answer) -> str:
    days = ", ".join(day[:3].capitalize() for day in a.get("workout_days") or [])
    parts = [
        f"{days} at {a.get('preferred_workout_time')}",
        f"{a.get('preferred_workout_duration_minutes')} min",
    ]
    if a.get("workout_reminder_enabled"):
        offset = abs(int(a.get("reminder_offset_minutes") or 0))
        parts.append(f"reminder {offset} min before" if offset else "reminder at the start")
    else:
        parts.append("no reminder")
    parts.append(f"{a.get('rest_day_preference')} rest days")
    return SEP.join(parts)


def summarize_step6(a: Answer) -> str:
    diet = label_of(DIET_TYPES, a.get("diet_type"))
    if a.get("diet_type") == "other" and a.get("diet_type_other"):
        diet = a["diet_type_other"]
    parts = [diet]
    for key, name in (("allergies", "allergies"), ("intolerances", "intolerances"), ("dislikes", "dislikes")):
        if a.get(key):
            parts.append(f"{name}: {', '.join(a[key])}")
    if a.get("cooking_skill_level"):
        parts.append(f"{label_of(COOKING_SKILLS, a['cooking_skill_level']).lower()} cook")
    return SEP.join(parts)


def summarize_step7(a: Answer) -> str:
    return SEP.join(
        [
            f"{a.get('meals_per_day')} meals",
            f"{fmt(a.get('daily_calories_target') or 0)} kcal",
            f"protein {fmt(a.get('protein_grams_target') or 0)} g",
            f"carbs {fmt(a.get('carbs_grams_target') or 0)} g",
            f"fat {fmt(a.get('fats_grams_target') or 0)} g",
            "coach's proposal" if a.get("accept_proposal") else "adjusted",
        ]
    )


def summarize_step8(a: Answer) -> str:
    return SEP.join(f"{meal['meal_name']} {meal['scheduled_time']}" for meal in a.get("meals") or [])


def summarize_step9(a: Answer) -> str:
    sleep = f"sleep {label_of(SLEEP_QUALITIES, a.get('sleep_quality')).lower()}"
    if a.get("sleep_hours_last_night") is not None:
        sleep += f" ({fmt(a['sleep_hours_last_night'])} h last night)"
    return SEP.join(
        [
            f"Energy {label_of(ENERGY_LEVELS, a.get('energy_level')).lower()}",
            f"stress {label_of(STRESS_LEVELS, a.get('stress_level')).lower()}",
            sleep,
        ]
    )


def summarize_step10(a: Answer) -> str:
    parts = [f"{fmt(a.get('daily_water_target_ml') or 0)} ml a day"]
    if a.get("reminder_enabled"):
        parts.append(
            f"reminders every {a.get('reminder_frequency_minutes')} min, "
            f"{a.get('reminder_start_time')}–{a.get('reminder_end_time')}"
        )
        parts.append(label_of(REMINDER_TONES, a.get("reminder_tone")).lower())
    else:
        parts.append("no reminders")
    if a.get("auto_remind_with_meals"):
        parts.append("with meals")
    return SEP.join(parts)


def summarize_step11(a: Answer) -> str:
    return "Confirmed" if a.get("confirm") else "Not confirmed yet"
