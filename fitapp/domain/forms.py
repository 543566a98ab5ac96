"""Between the conversation's HTML forms (flat strings) and step answers (typed dicts).

The browser sends every field as text; this turns it into the answer shape the rules of
`validate_answer` check, converting imperial input to metric, and back again to pre-fill a
form when an earlier answer is changed. Anything unparseable is passed through as typed so
that validation, not this module, says what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fitapp.domain import choices
from fitapp.domain.units import cm_to_ft_in, ft_in_to_cm, kg_to_lb, lb_to_kg

Form = Mapping[str, Any]
MAX_INJURY_ROWS = 5
ON = "on"

PARQ_KEYS = choices.values(choices.PARQ_QUESTIONS)
WEEKDAY_KEYS = choices.values(choices.WEEKDAYS)
DIET_LIST_FIELDS = ("allergies", "intolerances", "dislikes", "religious_restrictions", "preferred_cuisines")
# Step 0's metric answer fields and the form fields they are typed in with imperial units.
IMPERIAL_FORM_FIELDS = {"height_cm": ("height_ft", "height_in"), "weight_kg": ("weight_lb",)}
# A meal's answer keys and the suffix of its form fields (meal_<number>_<suffix>).
MEAL_FORM_SUFFIXES = {
    "meal_name": "name",
    "scheduled_time": "time",
    "earliest_time": "earliest",
    "latest_time": "latest",
    "notification_offset_minutes": "offset",
}


def _text(form: Form, name: str) -> str | None:
    value = form.get(name)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _number(form: Form, name: str) -> Any:
    """An int or float when the text is a number; the text itself otherwise (validation refuses it)."""
    value = _text(form, name)
    if value is None:
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value and "," not in value else number


def _minutes_before(form: Form, name: str) -> Any:
    """People type "15 minutes before" as 15; the schema stores the offset as -15."""
    value = _number(form, name)
    return -abs(value) if isinstance(value, (int, float)) else value


def _checked(form: Form, name: str) -> bool:
    return str(form.get(name, "")).lower() in (ON, "true", "yes", "1")


def _list(form: Form, name: str) -> list[str]:
    text = _text(form, name) or ""
    return [part.strip() for part in text.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


def _lines(form: Form, name: str) -> list[str]:
    return [line.strip() for line in (_text(form, name) or "").splitlines() if line.strip()]


def _injury_rows(form: Form) -> list[int]:
    """The injury rows of the form that make an injury (a blank row is no injury), in order."""
    return [row for row in range(1, MAX_INJURY_ROWS + 1)
            if _text(form, f"injury_{row}_area") or _text(form, f"injury_{row}_description")]


# A form the tab kept for a Send that got no reply (state/conversation.py): at most this many
# fields of at most this many characters; the browser's copy, so anything else is dropped.
MAX_KEPT_FIELDS = 300
MAX_KEPT_FIELD_CHARS = 10_000


def kept_form(value: Any) -> dict[str, str] | None:
    """A step form as the tab kept it ({"step": "2", "fields": {name: text}}), or None if it is
    not one. The fields go back into the form's inputs and through ``answer_from_form``."""
    if not isinstance(value, Mapping) or not isinstance(value.get("fields"), Mapping):
        return None
    fields = value["fields"]
    if len(fields) > MAX_KEPT_FIELDS:
        return None
    kept = {name: text for name, text in fields.items()
            if isinstance(name, str) and isinstance(text, str) and len(text) <= MAX_KEPT_FIELD_CHARS}
    return kept if len(kept) == len(fields) else None


