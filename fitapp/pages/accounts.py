"""Sign-up and sign-in pages."""

from __future__ import annotations

import reflex as rx

from fitapp import routes
from fitapp.components.forms import error_callout, notice_callout, submit_button, text_field
from fitapp.layouts.shell import page_template
from fitapp.state.accounts import AccountFormState


def account_card(title: str, intro: str, form: rx.Component, footer: rx.Component) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.heading(title, as_="h1", size="6"),
                rx.text(intro, color_scheme="gray", size="2"),
                notice_callout(AccountFormState.notice),
                error_callout(AccountFormState.error),
                form,
                footer,
                spacing="4",
                width="100%",
            ),
            size="3",
            width="100%",
            max_width="26rem",
        ),
        width="100%",
    )


@page_template()
def sign_up_page() -> rx.Component:
    return account_card(
        "Create your account",
        "About 4 minutes with your coach, and your plan is ready. You can stop and resume on any device.",
        rx.form(
            rx.vstack(
                text_field("Email", "email", type_="email", auto_complete="email", required=True),
                text_field("Password", "password", type_="password", auto_complete="new-password", required=True,
                           hint="At least 10 characters."),
                text_field("Repeat password", "password_confirm", type_="password", auto_complete="new-password", required=True),
                submit_button("Create account", size="3", width="100%"),
                spacing="3",
                width="100%",
            ),
            on_submit=AccountFormState.sign_up,
            width="100%",
        ),
        rx.text("Already have an account? ", rx.link("Sign in", href=routes.SIGN_IN), size="2"),
    )


@page_template()
def sign_in_page() -> rx.Component:
    return account_card(
        "Welcome back",
        "Sign in to continue where you left off.",
        rx.form(
            rx.vstack(
                text_field("Email", "email", type_="email", auto_complete="email", required=True),
                text_field("Password", "password", type_="password", auto_complete="current-password", required=True),
                submit_button("Sign in", size="3", width="100%"),
                spacing="3",
                width="100%",
            ),
            on_submit=AccountFormState.sign_in,
            width="100%",
        ),
        rx.text("New here? ", rx.link("Create an account", href=routes.SIGN_UP), size="2"),
    )
