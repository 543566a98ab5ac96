"""The "Your data" section (GDPR: access and erasure), on the profile page and under the conversation."""

from __future__ import annotations

import reflex as rx

from fitapp.components.fields import textarea_field
from fitapp.components.forms import error_callout, submit_button, text_field
from fitapp.state.privacy import PrivacyState as P

ERASURE_EXPLAINED = (
    "This can't be undone. Your e-mail address, password and every session are removed, so you are signed "
    "out everywhere, and the notes, free-text answers and food lists of your current plan are wiped. The "
    "earlier versions of your plan, which can't be altered, are kept without your e-mail for 90 days, then "
    "everything is deleted for good. Download your data first if you want a copy."
)


def delete_account_dialog() -> rx.Component:
    """Controlled, so a wrong password keeps the dialog open with the message inside it."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button("Delete my account", size="3", color_scheme="red", variant="soft")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete your account?"),
            rx.alert_dialog.description(ERASURE_EXPLAINED, size="2"),
            rx.form(
                rx.vstack(
                    error_callout(P.delete_error),
                    text_field("Your password", "password", type_="password", auto_complete="current-password",
                               required=True),
                    textarea_field("Why are you leaving? (optional)", "reason", rows=2),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                        submit_button("Delete permanently", color_scheme="red"),
                        spacing="3",
                        justify="end",
                        wrap="wrap",
                    ),
                    spacing="3",
                    padding_top="0.75rem",
                ),
                on_submit=P.delete_account,
            ),
            max_width="32rem",
        ),
        open=P.delete_open,
        on_open_change=P.set_delete_open,
    )


def your_data() -> rx.Component:
    return rx.el.section(
        rx.vstack(
            rx.heading("Your data", as_="h2", size="5"),
            rx.text("Download everything FitApp stores about you as a JSON file, or delete your account.", size="2"),
            rx.hstack(
                rx.button(rx.icon("download", aria_hidden="true"), "Download my data", size="3", variant="soft",
                          on_click=P.download_my_data),
                delete_account_dialog(),
                spacing="3",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )
