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
# Filled in by the browser itself when empty (see components/step_forms.py): never "still needed".
BROWSER_FILLED = frozenset({"time_zone"})


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
    fields = {**base, **form_from_answer(step, answer)}
    if step == 0:
        # A height or a weight alone still fills its imperial inputs (form_from_answer needs both).
        if isinstance(answer.get("height_cm"), (int, float)):
            feet, inches = cm_to_ft_in(float(answer["height_cm"]))
            fields.update(height_ft=str(feet), height_in=str(inches))
        if isinstance(answer.get("weight_kg"), (int, float)):
            pounds = kg_to_lb(float(answer["weight_kg"]))
            fields["weight_lb"] = str(int(pounds)) if float(pounds).is_integer() else str(pounds)
    return fields


def still_needed(step: int, form: Mapping[str, str], interpretation: Interpretation) -> dict[str, str]:
    """The inputs to mark, by name, with "Still needed": those of the missing keys that are empty.

    An input the form already suggests a value for (a default reminder, the suggested meal
    times) is not marked: it is answered unless the user changes it.
    """
    marks = form_field_messages(step, form, {path: [STILL_NEEDED] for path in interpretation.missing})
    return {name: message for name, message in marks.items()
            if name not in BROWSER_FILLED and not str(form.get(name) or "").strip()}


def chips_payload(chips: list[Chip]) -> list[dict[str, str]]:
    return [{"field": chip.field, "text": chip.text} for chip in chips]


def interpretation_from(step: int, answer: Mapping[str, Any], chips: list[Mapping[str, str]],
                        answers: Mapping[int, Mapping[str, Any]] | None = None) -> Interpretation:
    """An interpretation kept as plain data (a UI state's vars) back as the domain's object."""
    answer = copy.deepcopy(dict(answer))
    return Interpretation(step, answer, [Chip(chip["field"], chip["text"]) for chip in chips],
                          missing_keys(step, answer, dict(answers or {})))
