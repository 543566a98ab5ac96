"""A captioned data table that scrolls sideways in its own box on a phone (the page never does)."""

from __future__ import annotations

import reflex as rx


def simple_table(caption: str, headers: list[str], rows, keys: list[str]) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.el.caption(caption, style={"text_align": "left", "font_weight": "600", "padding_bottom": "0.5rem"}),
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(rx.foreach(rows, lambda r: rx.table.row(*[rx.table.cell(r[k]) for k in keys]))),
            size="1",
        ),
        # A table wider than a phone scrolls in its box: a keyboard user can focus the box to scroll it.
        overflow_x="auto",
        tab_index=0,
        role="region",
        aria_label=caption,
        width="100%",
    )
