"""A page with a handler that stores nothing: the floor the conversation's round trip is measured against.

Registered only when FITAPP_BENCHMARK_PAGE=1 at build time (scripts/bench_conversation.py sets it).
"""

from __future__ import annotations

import reflex as rx


class BenchFloorState(rx.State):
    clicks: list[int] = []

    @rx.event
    def ping(self):
        self.clicks.append(len(self.clicks) + 1)


def bench_floor_page() -> rx.Component:
    return rx.vstack(
        rx.button("Ping", on_click=BenchFloorState.ping),
        rx.text("Pings: ", BenchFloorState.clicks.length().to_string()),
        padding="2rem",
    )