def answer_from_form(step: int, form: Form, meals_per_day: int = 0) -> dict[str, Any]:
    """The step's answer built from the submitted form fields."""
    if step == 0:
        units = _text(form, "units")
        if units == "imperial":
            feet, inches, pounds = _number(form, "height_ft"), _number(form, "height_in") or 0, _number(form, "weight_lb")
            height = ft_in_to_cm(feet, inches) if isinstance(feet, (int, float)) and isinstance(inches, (int, float)) else feet
            weight = lb_to_kg(pounds) if isinstance(pounds, (int, float)) else pounds
        else:
            height, weight = _number(form, "height_cm"), _number(form, "weight_kg")
        return {
            "consent": _checked(form, "consent"),
            "units": units,
            "sex": _text(form, "sex"),
            "birth_date": _text(form, "birth_date"),
            "height_cm": height,
            "weight_kg": weight,
            "time_zone": _text(form, "time_zone"),
        }
    if step == 1:
        return {"fitness_level": _text(form, "fitness_level"), "activity_level": _text(form, "activity_level")}
    if step == 2:
        return {
            "primary_goal": _text(form, "primary_goal"),
            "secondary_goal": _text(form, "secondary_goal"),
            "target_weight_kg": _number(form, "target_weight_kg"),
            "target_body_fat_percentage": _number(form, "target_body_fat_percentage"),
            "target_muscle_gain_kg": _number(form, "target_muscle_gain_kg"),
            "target_timeline_weeks": _number(form, "target_timeline_weeks"),
            "user_explanation": _text(form, "user_explanation"),
        }
    if step == 3:
        injuries = []
        for row in _injury_rows(form):
            area, severity, description = (_text(form, f"injury_{row}_{part}") for part in ("area", "severity", "description"))
            injuries.append({"area": area, "severity": severity, "description": description or ""})
        parq = {key: _text(form, f"parq_{key}") == "yes" if _text(form, f"parq_{key}") else None for key in PARQ_KEYS}
        return {"parq": parq, "injuries": injuries, "limitations": _lines(form, "limitations")}
    if step == 4:
        return {
            "workout_location": _text(form, "workout_location"),
            "available_equipment": sorted(name.removeprefix("equipment_") for name in form
                                          if name.startswith("equipment_") and _checked(form, name)),
            "max_workout_duration_minutes": _number(form, "max_workout_duration_minutes"),
        }
    if step == 5:
        reminder = _checked(form, "workout_reminder_enabled")
        return {
            "workout_days": [day for day in WEEKDAY_KEYS if _checked(form, f"day_{day}")],
            "preferred_workout_time": _text(form, "preferred_workout_time"),
            "preferred_workout_duration_minutes": _number(form, "preferred_workout_duration_minutes"),
            "workout_reminder_enabled": reminder,
            "reminder_offset_minutes": _minutes_before(form, "reminder_offset_minutes") if reminder else None,
            "rest_day_preference": _text(form, "rest_day_preference"),
        }
    if step == 6:
        return {
            "diet_type": _text(form, "diet_type"),
            "diet_type_other": _text(form, "diet_type_other") if _text(form, "diet_type") == "other" else None,
            **{name: _list(form, name) for name in DIET_LIST_FIELDS},
            "cooking_skill_level": _text(form, "cooking_skill_level"),
            "meal_prep_willingness": _text(form, "meal_prep_willingness"),
            "max_meal_prep_time_minutes": _number(form, "max_meal_prep_time_minutes"),
            "budget_per_day_usd": _number(form, "budget_per_day_usd"),
            "additional_notes": _text(form, "additional_notes"),
        }
    if step == 7:
        if _checked(form, "adjust"):
            return {
                "meals_per_day": _number(form, "meals_per_day"),
                "accept_proposal": False,
                **{name: _number(form, name) for name in
                   ("daily_calories_target", "protein_grams_target", "carbs_grams_target", "fats_grams_target")},
            }
        return {"meals_per_day": _number(form, "meals_per_day"), "accept_proposal": True}
    if step == 8:
        return {
            "meals": [
                {
                    "meal_number": number,
                    **{key: _text(form, f"meal_{number}_{suffix}") for key, suffix in MEAL_FORM_SUFFIXES.items()},
                    "notification_offset_minutes": _minutes_before(form, f"meal_{number}_offset"),
                }
                for number in range(1, meals_per_day + 1)
            ]
        }
    if step == 9:
        return {
            "energy_level": _text(form, "energy_level"),
            "stress_level": _text(form, "stress_level"),
            "sleep_quality": _text(form, "sleep_quality"),
            "sleep_hours_last_night": _number(form, "sleep_hours_last_night"),
        }
    if step == 10:
        return {
            "daily_water_target_ml": _number(form, "daily_water_target_ml"),
            "reminder_enabled": _checked(form, "reminder_enabled"),
            "reminder_frequency_minutes": _number(form, "reminder_frequency_minutes"),
            "reminder_start_time": _text(form, "reminder_start_time"),
            "reminder_end_time": _text(form, "reminder_end_time"),
            "reminder_tone": _text(form, "reminder_tone"),
            "auto_remind_with_meals": _checked(form, "auto_remind_with_meals"),
        }
    raise ValueError(f"step {step} has no form")


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ON if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def form_from_answer(step: int, answer: Mapping[str, Any] | None) -> dict[str, str]:
    """Form field values that re-create a stored answer, to pre-fill the form when it is changed."""
    if not answer:
        return {}
    fields: dict[str, str] = {}
    if step == 3:
        for key, value in (answer.get("parq") or {}).items():
            fields[f"parq_{key}"] = "yes" if value else "no"
        for row, injury in enumerate(answer.get("injuries") or [], start=1):
            for part in ("area", "severity", "description"):
                fields[f"injury_{row}_{part}"] = _str(injury.get(part))
        fields["limitations"] = "\n".join(answer.get("limitations") or [])
        return fields
    if step == 4:
        fields["workout_location"] = _str(answer.get("workout_location"))
        fields["max_workout_duration_minutes"] = _str(answer.get("max_workout_duration_minutes"))
        fields.update({f"equipment_{code}": ON for code in answer.get("available_equipment") or []})
        return fields
    if step == 5:
        fields.update({f"day_{day}": ON for day in answer.get("workout_days") or []})
        offset = answer.get("reminder_offset_minutes")
        answer = {**answer, "reminder_offset_minutes": abs(offset) if isinstance(offset, (int, float)) else offset}
    if step == 8:
        for meal in answer.get("meals") or []:
            n = meal.get("meal_number")
            fields.update({
                f"meal_{n}_name": _str(meal.get("meal_name")),
                f"meal_{n}_time": _str(meal.get("scheduled_time")),
                f"meal_{n}_earliest": _str(meal.get("earliest_time")),
                f"meal_{n}_latest": _str(meal.get("latest_time")),
                f"meal_{n}_offset": _str(abs(meal["notification_offset_minutes"]))
                if isinstance(meal.get("notification_offset_minutes"), (int, float)) else "",
            })
        return fields
    for key, value in answer.items():
        if isinstance(value, list):
            fields[key] = ", ".join(str(item) for item in value)
        elif not isinstance(value, dict):
            fields[key] = _str(value)
    if step == 0 and answer.get("height_cm") and answer.get("weight_kg"):
        feet, inches = cm_to_ft_in(float(answer["height_cm"]))
        fields.update(height_ft=str(feet), height_in=str(inches), weight_lb=_str(kg_to_lb(float(answer["weight_kg"]))))
    if step == 7:
        fields["adjust"] = "" if answer.get("accept_proposal", True) else ON
    return fields


