"""The lock screen and read-only profile summary shown once onboarding is confirmed."""

from __future__ import annotations

import reflex as rx

from fitapp import routes
from fitapp.components.fields import ERRORS_ID, choice_chips, number_field
from fitapp.components.forms import notice_callout, submit_button
from fitapp.components.privacy import your_data
from fitapp.components.tables import simple_table
from fitapp.domain import choices
from fitapp.domain.lifestyle_trend import TREND_DAYS
from fitapp.domain.ranges import form_limits
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


def lifestyle_chart() -> rx.Component:
    """The check-ins as lines: the levels on the left (1 = low / poor), hours slept on the right.

    Lines differ by dash as well as colour; the caption says the trend in words and the table
    under the chart holds every value (the chart's text alternative)."""
    levels = {"y_axis_id": "levels", "type_": "monotone", "stroke_width": 2}
    return rx.el.figure(
        rx.recharts.line_chart(
            rx.recharts.line(data_key="energy_level", name="Energy", stroke=rx.color("amber", 10), **levels),
            rx.recharts.line(data_key="stress_level", name="Stress", stroke=rx.color("tomato", 10),
                             stroke_dasharray="6 3", **levels),
            rx.recharts.line(data_key="sleep_quality", name="Sleep quality", stroke=rx.color("indigo", 10),
                             stroke_dasharray="2 2", **levels),
            rx.recharts.line(data_key="hours", name="Hours slept", y_axis_id="hours", stroke=rx.color("grass", 10),
                             stroke_dasharray="10 3 2 3", connect_nulls=True, stroke_width=2),
            rx.recharts.x_axis(data_key="day"),
            rx.recharts.y_axis(y_axis_id="levels", domain=[1, 4], ticks=[1, 2, 3, 4], allow_decimals=False, width=28),
            rx.recharts.y_axis(y_axis_id="hours", orientation="right", domain=[0, 12], unit=" h", width=44),
            rx.recharts.legend(vertical_align="top"),
            rx.recharts.graphing_tooltip(),
            data=S.chart,
            height=220,
            width="100%",
            margin={"left": 0, "right": 0, "top": 4, "bottom": 4},
        ),
        rx.el.p("Levels on the left: 1 is low (poor sleep) up to 3, high (4: excellent sleep); hours slept on "
                "the right.", class_name="hint"),
        rx.el.figcaption(S.trend_text, class_name="hint"),
        style={"margin": "0", "width": "100%"},
    )


def check_in_form() -> rx.Component:
    """Today's energy, stress and sleep, by the same rules as POST /users/{id}/lifestyle."""
    return rx.form(
        rx.vstack(
            rx.heading("Add a check-in", as_="h3", size="3"),
            choice_chips("Energy", "energy_level", choices.ENERGY_LEVELS),
            choice_chips("Stress", "stress_level", choices.STRESS_LEVELS),
            choice_chips("Sleep quality", "sleep_quality", choices.SLEEP_QUALITIES),
            number_field("Hours slept last night (optional)", "sleep_hours_last_night",
                         **form_limits("sleep_hours_last_night")),
            rx.cond(
                S.check_in_errors.length() > 0,
                rx.callout.root(
                    rx.callout.icon(rx.icon("triangle_alert")),
                    rx.vstack(rx.foreach(S.check_in_errors, lambda message: rx.text(message, size="2")), spacing="1"),
                    color_scheme="red", role="alert", id=ERRORS_ID, width="100%",
                ),
            ),
            submit_button("Save check-in", size="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.record_check_in,
        key=S.check_in_form_key.to_string(),
        aria_label="Add a check-in",
        no_validate=True,
        width="100%",
    )


def lifestyle_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Energy, stress and sleep", as_="h2", size="4"),
            notice_callout(S.check_in_notice),
            rx.cond(
                S.check_ins.length() > 0,
                rx.vstack(
                    lifestyle_chart(),
                    simple_table(f"Your check-ins, last {TREND_DAYS} days", ["When", "Energy", "Stress",
                                                                             "Sleep quality", "Hours slept"],
                                 S.check_ins, ["when", "energy_level", "stress_level", "sleep_quality", "hours"]),
                    spacing="3",
                    width="100%",
                ),
                rx.text(f"No check-ins in the last {TREND_DAYS} days yet: add one below and your chart starts "
                        "here.", size="2"),
            ),
            check_in_form(),
            spacing="3",
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
            lifestyle_card(),
            your_data(),
            sessions_card(),
            spacing="4",
            width="100%",
        ),
        rx.center(rx.spinner(size="3"), padding="3rem"),
    )
