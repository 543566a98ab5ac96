"""Form building blocks with visible labels (so people and Playwright's get_by_label find them)."""

from __future__ import annotations

import reflex as rx


def text_field(label: str, name: str, *, type_: str = "text", hint: str | None = None, **input_props) -> rx.Component:
    return rx.form.field(
        rx.form.label(label, size="2", weight="medium"),
        rx.form.control(rx.input(name=name, type=type_, size="3", width="100%", **input_props), as_child=True),
        rx.cond(hint is not None, rx.text(hint or "", size="1", color_scheme="gray")) if hint else rx.fragment(),
        name=name,
        width="100%",
        display="flex",
        flex_direction="column",
        gap="0.25rem",
    )


def error_callout(message: rx.Var[str]) -> rx.Component:
    """A visible, announced error; renders nothing when the message is empty."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
    )


def notice_callout(message: rx.Var[str]) -> rx.Component:
    """A visible, politely announced notice; renders nothing when the message is empty."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="info", color_scheme="grass", role="status", width="100%"),
    )


def submit_button(*children, **props) -> rx.Component:
    """A form's submit button, enabled once the page is connected to the server.

    Before the JavaScript has loaded, a press would make the browser submit the form itself, as
    a GET to the page's own address: the typed values (a password too) would land in the URL, and
    the answer would not be sent. So the prerendered button is disabled until Reflex hydrates it,
    and while a reconnect re-hydrates the page.
    """
    disabled = ~rx.State.is_hydrated
    if "disabled" in props:
        disabled = disabled | props.pop("disabled")
    return rx.button(*children, type="submit", disabled=disabled, **props)