def form_fields(step: int, form: Form, answer_fields: Iterable[str]) -> list[str]:
    """The names of the form's inputs that hold some answer fields, to mark them as invalid.

    ``answer_fields`` are paths into the answer as ``StepRejected.fields`` gives them
    ("height_cm", "injuries.1.area", "meals.2.latest_time"); ``form`` is the submitted form,
    which says the units and which injury rows were filled in.
    """
    names: list[str] = []
    for path in answer_fields:
        for name in _form_names(step, form, path.split(".")):
            if name not in names:
                names.append(name)
    return names


def form_field_messages(step: int, form: Form, field_messages: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Each invalid input's own message, by input name, to show beside it.

    ``field_messages`` are ``StepRejected.field_messages`` (answer paths to messages); one input
    that several paths land on (feet and inches for a height) gets all of their messages.
    """
    shown: dict[str, list[str]] = {}
    for path, messages in field_messages.items():
        for name in _form_names(step, form, path.split(".")):
            for message in messages:
                if message not in shown.setdefault(name, []):
                    shown[name].append(message)
    return {name: " ".join(messages) for name, messages in shown.items()}


def _form_names(step: int, form: Form, parts: list[str]) -> tuple[str, ...]:
    key, index = parts[0], int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None
    if step == 0 and _text(form, "units") == "imperial" and key in IMPERIAL_FORM_FIELDS:
        return IMPERIAL_FORM_FIELDS[key]
    if step == 3 and key == "parq" and len(parts) == 2:
        return (f"parq_{parts[1]}",)
    if step == 3 and key == "injuries" and index is not None:
        rows = _injury_rows(form)
        return (f"injury_{rows[index - 1]}_{parts[2]}",) if 0 < index <= len(rows) else ()
    if step == 8 and key == "meals" and index is not None and parts[2] in MEAL_FORM_SUFFIXES:
        return (f"meal_{index}_{MEAL_FORM_SUFFIXES[parts[2]]}",)
    return (key,) if len(parts) == 1 else ()
