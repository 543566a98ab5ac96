"""The lock screen and read-only profile summary shown once onboarding is confirmed."""

from __future__ import annotations

import reflex as rx

from fitapp import routes
from fitapp.components.fields import textarea_field
from fitapp.components.forms import error_callout, text_field
from fitapp.layouts.shell import page_template
from fitapp.pages.onboarding import sign_out_button
from fitapp.state.privacy import PrivacyState as P
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


ERASURE_EXPLAINED = (
    "This can't be undone. Your e-mail address, password and every session are removed, so you are signed "
    "out everywhere; your notes, free-text answers and food lists are wiped. What remains of your plan is "
    "kept without your e-mail for 90 days, then deleted for good. Download your data first if you want a copy."
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
                        rx.button("Delete permanently", type="submit", color_scheme="red"),
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


@page_template(actions=sign_out_button)
def profile_page() -> rx.Component:
    return rx.cond(
        S.loaded,
        rx.vstack(
            lock_banner(),
            rx.hstack(
                rx.link(rx.button("Request a change", size="3"), href=routes.PROFILE_CHANGE),
                rx.link(rx.button("History", size="3", variant="soft"), href=routes.PROFILE_HISTORY),
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
            spacing="4",
            width="100%",
        ),
        rx.center(rx.spinner(size="3"), padding="3rem"),
    )
