"""Admin screens. The role is the services' to check, in the database, on every call
(``admin_roles.require_admin``); a state only passes on who is signed in and shows a refusal
the one way its base is shown (``state.refusals``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import reflex as rx

from fitapp import routes
from fitapp.domain.errors import UserFacingError
from fitapp.domain.privacy import ADMIN, DELETED_STATUS
from fitapp.presenters import admin as rows
from fitapp.services import admin, privacy
from fitapp.state.refusals import treatment
from fitapp.state.session import SessionRecovery, SessionState, session_event, off_the_loop

PAGE_SIZES = ["10", "25", "50", "100"]
NOT_ALLOWED = "Not allowed: this page is for administrators."
REFUSED = object()  # what ``_as_admin`` returns for a call the service refused (None can be an answer)


class AdminGuard(SessionState):
    """Shared by the admin pages: `allowed` only after a service has accepted this user for this event."""

    allowed: bool = False
    denied: bool = False

    def _deny(self) -> None:
        self.allowed, self.denied = False, True

    def _as_admin(self, call: Callable[[uuid.UUID], Any]) -> Any:
        """``call(signed_in_user_id)``, an admin service call that checks the role itself; REFUSED
        (and the refusal shown) when it says no or nobody is signed in."""
        user = self.current_user()
        if user is None:
            self._deny()
            return REFUSED
        try:
            result = call(user.user_id)
        except UserFacingError as refusal:
            self._refused(refusal)
            return REFUSED
        self.allowed, self.denied = True, False
        return result

    def _refused(self, refusal: UserFacingError) -> bool:
        """Show a service's refusal the one way its base is shown; True when the page should
        reload what it shows."""
        shown = treatment(refusal)
        if shown == "denied":
            self._deny()
            return False
        self.allowed, self.denied = True, False  # the role check comes first in every admin service
        self.error = refusal.message
        return shown == "message_and_reload"


class IncompleteState(SessionRecovery, AdminGuard):
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    next_cursor: str = ""  # the keyset cursor of the page after this one
    # Backend only: the keyset cursor each page from 2 on was fetched after, as far as Next went,
    # so Previous is a keyset read too (OFFSET took 254 ms at page 2,000 with 1 M users, keyset 15).
    _page_cursors: list[str] = []
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

    def _fetch(self, after: str | None = None) -> None:
        flt, page, page_size = self._filter(), self.page, int(self.page_size)
        result = self._as_admin(lambda admin_id: admin.list_incomplete(admin_id, flt, page=page, page_size=page_size,
                                                                       after=after))
        if result is REFUSED:
            return
        self.error = ""
        self.total, self.pages = result.total, result.pages
        self.next_cursor = result.next_cursor or ""
        self.total_label = rows.total_label(result)
        self.rows = rows.incomplete_rows(result.rows)

    @rx.event
    @session_event
    @off_the_loop
    def load(self):
        self.rows, self.page, self._page_cursors = [], 1, []
        self._fetch()

    @rx.event
    @session_event
    @off_the_loop
    def apply_filters(self, form: dict):
        step, inactive = (form.get("step") or "").strip(), (form.get("inactive_days") or "").strip()
        if inactive and not inactive.isdigit():
            self.error = "Inactive days must be a whole number of days."
            return
        self.step, self.inactive_days = step, inactive
        self.sort = form.get("sort") or "last_activity"
        self.descending = (form.get("order") or "desc") == "desc"
        self.page_size = form.get("page_size") or self.page_size
        self.page, self._page_cursors = 1, []
        self._fetch()

    @rx.event
    @session_event
    @off_the_loop
    def go_to_page(self, page: int):
        wanted = max(1, min(int(page), self.pages))
        if wanted == self.page + 1 and self.next_cursor:
            self._page_cursors = [*self._page_cursors[:self.page - 1], self.next_cursor]
        # Keyset for every page Next has reached (OFFSET only for a state lost since, say).
        after = self._page_cursors[wanted - 2] if 2 <= wanted <= len(self._page_cursors) + 1 else None
        self.page = wanted
        self._fetch(after)

    @rx.event
    @session_event
    @off_the_loop
    def find_user(self, form: dict):
        email = form.get("email", "")
        user_id = self._as_admin(lambda admin_id: admin.find_user(admin_id, email))
        if user_id is REFUSED:
            return
        if user_id is None:
            self.error = "No account has that e-mail address."
            return
        self.error = ""
        return rx.redirect(routes.admin_user(str(user_id)))

    @rx.event
    @session_event
    @off_the_loop
    def export_csv(self):
        flt = self._filter()
        data = self._as_admin(lambda admin_id: admin.incomplete_csv(admin_id, flt))
        if data is REFUSED:
            return
        return rx.download(data=data, filename="incomplete-onboardings.csv")


class UserDetailState(SessionRecovery, AdminGuard):
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

    def _load_detail(self, user_id: uuid.UUID) -> None:
        detail = self._as_admin(lambda admin_id: admin.user_detail(admin_id, user_id))
        if detail is REFUSED:
            self.found = False
            return
        self.found = detail is not None
        if detail is None:
            self.error = "No such user."
            return
        self.user_id, self.email = str(detail.user_id), detail.email
        self.erased = detail.account_status == DELETED_STATUS
        screen = rows.user_detail_screen(detail)
        self.facts, self.answers, self.profile = screen.facts, screen.answers, screen.profile
        self.versions, self.audit = screen.versions, screen.audit

    @rx.event
    @session_event
    @off_the_loop
    def load(self):
        self.error, self.notice = "", ""
        try:
            user_id = uuid.UUID(self.router.url.query_parameters.get("id", ""))
        except ValueError:
            user_id = None
        if user_id is None:  # still asked, so a member learns "not allowed", not whether the id exists
            if self._as_admin(admin.require_admin) is not REFUSED:
                self.found, self.error = False, "No such user."
            return
        self._load_detail(user_id)

    @rx.event
    @session_event
    @off_the_loop
    def reset_onboarding(self, form: dict):
        if not self.user_id:
            return
        user_id, agent = uuid.UUID(self.user_id), self._user_agent()
        result = self._as_admin(lambda admin_id: admin.reset_onboarding(
            admin_id, user_id, reason=form.get("reset_reason", ""), consent_confirmed=form.get("consent") == "on",
            user_agent=agent))
        if result is REFUSED:
            return
        self.error = ""
        archived = f" The profile was archived as version {result.archived_version}." if result.archived_version else ""
        self.notice = "Onboarding reset: the user starts again at step 0 on next sign-in." + archived
        self._load_detail(user_id)

    @rx.event
    @session_event
    @off_the_loop
    def erase_account(self, form: dict):
        """A person's request for erasure that reached support (GDPR): the admin's role and reason."""
        if not self.user_id:
            return
        user_id, agent = uuid.UUID(self.user_id), self._user_agent()
        user = self.current_user()
        try:
            result = privacy.erase_user(user_id, requested_by=ADMIN, admin_id=user.user_id if user else None,
                                        reason=form.get("erase_reason", ""), user_agent=agent)
        except UserFacingError as refusal:  # not an admin, no reason, already erased, no such account
            if self._refused(refusal):
                self._load_detail(user_id)
            return
        self.error = ""
        self.notice = (f"Account erased: {result.sessions_revoked} session(s) signed out; everything left is "
                       "deleted for good after 90 days.")
        self._load_detail(user_id)


class AnalyticsState(SessionRecovery, AdminGuard):
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

    def _report(self) -> None:
        try:
            start, end = date.fromisoformat(self.start), date.fromisoformat(self.end)
        except ValueError:
            self.error = "Choose a valid date range."
            return
        reports = self._as_admin(lambda admin_id: (admin.funnel(admin_id, start, end),
                                                   admin.data_quality(admin_id, start, end)))
        if reports is REFUSED:
            return
        self.error = ""
        funnel, quality = rows.funnel_screen(reports[0]), rows.quality_screen(reports[1])
        self.summary, self.daily, self.daily_chart, self.steps = (funnel.summary, funnel.daily, funnel.daily_chart,
                                                                  funnel.steps)
        self.trailing_text, self.below_alert = funnel.trailing_text, funnel.below_alert
        self.null_shares, self.rejections, self.churn = quality.null_shares, quality.rejections, quality.churn

    @rx.event
    @session_event
    @off_the_loop
    def load(self):
        if not self.end:
            today = datetime.now(timezone.utc).date()
            self.start, self.end = (today - timedelta(days=29)).isoformat(), today.isoformat()
        self._report()

    @rx.event
    @session_event
    @off_the_loop
    def choose_range(self, form: dict):
        self.start, self.end = form.get("start") or self.start, form.get("end") or self.end
        self._report()
