"""What admins look at (seed section 10): unfinished onboardings (pages, filters, CSV), one
user's detail, and the funnel reports. Each function checks the admin role first.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Select, and_, func, or_, text, tuple_
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
# Up to this many rows the total is counted exactly; beyond, it is the planner's estimate
# (labelled so): counting 350,000 unfinished onboardings at 1 M users takes ~0.6 s.
EXACT_COUNT_LIMIT = 10_000
# A numbered page without a cursor is found by OFFSET, which reads every row before it (and its
# user's row): at 1 M users (350,000 unfinished) page 2,000 (row 50,000) took 254 ms at p95, row
# 10,000 109 ms, page 1 18 (bench_scale.py, README). Past this row a page is reached by keyset
# (next_cursor as `after`, 17 ms at any depth), so every page a client can ask for is within 100 ms.
MAX_OFFSET_ROWS = 5_000
CSV_BATCH_ROWS = 2_000
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
    """One page; ``next_cursor`` fetches the following page by keyset (None on the last page).

    ``total_is_estimate``: the total is the planner's estimate (more than EXACT_COUNT_LIMIT rows).
    """

    rows: list[IncompleteRow]
    total: int
    page: int
    page_size: int
    next_cursor: str | None = None
    total_is_estimate: bool = False

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


def _sort_column(flt: IncompleteFilter):
    state = OnboardingState.__table__.c
    return state.last_activity_at if flt.sort == "last_activity" else state.started_at


def _cursor(flt: IncompleteFilter, row: Any) -> str:
    value = row.last_activity_at if flt.sort == "last_activity" else row.started_at
    payload = {"s": flt.sort, "d": flt.descending, "v": value.isoformat() if value else None, "id": str(row.user_id)}
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def _after(query: Select, flt: IncompleteFilter, cursor: str) -> Select:
    """Rows after the cursor's row in the listing's order (keyset: no OFFSET, so any page is fast).

    The order puts NULLs first when descending and last when ascending (PostgreSQL's default).
    """
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        value = datetime.fromisoformat(payload["v"]) if payload["v"] is not None else None
        user_id = uuid.UUID(payload["id"])
        same_order = payload["s"] == flt.sort and payload["d"] == flt.descending
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InvalidQuery("That page link is not valid any more; start again from the first page.") from None
    if not same_order:
        raise InvalidQuery("That page link belongs to another sort order; start again from the first page.")
    column, key = _sort_column(flt), OnboardingState.__table__.c.user_id
    if flt.descending:
        if value is None:
            return query.where(or_(and_(column.is_(None), key < user_id), column.is_not(None)))
        return query.where(column.is_not(None), tuple_(column, key) < tuple_(value, user_id))
    if value is None:
        return query.where(column.is_(None), key > user_id)
    return query.where(or_(tuple_(column, key) > tuple_(value, user_id), column.is_(None)))


def _total(conn: Any, query: Select) -> tuple[int, bool]:
    """The exact count up to EXACT_COUNT_LIMIT, else the planner's estimate (and True)."""
    capped = conn.execute(select(func.count()).select_from(query.limit(EXACT_COUNT_LIMIT + 1).subquery())).scalar_one()
    if capped <= EXACT_COUNT_LIMIT:
        return capped, False
    compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
    plan = conn.execute(text(f"EXPLAIN (FORMAT JSON) {compiled}")).scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return max(EXACT_COUNT_LIMIT + 1, int(plan[0]["Plan"]["Plan Rows"])), True


def _row(row: Any) -> IncompleteRow:
    return IncompleteRow(
        row.user_id, row.email, row.current_step, row.started_at, row.last_activity_at, row.device_type
    )


def list_incomplete(
    admin_id: uuid.UUID, flt: IncompleteFilter, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE,
    *, after: str | None = None,
) -> Page:
    """One page (1-based) of unfinished onboardings, with the total of the filter.

    With ``after`` (a previous page's ``next_cursor``) the page is found by keyset, whatever its
    number; without it, by OFFSET, up to row MAX_OFFSET_ROWS (OFFSET is linear in the row).
    """
    require_admin(admin_id)
    if not 1 <= page <= MAX_PAGE:
        raise InvalidQuery(f"Pages are numbered from 1 to {MAX_PAGE:,}.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidQuery(f"Choose a page size between 1 and {MAX_PAGE_SIZE}.")
    if after is None and (page - 1) * page_size > MAX_OFFSET_ROWS:
        raise InvalidQuery(f"Numbered pages reach as far as row {MAX_OFFSET_ROWS:,}; past it, follow each "
                           "page's next_cursor (pass it as after).")
    query = _incomplete_query(flt, datetime.now(UTC))
    with analytics.read_only() as conn:
        total, estimated = _total(conn, query)
        listed = _ordered(_after(query, flt, after) if after else query, flt).limit(page_size + 1)
        rows = conn.execute(listed if after else listed.offset((page - 1) * page_size)).all()
    more = len(rows) > page_size
    rows = rows[:page_size]
    return Page([_row(row) for row in rows], total, page, page_size,
                next_cursor=_cursor(flt, rows[-1]) if more else None, total_is_estimate=estimated)


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


def incomplete_csv_chunks(admin_id: uuid.UUID, flt: IncompleteFilter) -> Iterator[str]:
    """Every row of the filter as CSV chunks (header first; times ISO UTC), in constant memory:
    a server-side cursor fetches CSV_BATCH_ROWS rows at a time and each batch is one chunk.
    The role and the filter are checked here, before the first chunk is asked for."""
    require_admin(admin_id)
    return _csv_chunks(_ordered(_incomplete_query(flt, datetime.now(UTC)), flt))


def _csv_chunks(query: Select) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return chunk

    with analytics.read_only() as conn:
        rows = conn.execution_options(stream_results=True, yield_per=CSV_BATCH_ROWS).execute(query)
        for count, line in enumerate(_csv_lines(iter(rows))):
            writer.writerow(line)
            if count % CSV_BATCH_ROWS == 0:
                yield flush()
    yield flush()


def incomplete_csv(admin_id: uuid.UUID, flt: IncompleteFilter) -> str:
    """The whole CSV as one text (for a browser download of a modest filter)."""
    return "".join(incomplete_csv_chunks(admin_id, flt))


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
