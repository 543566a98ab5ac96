"""Admin pages: incomplete onboardings, one user's detail with reset, funnel analytics."""

from __future__ import annotations

import reflex as rx

from fitapp import routes
from fitapp.components.fields import checkbox_field, field_row, input_field, select_field, textarea_field
from fitapp.components.forms import submit_button
from fitapp.components.tables import simple_table
from fitapp.domain.step_numbers import ALL_STEPS
from fitapp.layouts.shell import page_template
from fitapp.pages.onboarding import sign_out_button
from fitapp.state.admin import NOT_ALLOWED, PAGE_SIZES, AdminGuard, AnalyticsState, IncompleteState, UserDetailState

I, U, A = IncompleteState, UserDetailState, AnalyticsState
STEP_OPTIONS = [(str(n), f"{n}") for n in ALL_STEPS]


def admin_nav() -> rx.Component:
    return rx.hstack(
        rx.link("Incomplete onboardings", href=routes.ADMIN),
        rx.link("Funnel analytics", href=routes.ADMIN_ANALYTICS),
        rx.link("System health", href=routes.ADMIN_SYSTEM),
        spacing="4",
        wrap="wrap",
    )


def guarded(content: rx.Component) -> rx.Component:
    """Admin content only after the server confirmed the role; 'Not allowed' otherwise."""
    return rx.cond(
        AdminGuard.allowed,
        rx.vstack(admin_nav(), content, spacing="4", width="100%"),
        rx.cond(AdminGuard.denied, rx.callout(NOT_ALLOWED, color_scheme="red", role="alert", width="100%"),
                rx.center(rx.spinner(size="3"), padding="3rem")),
    )


def incomplete_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(row["email"], href=routes.ADMIN_USER + "?id=" + row["user_id"])),
        rx.table.cell(row["step"]),
        rx.table.cell(row["started"]),
        rx.table.cell(row["last_activity"]),
        rx.table.cell(row["device"]),
    )


@page_template(actions=sign_out_button)
def incomplete_page() -> rx.Component:
    return guarded(
        rx.vstack(
            rx.heading("Incomplete onboardings", as_="h1", size="6"),
            rx.form(
                rx.el.div(
                    input_field("Find a user by e-mail", "email", type_="email"),
                    submit_button("Find", variant="soft"),
                    class_name="field-row",
                    style={"align_items": "flex-end"},
                ),
                on_submit=I.find_user,
                width="100%",
            ),
            rx.form(
                rx.vstack(
                    field_row(
                        select_field("Current step", "step", STEP_OPTIONS, default=I.step, empty="Any step"),
                        input_field("Inactive for more than (days)", "inactive_days", type_="number",
                                    default=I.inactive_days, min=0),
                        select_field("Sort by", "sort", [("last_activity", "Last activity"), ("started", "Start date")],
                                     default=I.sort),
                        select_field("Order", "order", [("desc", "Newest first"), ("asc", "Oldest first")],
                                     default=rx.cond(I.descending, "desc", "asc")),
                        select_field("Page size", "page_size", [(s, s) for s in PAGE_SIZES], default=I.page_size),
                    ),
                    rx.hstack(
                        submit_button("Apply filters"),
                        rx.button("Export CSV", type="button", variant="soft", on_click=I.export_csv),
                        spacing="3",
                    ),
                    width="100%",
                ),
                on_submit=I.apply_filters,
                width="100%",
            ),
            rx.cond(I.error != "", rx.callout(I.error, color_scheme="red", role="alert")),
            rx.text(I.total_label, " unfinished onboardings · page ", I.page.to_string(), " of ",
                    I.pages.to_string(), size="2"),
            rx.box(
                rx.table.root(
                    rx.el.caption("Unfinished onboardings", class_name="sr-only"),
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   ("Email", "Current step", "Started", "Last activity", "Device")])),
                    rx.table.body(rx.foreach(I.rows, incomplete_row)),
                    size="1",
                ),
                overflow_x="auto",
                tab_index=0,
                role="region",
                aria_label="Unfinished onboardings",
                width="100%",
            ),
            rx.hstack(
                rx.button("Previous page", variant="soft", disabled=I.page <= 1, on_click=I.go_to_page(I.page - 1)),
                rx.button("Next page", variant="soft", disabled=I.page >= I.pages, on_click=I.go_to_page(I.page + 1)),
                spacing="3",
            ),
            spacing="4",
            width="100%",
        )
    )


