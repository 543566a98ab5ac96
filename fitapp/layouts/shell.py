"""The app shell every page is wrapped in: header, content column, footer; light and dark."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from fitapp import routes

APP_NAME = "FitApp"
CONTENT_MAX_WIDTH = "60rem"


def brand() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon("dumbbell", size=22, aria_hidden="true"),
            rx.text(APP_NAME, weight="bold", size="5"),
            align="center",
            spacing="2",
        ),
        href=routes.HOME,
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        aria_label=f"{APP_NAME} home",
    )


def header(actions: rx.Component | None = None, banner: rx.Component | None = None) -> rx.Component:
    """The sticky top bar; ``banner`` (the onboarding progress) rides under it, always in view."""
    return rx.el.header(
        rx.hstack(
            brand(),
            rx.spacer(),
            actions if actions is not None else rx.fragment(),
            rx.color_mode.button(aria_label="Toggle light and dark mode", size="2", variant="ghost"),
            align="center",
            spacing="3",
            width="100%",
            max_width=CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding_x=["1rem", "1rem", "1.5rem"],
            padding_y="0.75rem",
        ),
        rx.box(banner, class_name="banner", width="100%", max_width=CONTENT_MAX_WIDTH, margin_x="auto",
               padding_x=["1rem", "1rem", "1.5rem"], padding_bottom="0.6rem") if banner is not None else rx.fragment(),
        style={
            "position": "sticky",
            "top": "0",
            "z_index": "10",
            "backdrop_filter": "blur(8px)",
            "border_bottom": f"1px solid {rx.color('gray', 4)}",
            "background": "var(--color-background)",
        },
        width="100%",
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.text(
            "Your data stays yours: every change to your plan is versioned and needs your reason.",
            size="1",
            color_scheme="gray",
            align="center",
        ),
        padding="1.5rem 1rem",
        width="100%",
    )


def shell(content: rx.Component, actions: rx.Component | None = None,
          banner: rx.Component | None = None) -> rx.Component:
    return rx.box(
        rx.el.a("Skip to content", href="#main", class_name="skip-link"),
        header(actions, banner),
        rx.el.main(
            content,
            id="main",
            width="100%",
            max_width=CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding_x=["1rem", "1rem", "1.5rem"],
            padding_y=["1rem", "1.5rem", "2rem"],
            flex="1",
        ),
        footer(),
        display="flex",
        flex_direction="column",
        min_height="100vh",
        width="100%",
    )


def page_template(actions: Callable[[], rx.Component] | None = None,
                  banner: Callable[[], rx.Component] | None = None):
    """Wrap a page function in the app shell (a decorator, as the dashboard template does)."""

    def decorator(page: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def wrapped() -> rx.Component:
            return shell(page(), actions() if actions else None, banner() if banner else None)

        wrapped.__name__ = page.__name__
        wrapped.__doc__ = page.__doc__
        return wrapped

    return decorator
