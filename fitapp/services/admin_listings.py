"""What admins look at (seed section 10): unfinished onboardings (pages, filters, CSV), one
user's detail, and the funnel reports. Each function checks the admin role first.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Select, func
from sqlmodel import select

from fitapp.core.db import session_scope
from fitapp.domain import REVIEW_STEP
from fitapp.domain.answer_reader import control_character_problem
from fitapp.domain.accounts import AccountError, normalize_email
from fitapp.models import OnboardingState, User
from fitapp.services import analytics, data_quality as quality, profile_views
from fitapp.services.admin_roles import AdminError, require_admin
from fitapp.services.profile_views import UserDetail
from fitapp.services.snapshot import json_value

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
# Bounds that keep every filter inside what PostgreSQL and Python's dates can compute
# (offset, now - days): a larger value is refused, never an overflow.
MAX_PAGE = 100_000
MAX_INACTIVE_DAYS = 36_500  # a hundred years
MAX_EMAIL_FILTER_CHARS = 255
CSV_COLUMNS = ("user_id", "email", "current_step", "started_at", "last_activity_at", "device_type")


class InvalidQuery(AdminError):
    """A page, page size or filter out of range."""


# ---------------------------------------------------------------- incomplete onboardings


@dataclass(frozen=True)
class IncompleteFilter:
    """Which unfinished onboardings to list, and in which order.

    ``inactive_days``: only users whose last activity is more than that many days ago.
    ``email_contains``: a case-insensitive part of the e-mail address.
    Ties are broken by user id, so pages never overlap.
    """

    step: int | None = None
    inactive_days: int | None = None
    sort: Literal["last_activity", "started"] = "last_activity"
    descending: bool = True
    email_contains: str | None = None


@dataclass(frozen=True)
class IncompleteRow:
    user_id: uuid.UUID
    email: str
    current_step: int
    started_at: datetime | None
    last_activity_at: datetime | None
    device_type: str | None


@dataclass(frozen=True)
class Page:
    rows: list[IncompleteRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _incomplete_query(flt: IncompleteFilter, now: datetime) -> Select:
    """Unfinished onboardings of live users (the seed's partial indexes on completed_at IS NULL)."""
    if flt.step is not None and not 0 <= flt.step <= REVIEW_STEP:
        raise InvalidQuery(f"The step must be between 0 and {REVIEW_STEP}.")
    if flt.inactive_days is not None and flt.inactive_days < 0:
        raise InvalidQuery("The number of inactive days cannot be negative.")
    if flt.inactive_days is not None and flt.inactive_days > MAX_INACTIVE_DAYS:
        raise InvalidQuery(f"The number of inactive days can be at most {MAX_INACTIVE_DAYS:,}.")
    if flt.email_contains and (len(flt.email_contains) > MAX_EMAIL_FILTER_CHARS
                               or control_character_problem(flt.email_contains)):
        raise InvalidQuery(f"Search by up to {MAX_EMAIL_FILTER_CHARS} characters of an e-mail address, "
                           "without control characters.")
    if flt.sort not in ("last_activity", "started"):
        raise InvalidQuery("Sort by last activity or by start date.")
    state = OnboardingState.__table__.c
    user = User.__table__.c
    query = (
        select(state.user_id, user.email, state.current_step, state.started_at, state.last_activity_at,
               state.device_type)
        .join_from(OnboardingState.__table__, User.__table__, user.id == state.user_id)
        .where(state.completed_at.is_(None), user.deleted_at.is_(None))
    )
    if flt.step is not None:
        query = query.where(state.current_step == flt.step)
    if flt.inactive_days is not None:
        query = query.where(state.last_activity_at < now - timedelta(days=flt.inactive_days))
    if flt.email_contains and flt.email_contains.strip():
        pattern = flt.email_contains.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(user.email.ilike(f"%{pattern}%", escape="\\"))
    return query


def _ordered(query: Select, flt: IncompleteFilter) -> Select:
    state = OnboardingState.__table__.c
    column = state.last_activity_at if flt.sort == "last_activity" else state.started_at
    # PostgreSQL's default NULL placement (first when descending), so the partial indexes on
    # last_activity_at / started_at can deliver the order; user_id makes it total.
    if flt.descending:
        return query.order_by(column.desc(), state.user_id.desc())
    return query.order_by(column.asc(), state.user_id.asc())


def _row(row: Any) -> IncompleteRow:
    return IncompleteRow(
        row.user_id, row.email, row.current_step, row.started_at, row.last_activity_at, row.device_type
    )


def list_incomplete(
    admin_id: uuid.UUID, flt: IncompleteFilter, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE
) -> Page:
    """One page (1-based) of unfinished onboardings, with the total count of the filter."""
    require_admin(admin_id)
    if not 1 <= page <= MAX_PAGE:
        raise InvalidQuery(f"Pages are numbered from 1 to {MAX_PAGE:,}.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidQuery(f"Choose a page size between 1 and {MAX_PAGE_SIZE}.")
    query = _incomplete_query(flt, datetime.now(UTC))
    with analytics.read_only() as conn:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = conn.execute(_ordered(query, flt).limit(page_size).offset((page - 1) * page_size)).all()
    return Page([_row(row) for row in rows], total, page, page_size)


def _csv_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_lines(rows: Iterator[Any]) -> Iterator[list[Any]]:
    yield list(CSV_COLUMNS)
    for row in rows:
        yield [
            str(row.user_id),
            _csv_cell(row.email),
            row.current_step,
            json_value(row.started_at) if row.started_at else "",
            json_value(row.last_activity_at) if row.last_activity_at else "",
            _csv_cell(row.device_type or ""),
        ]


def incomplete_csv(admin_id: uuid.UUID, flt: IncompleteFilter) -> str:
    """Every row of the filter (not just one page) as CSV text with a header row; times ISO UTC."""
    require_admin(admin_id)
    query = _ordered(_incomplete_query(flt, datetime.now(UTC)), flt)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    with analytics.read_only() as conn:
        writer.writerows(_csv_lines(iter(conn.execute(query))))
    return buffer.getvalue()


# ---------------------------------------------------------------- a user's detail


def find_user(admin_id: uuid.UUID, email: str) -> uuid.UUID | None:
    """The account with exactly this e-mail (any case), finished onboarding or not."""
    require_admin(admin_id)
    try:
        wanted = normalize_email(email)
    except AccountError:
        return None
    with session_scope() as db:
        return db.exec(select(User.id).where(User.email == wanted)).first()


def user_detail(admin_id: uuid.UUID, user_id: uuid.UUID) -> UserDetail | None:
    """Onboarding state with answers, current profile, version history and audit trail; None
    for an unknown user (``profile_views.user_detail``, after the role check)."""
    require_admin(admin_id)
    return profile_views.user_detail(user_id)


# ---------------------------------------------------------------- reports


def funnel(
    admin_id: uuid.UUID, start: date, end: date, flow_version: str | None = None, *, as_of: date | None = None
) -> analytics.FunnelReport:
    """The funnel page: summary, Appendix A per day, per-step funnel, trailing 7-day rate."""
    require_admin(admin_id)
    return analytics.funnel_report(start, end, flow_version, as_of=as_of)


def data_quality(admin_id: uuid.UUID, start: date | None = None, end: date | None = None) -> quality.DataQuality:
    """NULL shares of optional columns, rejected answers per step, version churn per week."""
    require_admin(admin_id)
    return quality.data_quality(start, end)


def flow_versions(admin_id: uuid.UUID) -> list[str]:
    require_admin(admin_id)
    return analytics.flow_versions()