def admin_action_dialog(trigger: str, variant: str, title: str, description: str, fields: list[rx.Component],
                        confirm: str, on_submit) -> rx.Component:
    """A red action on a user that asks for its reason (and anything else) before it runs."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(trigger, color_scheme="red", variant=variant)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description, size="2"),
            rx.form(
                rx.vstack(
                    *fields,
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                        rx.alert_dialog.action(submit_button(confirm, color_scheme="red")),
                        spacing="3",
                        justify="end",
                    ),
                    spacing="3",
                ),
                on_submit=on_submit,
            ),
        ),
    )


def reset_dialog() -> rx.Component:
    return admin_action_dialog(
        "Reset onboarding", "soft", "Reset this user's onboarding?",
        "The current profile is archived as a version and the user starts again at step 0 on next sign-in.",
        [textarea_field("Reason for the reset (required)", "reset_reason", rows=2),
         checkbox_field("The user has consented to the reset", "consent")],
        "Confirm reset", U.reset_onboarding,
    )


def erase_dialog() -> rx.Component:
    return admin_action_dialog(
        "Erase account", "outline", "Erase this account (GDPR)?",
        "For a person's request for erasure. Their e-mail, password and sessions are removed and their "
        "free text wiped now; the anonymous rest is deleted for good after 90 days. This can't be undone.",
        [textarea_field("Reason for the erasure (required)", "erase_reason", rows=2)],
        "Erase permanently", U.erase_account,
    )


@page_template(actions=sign_out_button)
def user_page() -> rx.Component:
    return guarded(
        rx.vstack(
            rx.cond(U.error != "", rx.callout(U.error, color_scheme="red", role="alert", width="100%")),
            rx.cond(U.notice != "", rx.callout(U.notice, color_scheme="grass", role="status", width="100%")),
            rx.cond(
                U.found,
                rx.vstack(
                    rx.heading(U.email, as_="h1", size="6"),
                    rx.data_list.root(rx.foreach(U.facts, lambda f: rx.data_list.item(
                        rx.data_list.label(f["label"]), rx.data_list.value(f["value"])))),
                    rx.cond(~U.erased, rx.hstack(reset_dialog(), erase_dialog(), spacing="3", wrap="wrap")),
                    rx.heading("Onboarding answers", as_="h2", size="4"),
                    simple_table("Step answers", ["Step", "Answer", "Status"], U.answers, ["title", "summary", "status"]),
                    rx.heading("Current profile", as_="h2", size="4"),
                    simple_table("Profile", ["Section", "Field", "Value"], U.profile, ["section", "field", "value"]),
                    rx.heading("Version history", as_="h2", size="4"),
                    simple_table("Versions", ["Version", "When", "Who", "Reason", "Changed fields"], U.versions,
                                 ["version", "when", "who", "reason", "fields"]),
                    rx.heading("Audit log", as_="h2", size="4"),
                    simple_table("Audit log", ["When", "What", "Who", "Old", "New"], U.audit,
                                 ["when", "what", "who", "old", "new"]),
                    spacing="3",
                    width="100%",
                ),
            ),
            spacing="4",
            width="100%",
        )
    )


@page_template(actions=sign_out_button)
def analytics_page() -> rx.Component:
    return guarded(
        rx.vstack(
            rx.heading("Funnel analytics", as_="h1", size="6"),
            rx.form(
                rx.el.div(
                    input_field("From", "start", type_="date", default=A.start),
                    input_field("To", "end", type_="date", default=A.end),
                    submit_button("Show"),
                    class_name="field-row",
                    style={"align_items": "flex-end"},
                ),
                on_submit=A.choose_range,
                key=A.start + A.end,
                width="100%",
            ),
            rx.cond(A.error != "", rx.callout(A.error, color_scheme="red", role="alert")),
            rx.callout(
                rx.text("Trailing 7-day completion: ", A.trailing_text),
                color_scheme=rx.cond(A.below_alert, "red", "grass"),
                role=rx.cond(A.below_alert, "alert", "status"),
                width="100%",
            ),
            rx.grid(
                rx.foreach(A.summary, lambda s: rx.card(rx.text(s["label"], size="1", color_scheme="gray"),
                                                        rx.heading(s["value"], size="5"))),
                columns=rx.breakpoints(initial="2", md="3"),
                spacing="3",
                width="100%",
            ),
            rx.heading("Completion per day", as_="h2", size="4"),
            rx.recharts.line_chart(
                rx.recharts.line(data_key="rate", name="Completion rate %", stroke=rx.color("grass", 9)),
                rx.recharts.reference_line(y=60, stroke=rx.color("red", 9), stroke_dasharray="4 4",
                                           label="60 % alert"),
                rx.recharts.x_axis(data_key="day"),
                rx.recharts.y_axis(domain=[0, 100], unit="%", width=48),
                rx.recharts.graphing_tooltip(),
                data=A.daily_chart,
                height=260,
                width="100%",
            ),
            simple_table("Started and completed per day (Appendix A)", ["Day", "Started", "Completed", "Rate %",
                                                                        "Avg minutes"], A.daily,
                         ["day", "started", "completed", "rate", "avg_minutes"]),
            rx.heading("Funnel per step", as_="h2", size="4"),
            # Horizontal bars, one row per step named on the left: readable on a 390 px phone too.
            rx.recharts.bar_chart(
                rx.recharts.bar(data_key="reached", name="Reached", fill=rx.color("gray", 8)),
                rx.recharts.bar(data_key="answered", name="Answered", fill=rx.color("grass", 9)),
                rx.recharts.x_axis(type_="number", allow_decimals=False),
                rx.recharts.y_axis(data_key="step", type_="category", width=140, interval=0),
                rx.recharts.legend(vertical_align="top"),
                rx.recharts.graphing_tooltip(),
                data=A.steps,
                layout="vertical",
                bar_category_gap="18%",
                margin={"left": 0, "right": 12},
                height=520,
                width="100%",
            ),
            simple_table("Per step", ["Step", "Reached", "Answered", "Began as typed (% of answered)", "Drop-off",
                                      "Drop-off rate", "Median time", "p90 time", "Rejected answers"], A.steps,
                         ["step", "reached", "answered", "typed", "drop_off", "drop_off_rate", "median", "p90",
                          "rejections"]),
            rx.heading("Data quality", as_="h2", size="4"),
            simple_table("Empty optional fields", ["Table", "Field", "NULL share", "Rows"], A.null_shares,
                         ["table", "field", "null", "rows"]),
            simple_table("Rejected answers per step", ["Step", "Rejected", "Users"], A.rejections,
                         ["step", "rejected", "users"]),
            simple_table("Profile version churn", ["Week", "Users", "Versions", "Versions per user"], A.churn,
                         ["week", "users", "versions", "per_user"]),
            spacing="4",
            width="100%",
        )
    )
