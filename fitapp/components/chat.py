"""Chat bubbles for the coach conversation."""

from __future__ import annotations

import reflex as rx

from fitapp.state.conversation import ConversationState as S


def coach_bubble(text, **props) -> rx.Component:
    return rx.el.div(text, class_name="bubble coach", **props)


def transcript_line(line: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.cond(
        line["role"] == "coach",
        coach_bubble(line["text"]),
        rx.vstack(
            rx.el.div(line["text"], class_name="bubble user"),
            rx.button(
                "Change",
                variant="ghost",
                size="1",
                aria_label="Change " + line["title"],
                on_click=S.change_answer(line["step"]),
            ),
            align="end",
            spacing="1",
            width="100%",
        ),
    )


def notes() -> rx.Component:
    return rx.foreach(S.notes, lambda note: rx.el.div(note, class_name="bubble coach note"))


def errors() -> rx.Component:
    """The coach says what is wrong; announced to screen readers as an alert."""
    return rx.cond(
        S.errors.length() > 0,
        rx.el.div(
            rx.el.p("I can't take that answer yet:"),
            rx.el.ul(rx.foreach(S.errors, lambda message: rx.el.li(message))),
            class_name="bubble coach alert",
            role="alert",
        ),
    )
