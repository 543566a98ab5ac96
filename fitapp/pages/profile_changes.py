"""Request a change to the locked plan, and the version history with diffs, point in time and restore."""

from __future__ import annotations

import reflex as rx

from fitapp import routes
from fitapp.components.fields import textarea_field
from fitapp.components.forms import submit_button
from fitapp.components.step_forms import marked, step_errors, step_form
from fitapp.layouts.shell import page_template
from fitapp.pages.onboarding import sign_out_button
from fitapp.state.profile_changes import REASON_FIELD, TOPIC_CHOICES, HistoryState, ProfileChangeState

C = ProfileChangeState
H = HistoryState


def back_to_plan() -> rx.Component:
    return rx.link("← Back to your plan", href=routes.PROFILE, size="2")


@page_template(actions=sign_out_button)
def change_page() -> rx.Component:
    return rx.vstack(
        back_to_plan(),
        rx.heading("Request a change", as_="h1", size="6"),
        rx.text("Your plan stays locked: a change needs a reason, and it is saved as a new version you can always "
                "go back to.", size="2", color_scheme="gray"),
        rx.el.fieldset(
            rx.el.legend("What do you want to change?"),
            rx.el.div(
                *[
                    rx.button(item["title"], type="button", variant=rx.cond(C.topic == item["key"], "solid", "soft"),
                              aria_pressed=rx.cond(C.topic == item["key"], "true", "false"),
                              on_click=C.choose_topic(item["key"]))
                    for item in TOPIC_CHOICES
                ],
                class_name="chips",
            ),
            class_name="group",
        ),
        rx.cond(
            C.topic != "",
            rx.vstack(
                rx.heading("Change: ", C.topic_title, as_="h2", size="4"),
                step_errors(C),
                rx.card(
                    step_form(C, leading=textarea_field("Why are you changing this? (required)", REASON_FIELD, rows=2,
                                                        **marked(C, REASON_FIELD))),
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
        max_width="44rem",
        margin_x="auto",
    )


def version_row(item) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Version " + item["version"], as_="h3", size="3"),
                rx.cond(item["current"] == "yes", rx.badge("current", color_scheme="grass")),
                rx.spacer(),
                rx.button("View", size="1", variant="soft", aria_label="View version " + item["version"],
                          on_click=H.view_version(item["version"])),
                align="center",
                width="100%",
            ),
            rx.text(item["when"], " · by ", item["who"], size="1", color_scheme="gray"),
            rx.text("Reason: ", item["reason"], size="2"),
            rx.text("Changed: ", item["fields"], size="1", color_scheme="gray", style={"word_break": "break-word"}),
            spacing="1",
            width="100%",
        ),
        width="100%",
    )


def diff_table() -> rx.Component:
    return rx.cond(
        H.diff.length() > 0,
        rx.vstack(
            rx.box(
                rx.table.root(
                    rx.el.caption("What changed from the version before", style={"text_align": "left", "font_weight": "600",
                                                                                 "padding_bottom": "0.5rem"}),
                    rx.table.header(rx.table.row(
                        rx.table.column_header_cell("Section"), rx.table.column_header_cell("Field"),
                        rx.table.column_header_cell("Before"), rx.table.column_header_cell("After"))),
                    rx.table.body(rx.foreach(H.diff, lambda d: rx.table.row(
                        rx.table.cell(d["section"]), rx.table.cell(d["field"]), rx.table.cell(d["before"]),
                        rx.table.cell(d["after"])))),
                    size="1",
                ),
                overflow_x="auto",
                tab_index=0,
                role="region",
                aria_label="What changed from the version before",
                width="100%",
            ),
            width="100%",
        ),
        rx.text("This is the first version: nothing to compare with.", size="2", color_scheme="gray"),
    )


def selected_version() -> rx.Component:
    return rx.cond(
        H.selected_version > 0,
        rx.card(
            rx.vstack(
                rx.heading(H.selected_title, as_="h2", size="4"),
                diff_table(),
                rx.el.details(
                    rx.el.summary("Full plan in this version"),
                    rx.data_list.root(rx.foreach(H.snapshot, lambda row: rx.data_list.item(
                        rx.data_list.label(row["section"], " · ", row["field"]), rx.data_list.value(row["value"]))),
                        orientation=rx.breakpoints(initial="vertical", sm="horizontal"), size="1"),
                ),
                rx.cond(
                    H.selected_version != H.current_version,
                    rx.form(
                        rx.vstack(
                            textarea_field("Why restore this version? (required)", "restore_reason", rows=2),
                            submit_button("Restore version ", H.selected_version.to_string()),
                            spacing="2",
                            width="100%",
                        ),
                        on_submit=H.restore,
                        width="100%",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
    )


@page_template(actions=sign_out_button)
def history_page() -> rx.Component:
    return rx.vstack(
        back_to_plan(),
        rx.heading("Your plan's history", as_="h1", size="6"),
        rx.form(
            rx.el.div(
                rx.el.label(rx.el.span("Show my plan as of", class_name="label-text"),
                            rx.el.input(type="datetime-local", name="as_of", class_name="control", step="1"),
                            class_name="field"),
                submit_button("Show", variant="soft"),
                class_name="field-row",
                style={"align_items": "flex-end"},
            ),
            on_submit=H.show_as_of,
            width="100%",
        ),
        rx.cond(H.error != "", rx.callout(H.error, color_scheme="red", role="alert", width="100%")),
        rx.cond(H.notice != "", rx.callout(H.notice, color_scheme="grass", role="status", width="100%")),
        selected_version(),
        rx.foreach(H.versions, version_row),
        spacing="4",
        width="100%",
        max_width="48rem",
        margin_x="auto",
    )
