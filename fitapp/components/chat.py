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

