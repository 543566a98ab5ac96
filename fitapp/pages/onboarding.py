"""The onboarding conversation (steps 0-10) and the review (step 11)."""

from __future__ import annotations

import reflex as rx

from fitapp.components.chat import coach_bubble, notes, transcript_line
from fitapp.components.forms import submit_button
from fitapp.components.privacy import your_data
from fitapp.components.step_forms import step_errors, step_form
from fitapp.domain import REVIEW_STEP, STEPS
from fitapp.domain.interpret import MAX_TEXT_CHARS, TYPED_EXAMPLES
from fitapp.domain.steps import LAST_QUESTION_STEP
from fitapp.layouts.shell import page_template
from fitapp.state.conversation import CURRENT_QUESTION_ID, NOT_SAVED, SHOWN_STEP_FIELD, TYPED_FIELD, UNANSWERED_SEND
from fitapp.state.conversation import ConversationState as S
from fitapp.state.session import SessionState

QUESTIONS = [definition.question for definition in STEPS]
REFUSAL_INTRO = "I can't take that answer yet:"
# Keeps a copy of a step form as it is sent (its step and fields, unticked boxes as ""), before
# React hands it to the websocket; the reply clears it (state/conversation.py), so a Send lost with
# the connection is known after a reconnect, and what the user typed can be put back.
NOTE_SENDS = f"""() => {{
  if (window.__fitappNotesSends) return;
  window.__fitappNotesSends = true;
  document.addEventListener("submit", (event) => {{
    const form = event.target;
    const shown = form.querySelector('input[name="{SHOWN_STEP_FIELD}"]');
    if (!shown) return;
    const fields = {{}};
    for (const [name, value] of new FormData(form)) {{
      if (typeof value === "string") fields[name] = value;
    }}
    for (const box of form.querySelectorAll('input[type="checkbox"]')) {{
      if (box.name && !(box.name in fields)) fields[box.name] = "";
    }}
    window.{UNANSWERED_SEND} = {{step: shown.value, fields}};
  }}, true);
}}"""
TITLES = [definition.title for definition in STEPS]


