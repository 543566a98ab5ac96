"""Native form controls wrapped in their visible labels (implicit association, no ids needed)."""

from __future__ import annotations

from typing import Any

import reflex as rx

Options = tuple[tuple[str, str], ...] | list[tuple[str, str]]
# The id of the alert that says what is wrong with a form's answer (all problems at once).
ERRORS_ID = "form-errors"
# Text, or a Var holding text (names built inside rx.foreach).
Name = str | rx.Var[str]


def error_id(name: Name) -> Name:
    """The id of the message shown beside the input ``name``: what its aria-describedby points at."""
    return "error-" + name


def _validity(name: Name, invalid: rx.Var[bool] | None) -> dict[str, Any]:
    """aria-invalid, and the input's own message as its description, while ``invalid`` is true."""
    if invalid is None:
        return {}
    return {"aria_invalid": rx.cond(invalid, "true", None), "aria_describedby": rx.cond(invalid, error_id(name), None)}


def field_error(name: Name, invalid: rx.Var[bool] | None, error: rx.Var[str] | None) -> rx.Component:
    """The coach's message about this input, right under it (the bubble above says it too)."""
    if invalid is None or error is None:
        return rx.fragment()
    return rx.cond(invalid, rx.el.p(error, id=error_id(name), class_name="field-error"))


def _label_text(text: str, hint: str | None = None) -> rx.Component:
    return rx.el.span(text, rx.el.small(hint, class_name="hint") if hint else rx.fragment(), class_name="label-text")


def _field(label: rx.Component, error: rx.Component) -> rx.Component:
    """A label above its control, and the coach's message under both (outside the label, so the
    message is the input's description, not part of its name)."""
    return rx.el.div(label, error, class_name="field")


def input_field(label: str, name: Name, *, default: Any = None, type_: str = "text", hint: str | None = None,
                invalid: rx.Var[bool] | None = None, error: rx.Var[str] | None = None, **props) -> rx.Component:
    return _field(
        rx.el.label(
            _label_text(label, hint),
            rx.el.input(name=name, type=type_, default_value=default, class_name="control", **_validity(name, invalid),
                        **props),
        ),
        field_error(name, invalid, error),
    )


def number_field(label: str, name: Name, *, default: Any = None, min_: float | None = None, max_: float | None = None,
                 step: str = "any", hint: str | None = None, **props) -> rx.Component:
    """A number input; its range is for the spinner and the keyboard, the coach checks it (the form has novalidate)."""
    return input_field(label, name, default=default, type_="number", hint=hint, min=min_, max=max_, step=step,
                       input_mode="decimal", **props)


def textarea_field(label: str, name: Name, *, default: Any = None, hint: str | None = None, rows: int = 3,
                   invalid: rx.Var[bool] | None = None, error: rx.Var[str] | None = None) -> rx.Component:
    return _field(
        rx.el.label(
            _label_text(label, hint),
            rx.el.textarea(name=name, default_value=default, rows=rows, class_name="control", **_validity(name, invalid)),
        ),
        field_error(name, invalid, error),
    )


def select_field(label: str, name: Name, options: Options, *, default: Any = None, empty: str | None = None,
                 invalid: rx.Var[bool] | None = None, error: rx.Var[str] | None = None) -> rx.Component:
    items = ([rx.el.option(empty, value="")] if empty is not None else []) + [
        rx.el.option(text, value=value) for value, text in options
    ]
    return _field(
        rx.el.label(
            _label_text(label),
            rx.el.select(*items, name=name, default_value=default, class_name="control", **_validity(name, invalid)),
        ),
        field_error(name, invalid, error),
    )


def choice_chips(legend: str, name: str, options: Options, *, default: Any = None,
                 descriptions: dict[str, str] | None = None, on_change=None, invalid: rx.Var[bool] | None = None,
                 error: rx.Var[str] | None = None) -> rx.Component:
    """A radio group drawn as tappable chips; the fieldset's legend names the group.

    A refused group marks every radio invalid and describes it by the message under the chips.
    """
    chips = []
    for value, text in options:
        extra = {"on_change": on_change(value)} if on_change is not None else {}
        chips.append(
            rx.el.label(
                rx.el.input(type="radio", name=name, value=value, default_checked=default == value,
                            **_validity(name, invalid), **extra),
                rx.el.span(text),
                rx.el.small(descriptions[value], class_name="chip-hint") if descriptions and value in descriptions
                else rx.fragment(),
                class_name="chip",
            )
        )
    return rx.el.fieldset(rx.el.legend(legend), rx.el.div(*chips, class_name="chips"), field_error(name, invalid, error),
                          class_name="group")


def check_chips(legend: str, prefix: str, options: Options, defaults: rx.Var, *, name: str = "",
                invalid: rx.Var[bool] | None = None, error: rx.Var[str] | None = None) -> rx.Component:
    """Multi-select chips; each checkbox submits `<prefix><value>=on` when ticked; ``name`` names the
    group's answer field for its refusal message."""
    return rx.el.fieldset(
        rx.el.legend(legend),
        rx.el.div(
            *[
                rx.el.label(
                    rx.el.input(type="checkbox", name=f"{prefix}{value}",
                                default_checked=defaults[f"{prefix}{value}"] == "on", **_validity(name, invalid)),
                    rx.el.span(text),
                    class_name="chip",
                )
                for value, text in options
            ],
            class_name="chips",
        ),
        field_error(name, invalid, error),
        class_name="group",
    )


def checkbox_field(label: str, name: str, *, default: Any = None, on_change=None,
                   invalid: rx.Var[bool] | None = None, error: rx.Var[str] | None = None) -> rx.Component:
    extra = {"on_change": on_change} if on_change is not None else {}
    return rx.el.div(
        rx.el.label(
            rx.el.input(type="checkbox", name=name, default_checked=default, **_validity(name, invalid), **extra),
            rx.el.span(label),
            class_name="check",
        ),
        field_error(name, invalid, error),
    )


def field_row(*children: rx.Component) -> rx.Component:
    """Fields side by side on wide screens, stacked on a phone."""
    return rx.el.div(*children, class_name="field-row")
