"""Per-step answer schemas, generated from the domain's one definition of each step's fields.

``domain/answer_fields.py`` says each field's type, requiredness, range, choices and caps; this
module turns it into Pydantic models, so the OpenAPI shows a client every field of every step,
with its type, as a union on ``step``. The models document the request and state its first
boundary: what they allow is what the field rules allow (tests/api/test_answer_schemas.py and
schemathesis check it both ways). The answer itself is still judged by the domain's rules
(``domain/steps.validate_answer``), whose refusal, in words a person reads, is the 422 a client gets.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, create_model

from fitapp.domain.answer_fields import CHECK_IN_FIELDS, STEP_FIELDS, TIME_PATTERN, AnswerField, StepFields
from fitapp.domain.answer_reader import label
from fitapp.domain.results import STEP_TITLES

# The characters a text may not hold (answer_reader: C0 and C1 controls, DEL, U+2028/2029);
# free text may keep tabs and line breaks (a CR becomes LF).
_SINGLE_LINE = r"\u0000-\u001f\u007f-\u009f\u2028\u2029"
_MULTILINE = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def text_pattern(multiline: bool) -> str:
    """No refused control character."""
    return rf"^[^{_MULTILINE if multiline else _SINGLE_LINE}]*$"


# A required text has something besides spaces (blank reads as not given). Said with ``not`` rather
# than folded into the pattern: a pattern with a middle part makes generators draw capped strings slowly.
NOT_BLANK: dict[str, Any] = {"minLength": 1, "not": {"pattern": r"^\s*$"}}


class AnswerModel(BaseModel):
    """An answer object: a key the step does not take is refused (as the rules refuse it)."""

    model_config = ConfigDict(extra="forbid")


def _half_quantum(places: int) -> float:
    return float(Decimal(1).scaleb(-places) / 2)


def _number_bounds(spec: AnswerField) -> dict[str, float]:
    """The range as the rules apply it: a decimal is rounded to ``places`` and then checked again,
    so an open bound also excludes the values that round onto it (0.004 kg is no target weight)."""
    limits = spec.limits
    assert limits is not None
    if spec.kind == "integer":
        return {"ge": int(limits.lo), "le": int(limits.hi)}
    half = _half_quantum(spec.places)
    bounds: dict[str, float] = {"ge": limits.lo + half} if limits.lo_open else {"ge": limits.lo}
    bounds.update({"lt": limits.hi - half} if limits.hi_open else {"le": limits.hi})
    return bounds


def _description(spec: AnswerField) -> str:
    parts = [label(spec.key)]
    if spec.limits is not None and spec.limits.unit:
        parts[0] += f" ({spec.limits.unit})"
    if spec.kind == "time":
        parts.append("A time of day, HH:MM.")
    if spec.kind == "date":
        parts.append("A date, YYYY-MM-DD.")
    if spec.kind == "text" and spec.max_length:
        parts.append(f"At most {spec.max_length:,} characters once trimmed.")
    if spec.note:
        parts.append(spec.note)
    return ". ".join(part.rstrip(".") for part in parts) + "."


def _type(spec: AnswerField, name: str) -> Any:
    """The Python type (with its JSON Schema constraints) of one field."""
    kind = spec.kind
    if kind == "boolean":
        return Literal[spec.only] if spec.only is not None else StrictBool
    if kind == "choice":
        return Literal[spec.choices]  # type: ignore[valid-type]
    if kind == "integer":
        return Annotated[int, Field(strict=True, **_number_bounds(spec))]
    if kind == "number":
        return Annotated[float, Field(**_number_bounds(spec))]
    if kind == "text":
        return Annotated[StrictStr, Field(max_length=spec.max_length, pattern=spec.pattern or text_pattern(spec.multiline),
                                          json_schema_extra=NOT_BLANK if spec.required and not spec.pattern else None)]
    if kind == "time":
        return Annotated[StrictStr, Field(pattern=TIME_PATTERN)]
    if kind == "date":
        return Annotated[StrictStr, Field(pattern=DATE_PATTERN, json_schema_extra={"format": "date"})]
    if kind == "list":
        assert spec.item is not None
        item = _type(spec.item, f"{name}Item")
        return Annotated[list[item], Field(min_length=spec.min_items or None, max_length=spec.max_items)]  # type: ignore[valid-type]
    if kind == "object":
        return _model(name, spec.fields, f"{label(spec.key)}.")
    return Any  # derived: accepted back and ignored


def _model(name: str, fields: tuple[AnswerField, ...], doc: str, partial: bool = False) -> type[BaseModel]:
    definitions: dict[str, Any] = {}
    for spec in fields:
        kind = _type(spec, name + "".join(part.capitalize() for part in spec.key.split("_")))
        info = Field(description=_description(spec))
        if spec.required and not partial:
            definitions[spec.key] = (kind, info)
        else:
            # Not given: left out, null, or (text) blank.
            definitions[spec.key] = (kind | None if kind is not Any else Any, Field(None, description=info.description))
    return create_model(name, __base__=AnswerModel, __doc__=doc, **definitions)


def _step_doc(step: StepFields) -> str:
    doc = f"Step {step.step}, {STEP_TITLES[step.step]}: the answer's fields."
    if step.also_checked:
        doc += " Also checked by the step's rules: " + "; ".join(step.also_checked) + "."
    return doc


ANSWER_MODELS: dict[int, type[BaseModel]] = {
    step.step: _model(f"Step{step.step}Answer", step.fields, _step_doc(step)) for step in STEP_FIELDS
}

# A change of a locked profile (PATCH /profile) sends only the fields it changes of a step's answer.
CHANGE_MODELS: dict[int, type[BaseModel]] = {
    step.step: _model(f"Step{step.step}Change", step.fields, f"Step {step.step}, {STEP_TITLES[step.step]}: "
                      "the fields changed, laid over the current answer (each as in the step's answer).", partial=True)
    for step in STEP_FIELDS if step.step < len(STEP_FIELDS) - 1
}

BEGAN_AS_TYPED = ("True when the answer was pre-filled from POST /onboarding/interpret at this step "
                  "(the user may have changed fields since): counted by the admin funnel.")

STEP_REQUESTS: dict[int, type[BaseModel]] = {
    number: create_model(
        f"Step{number}Request",
        __base__=AnswerModel,
        __doc__=f"An answer to step {number}, {STEP_TITLES[number]}.",
        step=(Literal[number], Field(description="The step answered.")),
        answer=(model, ...),
        began_as_typed=(StrictBool, Field(False, description=BEGAN_AS_TYPED)),
    )
    for number, model in ANSWER_MODELS.items()
}

StepAnswerRequest = Annotated[Union[tuple(STEP_REQUESTS.values())], Field(discriminator="step")]  # noqa: UP007

CHECK_IN_MODEL = _model("CheckIn", CHECK_IN_FIELDS, "A lifestyle check-in: step 9's fields, and where it came from.")