def progress() -> rx.Component:
    """Where the user is and how long is left: in the sticky header, so it is on screen at every question."""
    return rx.cond(
        S.loaded,
        rx.vstack(
            rx.hstack(
                rx.text(
                    rx.cond(S.editing, "Changing: ", ""),
                    rx.el.span(rx.cond(S.active_step == 0, "Welcome",
                                       "Step " + S.active_step.to_string() + " of " + str(LAST_QUESTION_STEP + 1))),
                    rx.cond(S.active_step == 0, "", " · "),
                    rx.cond(S.active_step == 0, "",
                            rx.el.span(rx.match(S.active_step, *[(i, t) for i, t in enumerate(TITLES)], ""))),
                    weight="medium",
                    size="2",
                ),
                rx.text(S.time_left, size="2", color_scheme="gray"),
                justify="between",
                wrap="wrap",
                column_gap="0.75rem",
                row_gap="0",
                width="100%",
            ),
            rx.progress(value=S.current_step * 100 // REVIEW_STEP, aria_label="Onboarding progress"),
            width="100%",
            spacing="1",
            class_name="onboarding-progress",
        ),
    )


def review_panel() -> rx.Component:
    return rx.vstack(
        rx.heading("Review your plan", as_="h2", size="5"),
        coach_bubble(QUESTIONS[REVIEW_STEP]),
        rx.foreach(
            S.review,
            lambda item: rx.card(
                rx.hstack(
                    rx.vstack(
                        rx.heading(item["title"], as_="h3", size="3"),
                        rx.text(item["summary"], size="2"),
                        spacing="1",
                        min_width="0",
                    ),
                    rx.button("Edit", variant="soft", size="2", aria_label="Edit " + item["title"],
                              on_click=S.change_answer(item["step"])),
                    justify="between",
                    align="start",
                    width="100%",
                ),
                width="100%",
            ),
        ),
        rx.cond(
            S.review_problems.length() > 0,
            rx.el.div(rx.el.ul(rx.foreach(S.review_problems, lambda m: rx.el.li(m))), class_name="bubble coach alert",
                      role="alert"),
        ),
        rx.text("Once confirmed, your plan is locked: any later change needs a reason and is kept as a new version.",
                size="2", color_scheme="gray"),
        rx.button("Confirm and lock", size="3", on_click=S.confirm, width="100%"),
        spacing="3",
        width="100%",
    )


def typed_box() -> rx.Component:
    """The "Or type your answer" box under the question: Enter (or the button) has the coach read it."""
    return rx.form(
        rx.el.div(
            rx.el.label(
                rx.el.span("Or type your answer", class_name="label-text"),
                rx.el.input(name=TYPED_FIELD, id=TYPED_FIELD, type="text", class_name="control", auto_complete="off",
                            max_length=MAX_TEXT_CHARS, aria_describedby="typed-answer-hint"),
                class_name="typed-label",
            ),
            submit_button("Read it", variant="soft", size="3"),
            class_name="typed-row",
        ),
        rx.el.p("For example: ", rx.match(S.active_step, *[(i, e) for i, e in enumerate(TYPED_EXAMPLES)], ""),
                id="typed-answer-hint", class_name="hint"),
        on_submit=S.read_typed,
        reset_on_submit=True,
        width="100%",
        class_name="typed-box",
    )


def typed_chip(chip: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.el.span(chip["text"]),
        rx.button(rx.icon("x", size=16), type="button", variant="ghost", size="1", class_name="typed-chip-remove",
                  aria_label="Remove " + chip["text"], on_click=S.remove_typed(chip["field"])),
        class_name="typed-chip",
    )


def typed_reply() -> rx.Component:
    """What the user typed, and the coach's reply: the chips it understood, each removable."""
    return rx.fragment(
        rx.cond(S.typed_said != "", rx.el.div(S.typed_said, class_name="bubble user")),
        # Always mounted, so a screen reader announces each new reply (a polite live region).
        rx.el.div(
            rx.el.p(S.typed_reply, role="status"),
            rx.cond(S.typed_chips.length() > 0,
                    rx.el.ul(rx.foreach(S.typed_chips, typed_chip), class_name="typed-chips",
                             aria_label="What I understood")),
            class_name="bubble coach typed-reply",
            display=rx.cond(S.typed_reply != "", "block", "none"),
        ),
    )


def question_panel() -> rx.Component:
    return rx.vstack(
        coach_bubble(rx.match(S.active_step, *[(i, q) for i, q in enumerate(QUESTIONS)], ""), id=CURRENT_QUESTION_ID),
        typed_box(),
        typed_reply(),
        step_errors(S, REFUSAL_INTRO, not_refused=NOT_SAVED),
        rx.card(step_form(S, leading=rx.el.input(type="hidden", name=SHOWN_STEP_FIELD, value=S.active_step.to_string(),
                                                 on_mount=rx.call_function(rx.Var(NOTE_SENDS)))), width="100%"),
        spacing="3",
        width="100%",
    )


def sign_out_button() -> rx.Component:
    return rx.button("Sign out", variant="ghost", size="2", on_click=SessionState.sign_out)


@page_template(actions=sign_out_button, banner=progress)
def onboarding_page() -> rx.Component:
    # The review lists every answer already: the chat above it would say it all twice.
    at_review = (S.active_step == REVIEW_STEP) & ~S.editing
    return rx.cond(
        S.loaded,
        rx.vstack(
            rx.window_event_listener(on_visibility_change=S.visibility_changed),
            rx.heading("Set up your plan", as_="h1", size="6"),
            # Changing one answer from the review: just that question, not the whole chat again.
            rx.cond(S.current_step != REVIEW_STEP,
                    rx.vstack(rx.foreach(S.transcript, transcript_line), spacing="3", width="100%")),
            notes(),
            # Both panels stay mounted and only one is displayed, so going from a question to the
            # review (and back) is a style change, not a remount of the whole panel.
            rx.box(review_panel(), display=rx.cond(at_review, "block", "none"), width="100%"),
            rx.box(question_panel(), display=rx.cond(at_review, "none", "block"), width="100%"),
            # GDPR rights hold from the first answer on, not only once the plan is confirmed.
            rx.separator(size="4", margin_top="2rem"),
            your_data(),
            spacing="4",
            width="100%",
            max_width="44rem",
            margin_x="auto",
        ),
        rx.center(rx.spinner(size="3"), padding="3rem"),
    )
