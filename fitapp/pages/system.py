"""Admin: System health (seed section 12: database and cache checks, latency, cache hits, alerts)."""

from __future__ import annotations

import reflex as rx

from fitapp.layouts.shell import page_template
from fitapp.pages.admin import guarded, simple_table
from fitapp.pages.onboarding import sign_out_button
from fitapp.state.system import SystemState as S


@page_template(actions=sign_out_button)
def system_page() -> rx.Component:
    return guarded(
        rx.vstack(
            rx.hstack(
                rx.heading("System health", as_="h1", size="6"),
                rx.button("Refresh", variant="soft", on_click=S.load),
                justify="between",
                align="center",
                width="100%",
            ),
            rx.text("Checked at ", S.checked_at, " · figures from ", S.scope, size="2", color_scheme="gray"),
            rx.cond(
                S.alerts.length() > 0,
                rx.callout.root(rx.el.ul(rx.foreach(S.alerts, lambda alert: rx.el.li(alert))), color_scheme="red",
                                role="alert", width="100%"),
                rx.callout("No alerts: every figure is within the thresholds.", color_scheme="grass", role="status",
                           width="100%"),
            ),
            simple_table("Checks", ["Check", "Status", "Latency", "Detail"], S.checks,
                         ["name", "status", "latency", "detail"]),
            rx.grid(
                rx.foreach(S.figures, lambda figure: rx.card(rx.text(figure["label"], size="1", color_scheme="gray"),
                                                             rx.heading(figure["value"], as_="p", size="4"))),
                columns=rx.breakpoints(initial="2", md="4"),
                spacing="3",
                width="100%",
            ),
            spacing="4",
            width="100%",
        )
    )
