"""A typed answer shown in the step's form: pre-filled inputs and the still-missing ones marked.

The interpreter (``domain/interpret``) reads text into answer fields; this turns them into the
conversation form's values over what the form already held, and names the inputs still needed,
so the user confirms with the normal Send (the normal validation and saving). Pure: no state.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from fitapp.domain.forms import form_field_messages, form_from_answer
from fitapp.domain.interpret import Chip, Interpretation, missing_keys
from fitapp.domain.units import cm_to_ft_in, kg_to_lb

STILL_NEEDED = "Still needed"
# Filled in by the browser itself when empty (see components/step_forms.py), or not an input at all
# (the number of meals: the form always shows a row per meal of the meal plan): never marked.
NEVER_MARKED = frozenset({"time_zone", "meals"})
# Checkboxes: an empty value is a stated "off". Any other empty value is a part the text did not
# give (a meal's window), which must not blank what the form suggested.
CHECKBOXES = frozenset({"consent", "workout_reminder_enabled", "reminder_enabled", "auto_remind_with_meals", "adjust"})


def combine(earlier: Interpretation | None, later: Interpretation,
            answers: Mapping[int, Mapping[str, Any]] | None = None) -> Interpretation:
    """Two typed answers to one step as one: the later text wins where both say something.

    People type in goes ("5'6", 150 lbs", then "born 1992, a woman"); a dict field (PAR-Q)
    merges by question, any other field is replaced whole, and its earlier chips go with it.
    """
    if earlier is None or earlier.step != later.step:
        return later
    answer = copy.deepcopy(earlier.answer)
    replaced: set[str] = set()
    for key, value in later.answer.items():
        if isinstance(value, dict) and isinstance(answer.get(key), dict):
            answer[key].update(copy.deepcopy(value))
            replaced.update(f"{key}.{sub}" for sub in value)
        else:
            answer[key] = copy.deepcopy(value)
            replaced.add(key)
    kept = [chip for chip in earlier.understood
            if chip.field not in replaced and chip.field.partition(".")[0] not in replaced]
    return Interpretation(later.step, answer, kept + list(later.understood),
                          missing_keys(later.step, answer, dict(answers or {})))


def prefilled_form(step: int, base: Mapping[str, str], interpretation: Interpretation) -> dict[str, str]:
    """The form values: ``base`` (what the form showed before any text) with the typed fields over it."""
    answer = interpretation.answer
    typed = {name: value for name, value in form_from_answer(step, answer).items() if value or name in CHECKBOXES}
    fields = {**base, **typed}
    if step == 0:
        # A height or a weight alone still fills its imperial inputs (form_from_answer needs both).
        if isinstance(answer.get("height_cm"), (int, float)):
            feet, inches = cm_to_ft_in(float(answer["height_cm"]))
            fields.update(height_ft=str(feet), height_in=str(inches))
        if isinstance(answer.get("weight_kg"), (int, float)):
            pounds = kg_to_lb(float(answer["weight_kg"]))
            fields["weight_lb"] = str(int(pounds)) if float(pounds).is_integer() else str(pounds)
    if step == 8:
        for meal in answer.get("meals") or []:
            _move_suggested_window(fields, base, meal)
    return fields


def _minutes(clock: str) -> int | None:
    hours, _, minutes = str(clock or "").partition(":")
    return int(hours) * 60 + int(minutes) if hours.isdigit() and minutes.isdigit() else None


def _move_suggested_window(fields: dict[str, str], base: Mapping[str, str], meal: Mapping[str, Any]) -> None:
    """A meal time typed without its window: the form's suggested window moves with the time.

    The suggestion (±30 minutes around a suggested time) is still only a suggestion the user
    sees and sends; left where it was, it would not contain the typed time at all.
    """
    number = meal.get("meal_number")
    typed = _minutes(meal.get("scheduled_time"))
    suggested = _minutes(base.get(f"meal_{number}_time"))
    if typed is None or suggested is None:
        return
    for key, suffix in (("earliest_time", "earliest"), ("latest_time", "latest")):
        name = f"meal_{number}_{suffix}"
        edge = _minutes(base.get(name))
        if key in meal or edge is None:
            continue
        moved = min(max(typed + edge - suggested, 0), 23 * 60 + 59)
        fields[name] = f"{moved // 60:02d}:{moved % 60:02d}"


def still_needed(step: int, form: Mapping[str, str], interpretation: Interpretation) -> dict[str, str]:
    """The inputs to mark, by name, with "Still needed": those of the missing keys that are empty.

    An input the form already suggests a value for (a default reminder, the suggested meal
    times) is not marked: it is answered unless the user changes it.
    """
    marks = form_field_messages(step, form, {path: [STILL_NEEDED] for path in interpretation.missing})
    return {name: message for name, message in marks.items()
            if name not in NEVER_MARKED and not str(form.get(name) or "").strip()}


def began_as_typed(typed_step: int | None, sent_step: int, chips: list[Mapping[str, str]]) -> bool:
    """Whether a form sent at ``sent_step`` began as typed text (``domain.analytics.answered_details``):
    a text was read at that very step and at least one of its understood chips is still shown."""
    return typed_step == sent_step and bool(chips)


def chips_payload(chips: list[Chip]) -> list[dict[str, str]]:
    return [{"field": chip.field, "text": chip.text} for chip in chips]


def interpretation_from(step: int, answer: Mapping[str, Any], chips: list[Mapping[str, str]],
                        answers: Mapping[int, Mapping[str, Any]] | None = None) -> Interpretation:
    """An interpretation kept as plain data (a UI state's vars) back as the domain's object."""
    answer = copy.deepcopy(dict(answer))
    return Interpretation(step, answer, [Chip(chip["field"], chip["text"]) for chip in chips],
                          missing_keys(step, answer, dict(answers or {})))
