"""Admin screens: every handler asks the server whether the signed-in user is an admin."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import reflex as rx

from fitapp import routes
from fitapp.domain import QUESTION_STEPS, STEP_TITLES, STEPS
from fitapp.domain.errors import UserFacingError
from fitapp.domain.privacy import ADMIN, DELETED_STATUS
from fitapp.services import admin, privacy
from fitapp.services.profile_display import changed_field_labels, readable, snapshot_rows
from fitapp.state.refusals import treatment
from fitapp.state.session import SessionState, off_the_loop

PAGE_SIZES = ["10", "25", "50", "100"]
NOT_ALLOWED = "Not allowed: this page is for administrators."


def _when(moment: datetime | None) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if moment else "—"


class AdminGuard(SessionState):
    """Shared by the admin pages: `allowed` only after the server has said so for this event."""

    allowed: bool = False
    denied: bool = False

    def _admin_id(self) -> uuid.UUID | None:
        user = self.current_user()
        if user is None or not admin.is_admin(user.user_id):
            self.allowed, self.denied = False, True
            return None
        self.allowed, self.denied = True, False
        return user.user_id

    def _refused(self, refusal: UserFacingError) -> bool:
        """Show a service's refusal the one way its base is shown (``state.refusals``); True
        when the page should reload what it shows."""
        shown = treatment(refusal)
        if shown == "denied":
            self.allowed, self.denied = False, True
            return False
        self.error = refusal.message
        return shown == "message_and_reload"


class IncompleteState(AdminGuard):
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    next_cursor: str = ""  # the keyset cursor of the page after this one
    total_label: str = "0"
    page_size: str = "25"
    step: str = ""
    inactive_days: str = ""
    sort: str = "last_activity"
    descending: bool = True
    error: str = ""

    def _filter(self) -> admin.IncompleteFilter:
        return admin.IncompleteFilter(
            step=int(self.step) if self.step != "" else None,
            inactive_days=int(self.inactive_days) if self.inactive_days != "" else None,
            sort="started" if self.sort == "started" else "last_activity",
            descending=self.descending,
        )

    def _fetch(self, admin_id: uuid.UUID, after: str | None = None) -> None:
        try:
            result = admin.list_incomplete(admin_id, self._filter(), page=self.page, page_size=int(self.page_size),
                                           after=after)
        except UserFacingError as error:
            self._refused(error)
            return
        self.error = ""
        self.total, self.pages = result.total, result.pages
        self.next_cursor = result.next_cursor or ""
        self.total_label = f"about {result.total:,}" if result.total_is_estimate else str(result.total)
        self.rows = [
            {
                "user_id": str(row.user_id),
                "email": row.email,
                "step": f"{row.current_step} · {STEP_TITLES[row.current_step]}",
                "started": _when(row.started_at),
                "last_activity": _when(row.last_activity_at),
                "device": row.device_type or "—",
            }
            for row in result.rows
        ]

    @rx.event
    @off_the_loop
    def load(self):
        admin_id = self._admin_id()
        if admin_id is None:
            self.rows = []
            return
        self.page = 1
        self._fetch(admin_id)

    @rx.event
    @off_the_loop
    def apply_filters(self, form: dict):
        admin_id = self._admin_id()
        if admin_id is None:
            return
        step, inactive = (form.get("step") or "").strip(), (form.get("inactive_days") or "").strip()
        if inactive and not inactive.isdigit():
            self.error = "Inactive days must be a whole number of days."
            return
        self.step, self.inactive_days = step, inactive
        self.sort = form.get("sort") or "last_activity"
        self.descending = (form.get("order") or "desc") == "desc"
        self.page_size = form.get("page_size") or self.page_size
        self.page = 1
        self._fetch(admin_id)

    @rx.event
    @off_the_loop
    def go_to_page(self, page: int):
        admin_id = self._admin_id()
        if admin_id is None:
            return
        wanted = max(1, min(int(page), self.pages))
        after = self.next_cursor if wanted == self.page + 1 and self.next_cursor else None  # keyset for "Next"
        self.page = wanted
        self._fetch(admin_id, after)

    @rx.event
    @off_the_loop
    def find_user(self, form: dict):
        admin_id = self._admin_id()
        if admin_id is None:
            return
        user_id = admin.find_user(admin_id, form.get("email", ""))
        if user_id is None:
            self.error = "No account has that e-mail address."
            return
        self.error = ""
        return rx.redirect(routes.admin_user(str(user_id)))

    @rx.event
    @off_the_loop
    def export_csv(self):
        admin_id = self._admin_id()
        if admin_id is None:
            return
        return rx.download(data=admin.incomplete_csv(admin_id, self._filter()), filename="incomplete-onboardings.csv")


class UserDetailState(AdminGuard):
    user_id: str = ""
    email: str = ""
    facts: list[dict[str, str]] = []
    answers: list[dict[str, str]] = []
    profile: list[dict[str, str]] = []
    versions: list[dict[str, str]] = []
    audit: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    found: bool = False
    erased: bool = False

    def _load_detail(self, admin_id: uuid.UUID, user_id: uuid.UUID) -> None:
        detail = admin.user_detail(admin_id, user_id)
        self.found = detail is not None
        if detail is None:
            self.error = "No such user."
            return
        self.user_id, self.email = str(detail.user_id), detail.email
        self.erased = detail.account_status == DELETED_STATUS
        onboarding = detail.onboarding
        self.facts = [
            {"label": "Account", "value": detail.account_status + (" · admin" if detail.is_admin else "")},
            {"label": "Signed up", "value": _when(detail.created_at)},
            {"label": "Onboarding", "value": "completed" if detail.onboarding_completed else
             (f"at step {onboarding.current_step} · {STEP_TITLES[onboarding.current_step]}" if onboarding else "not started")},
            {"label": "Last activity", "value": _when(onboarding.last_activity_at) if onboarding else "—"},
            {"label": "Device", "value": (onboarding.device_type or "—") if onboarding else "—"},
            {"label": "Profile", "value": f"version {detail.profile_version}, locked {_when(detail.locked_at)}"
             if detail.profile_version else "none"},
        ]
        self.answers = [
            {"title": STEPS[step].title, "summary": STEPS[step].summarize(answer),
             "status": "answered" if step in onboarding.completed_steps else "to ask again"}
            for step, answer in sorted((onboarding.answers if onboarding else {}).items()) if step in QUESTION_STEPS
        ]
        self.profile = snapshot_rows(detail.profile or {})
        self.versions = [
            {"version": str(v.version), "when": _when(v.valid_from), "who": v.changed_by, "reason": v.change_reason or "",
             "fields": changed_field_labels(v.changed_fields)}
            for v in detail.versions
        ]
        self.audit = [
            {"when": _when(a.created_at), "what": f"{a.operation} {a.table_name}", "who": a.changed_by,
             "old": readable(a.old_values), "new": readable(a.new_values)}
            for a in detail.audit
        ]

    @rx.event
    @off_the_loop
    def load(self):
        admin_id = self._admin_id()
        self.error, self.notice = "", ""
        if admin_id is None:
            self.found = False
            return
        try:
            user_id = uuid.UUID(self.router.url.query_parameters.get("id", ""))
        except ValueError:
            self.found, self.error = False, "No such user."
            return
        self._load_detail(admin_id, user_id)

    @rx.event
    @off_the_loop
    def reset_onboarding(self, form: dict):
        admin_id = self._admin_id()
        if admin_id is None or not self.user_id:
            return
        try:
            result = admin.reset_onboarding(admin_id, uuid.UUID(self.user_id), reason=form.get("reset_reason", ""),
                                            consent_confirmed=form.get("consent") == "on", user_agent=self._user_agent())
        except UserFacingError as error:
            self._refused(error)
            return
        self.error = ""
        archived = f" The profile was archived as version {result.archived_version}." if result.archived_version else ""
        self.notice = "Onboarding reset: the user starts again at step 0 on next sign-in." + archived
        self._load_detail(admin_id, uuid.UUID(self.user_id))

    @rx.event
    @off_the_loop
    def erase_account(self, form: dict):
        """A person's request for erasure that reached support (GDPR): the admin's role and reason."""
        admin_id = self._admin_id()
        if admin_id is None or not self.user_id:
            return
        try:
            result = privacy.erase_user(uuid.UUID(self.user_id), requested_by=ADMIN, admin_id=admin_id,
                                        reason=form.get("erase_reason", ""), user_agent=self._user_agent())
        except UserFacingError as error:  # no reason, already erased, no such account
            if self._refused(error):
                self._load_detail(admin_id, uuid.UUID(self.user_id))
            return
        self.error = ""
        self.notice = (f"Account erased: {result.sessions_revoked} session(s) signed out; everything left is "
                       "deleted for good after 90 days.")
        self._load_detail(admin_id, uuid.UUID(self.user_id))


def typed_share(step) -> str:
    """The "Began as typed" cell: how many answers began as typed text and their share of the answered."""
    if step.typed_answers is None:
        return "—"
    share = "—" if step.typed_share_pct is None else f"{step.typed_share_pct:.1f} %"
    return f"{step.typed_answers} ({share})"


class AnalyticsState(AdminGuard):
    start: str = ""
    end: str = ""
    summary: list[dict[str, str]] = []
    daily: list[dict] = []
    daily_chart: list[dict] = []
    steps: list[dict] = []
    trailing_text: str = ""
    below_alert: bool = False
    null_shares: list[dict[str, str]] = []
    rejections: list[dict] = []
    churn: list[dict[str, str]] = []
    error: str = ""

    def _report(self, admin_id: uuid.UUID) -> None:
        try:
            start, end = date.fromisoformat(self.start), date.fromisoformat(self.end)
            report = admin.funnel(admin_id, start, end)
            quality = admin.data_quality(admin_id, start, end)
        except ValueError as error:
            self.error = str(error) if str(error) else "Choose a valid date range."
            return
        self.error = ""
        s = report.summary
        pct = lambda v: "—" if v is None else f"{v:.1f} %"  # noqa: E731
        minutes = lambda v: "—" if v is None else f"{v:.1f} min"  # noqa: E731
        self.summary = [
            {"label": "Started", "value": str(s.started)},
            {"label": "Completed", "value": str(s.completed)},
            {"label": "Completion rate", "value": pct(s.completion_rate_pct)},
            {"label": "Average completion time", "value": minutes(s.avg_completion_minutes)},
            {"label": "Median completion time", "value": minutes(s.median_completion_minutes)},
            {"label": "Returning users", "value": pct(s.returning_users_pct)},
        ]
        self.daily = [
            {"day": d.day.isoformat(), "started": d.started, "completed": d.completed,
             "rate": round(d.completion_rate_pct or 0, 2), "avg_minutes": "—" if d.avg_completion_minutes is None
             else f"{d.avg_completion_minutes:.1f}"}
            for d in report.daily
        ]
        # The table reads newest first (as the seed's query); a chart reads left to right in time.
        self.daily_chart = sorted(self.daily, key=lambda row: row["day"])
        seconds = lambda v: "—" if v is None else f"{v:.0f} s"  # noqa: E731
        self.steps = [
            {"step": f"{st.step} {st.title}", "reached": st.reached, "answered": st.answered, "drop_off": st.drop_off,
             "drop_off_rate": pct(st.drop_off_rate_pct), "median": seconds(st.median_seconds),
             "p90": seconds(st.p90_seconds), "rejections": st.rejections, "typed": typed_share(st)}
            for st in report.steps
        ]
        t = report.trailing
        self.below_alert = t.below_alert
        self.trailing_text = (f"{pct(t.completion_rate_pct)} of {t.started} users who started {t.start}–{t.end} "
                              f"completed (alert below {t.alert_threshold_pct:.0f} %)")
        self.null_shares = [
            {"table": n.table.replace("_", " "), "field": n.column.replace("_", " "), "null": pct(n.null_pct),
             "rows": str(n.rows)}
            for n in quality.null_shares
        ]
        self.rejections = [{"step": f"{r.step} {r.title}", "rejected": r.rejected, "users": r.users}
                           for r in quality.rejections]
        self.churn = [
            {"week": w.iso_week, "users": str(w.users), "versions": str(w.versions),
             "per_user": f"{w.versions_per_user:.2f}"}
            for w in quality.churn.weeks
        ]

    @rx.event
    @off_the_loop
    def load(self):
        admin_id = self._admin_id()
        if admin_id is None:
            return
        if not self.end:
            today = datetime.now(timezone.utc).date()
            self.start, self.end = (today - timedelta(days=29)).isoformat(), today.isoformat()
        self._report(admin_id)

    @rx.event
    @off_the_loop
    def choose_range(self, form: dict):
        admin_id = self._admin_id()
        if admin_id is None:
            return
        self.start, self.end = form.get("start") or self.start, form.get("end") or self.end
        self._report(admin_id)
