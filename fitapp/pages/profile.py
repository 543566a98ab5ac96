"""The lock screen and read-only profile summary shown once onboarding is confirmed."""

from __future__ import annotations

import reflex as rx

from fitapp import routes
from fitapp.components.privacy import your_data
from fitapp.layouts.shell import page_template
from fitapp.pages.onboarding import sign_out_button
from fitapp.state.profile import ProfileState as S


def lock_banner() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("lock")),
        rx.vstack(
            rx.heading("Your plan is locked", as_="h1", size="5"),
            rx.text("Locked since ", rx.el.strong(S.locked_at), " · version ", S.version.to_string(), size="2"),
            rx.text(
                "Nothing changes silently: to change your plan, request a change and give a reason. "
                "Every change is kept as a new version you can look back at.",
                size="2",
            ),
            spacing="1",
        ),
        color_scheme="grass",
        size="2",
        width="100%",
    )


def sessions_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Your sessions", as_="h2", size="4"),
            rx.text("Signed in on a phone you lost, or on a shared computer? End every session at once; "
                    "you then sign in again here.", size="2"),
            rx.button("Sign out everywhere", on_click=S.sign_out_everywhere, color_scheme="tomato", variant="soft"),
            spacing="2",
        ),
        width="100%",
    )


@page_template(actions=sign_out_button)
def profile_page() -> rx.Component:
    return rx.cond(
        S.loaded,
        rx.vstack(
            lock_banner(),
            rx.hstack(
                rx.button(rx.link("Request a change", href=routes.PROFILE_CHANGE), as_child=True, size="3"),
                rx.button(rx.link("History", href=routes.PROFILE_HISTORY), as_child=True, size="3", variant="soft"),
                spacing="3",
                wrap="wrap",
            ),
            rx.heading("Your plan", as_="h2", size="5"),
            rx.grid(
                rx.foreach(
                    S.sections,
                    lambda item: rx.card(
                        rx.vstack(rx.heading(item["title"], as_="h3", size="3"), rx.text(item["summary"], size="2"),
                                  spacing="1"),
                        width="100%",
                    ),
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            your_data(),
            sessions_card(),
            spacing="4",
            width="100%",
        ),
        rx.center(rx.spinner(size="3"), padding="3rem"),
    )
