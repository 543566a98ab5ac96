"""The public home page: what FitApp does and where to start."""

import reflex as rx

from fitapp import routes
from fitapp.layouts.shell import page_template

FEATURES = [
    ("message-circle", "A 4-minute conversation", "Your coach asks one thing at a time. Stop whenever you like and pick up on any device."),
    ("calculator", "A plan you can read", "Calories and macros worked out from your body, your days and your goal, with every number explained."),
    ("lock", "Locked, not silently changed", "Your plan only changes when you ask, with a reason, and every version is kept."),
]


def feature_card(icon: str, title: str, text: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon(icon, size=24, color=rx.color("grass", 10), aria_hidden="true"),
            rx.heading(title, as_="h3", size="4"),
            rx.text(text, color_scheme="gray", size="2"),
            spacing="2",
        ),
        width="100%",
    )


@page_template()
def home() -> rx.Component:
    return rx.vstack(
        rx.vstack(
            rx.heading("Your personal coach, set up in 4 minutes", as_="h1", size=rx.breakpoints(initial="7", md="9")),
            rx.text(
                "Tell your coach about your experience, goals, health, equipment, food and days. "
                "Get a training and nutrition plan that fits your life, and stays yours.",
                size=rx.breakpoints(initial="3", md="4"),
                color_scheme="gray",
            ),
            rx.hstack(
                # A link styled as a button (not a button inside a link: one interactive element each).
                rx.button(rx.link("Get started", href=routes.SIGN_UP), as_child=True, size="3"),
                rx.button(rx.link("Sign in", href=routes.SIGN_IN), as_child=True, size="3", variant="soft"),
                spacing="3",
                wrap="wrap",
            ),
            spacing="4",
            padding_y=["1rem", "2rem"],
        ),
        rx.heading("What you get", as_="h2", size="5"),
        rx.grid(
            *[feature_card(*feature) for feature in FEATURES],
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="4",
            width="100%",
        ),
        spacing="6",
        width="100%",
    )
