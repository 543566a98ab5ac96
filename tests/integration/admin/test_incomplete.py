"""Incomplete onboardings: server-side pages, sorting, filters, and the CSV of a filter."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from fitapp.services import admin
from fitapp.services.admin import IncompleteFilter, InvalidQuery
from tests.support.rows import insert_row, new_user

pytestmark = pytest.mark.usefixtures("app_database")

NOW = datetime.now(timezone.utc)


@pytest.fixture
def group(engine):
    """23 unfinished onboardings with a common e-mail token (so other tests' users stay out),
    one finished one and one deleted account. Started i hours ago, last active i days ago,
    at step i % 4, one device of three."""
    token = uuid.uuid4().hex[:10]
    rows = []
    with engine.begin() as conn:
        for i in range(23):
            user_id = new_user(conn, email=f"inc-{token}-{i:02d}@example.com")
            insert_row(conn, "onboarding_states", {
                "user_id": user_id, "current_step": i % 4, "started_at": NOW - timedelta(days=30, hours=i),
                "last_activity_at": NOW - timedelta(days=i, minutes=1),
                "device_type": ("mobile", "desktop", "tablet")[i % 3],
            })
            rows.append({"user_id": user_id, "i": i})
        done = new_user(conn, email=f"inc-{token}-done@example.com")
        insert_row(conn, "onboarding_states", {"user_id": done, "current_step": 11, "completed_at": NOW})
        gone = new_user(conn, email=f"inc-{token}-gone@example.com", deleted_at=NOW)
        insert_row(conn, "onboarding_states", {"user_id": gone, "current_step": 2})
    return token, rows


def test_pages_are_disjoint_and_cover_every_row_in_order(admin_id, group):
    token, rows = group
    flt = IncompleteFilter(email_contains=token)
    pages = [admin.list_incomplete(admin_id, flt, page, 5) for page in range(1, 7)]
    assert [len(p.rows) for p in pages] == [5, 5, 5, 5, 3, 0]
    assert {p.total for p in pages} == {23}  # the finished and the deleted user are not listed
    assert pages[0].pages == 5
    seen = [row.user_id for p in pages for row in p.rows]
    assert len(seen) == len(set(seen)) == 23
    # Default: last activity, most recent first: i = 0, 1, 2, ...
    assert seen == [r["user_id"] for r in rows]


def test_sort_by_start_date_either_way(admin_id, group):
    token, rows = group
    oldest_first = admin.list_incomplete(
        admin_id, IncompleteFilter(sort="started", descending=False, email_contains=token), 1, 50)
    assert [r.user_id for r in oldest_first.rows] == [r["user_id"] for r in reversed(rows)]
    newest_first = admin.list_incomplete(admin_id, IncompleteFilter(sort="started", email_contains=token), 1, 50)
    assert [r.user_id for r in newest_first.rows] == [r["user_id"] for r in rows]
    least_recent = admin.list_incomplete(
        admin_id, IncompleteFilter(sort="last_activity", descending=False, email_contains=token), 1, 50)
    assert [r.user_id for r in least_recent.rows] == [r["user_id"] for r in reversed(rows)]


def test_filter_by_step_and_by_days_inactive(admin_id, group):
    token, rows = group
    at_step_2 = admin.list_incomplete(admin_id, IncompleteFilter(step=2, email_contains=token), 1, 50)
    assert [r.user_id for r in at_step_2.rows] == [r["user_id"] for r in rows if r["i"] % 4 == 2]
    assert {r.current_step for r in at_step_2.rows} == {2}
    # Inactive for more than 20 days: last activity 21, 22 days ago (20 days and 1 minute is too).
    quiet = admin.list_incomplete(admin_id, IncompleteFilter(inactive_days=20, email_contains=token), 1, 50)
    assert [r.user_id for r in quiet.rows] == [r["user_id"] for r in rows if r["i"] >= 20]
    both = admin.list_incomplete(admin_id, IncompleteFilter(step=1, inactive_days=10, email_contains=token), 1, 50)
    assert [r.user_id for r in both.rows] == [r["user_id"] for r in rows if r["i"] % 4 == 1 and r["i"] >= 10]
    assert both.total == 3  # i = 13, 17, 21


def test_rows_carry_email_step_times_and_device(admin_id, group, engine):
    token, rows = group
    first = admin.list_incomplete(admin_id, IncompleteFilter(email_contains=token), 1, 1).rows[0]
    assert first.email == f"inc-{token}-00@example.com"
    assert (first.current_step, first.device_type) == (0, "mobile")
    assert first.started_at == pytest.approx(NOW - timedelta(days=30), abs=timedelta(milliseconds=1))
    assert first.last_activity_at == pytest.approx(NOW - timedelta(minutes=1), abs=timedelta(milliseconds=1))


def test_csv_has_a_header_and_every_row_of_the_filter(admin_id, group):
    token, rows = group
    content = admin.incomplete_csv(admin_id, IncompleteFilter(step=3, email_contains=token))
    parsed = list(csv.reader(io.StringIO(content)))
    assert parsed[0] == ["user_id", "email", "current_step", "started_at", "last_activity_at", "device_type"]
    expected = [r for r in rows if r["i"] % 4 == 3]
    assert [line[0] for line in parsed[1:]] == [str(r["user_id"]) for r in expected]
    assert parsed[1][1:3] == [f"inc-{token}-03@example.com", "3"]
    assert datetime.fromisoformat(parsed[1][3]) == pytest.approx(NOW - timedelta(days=30, hours=3),
                                                                 abs=timedelta(milliseconds=1))
    assert parsed[1][5] == "mobile"


def test_csv_neutralises_spreadsheet_formulas(admin_id, engine):
    token = uuid.uuid4().hex[:10]
    with engine.begin() as conn:
        user_id = new_user(conn, email=f"-{token}@example.com")
        insert_row(conn, "onboarding_states", {"user_id": user_id, "current_step": 1, "device_type": "=cmd()"})
    parsed = list(csv.reader(io.StringIO(admin.incomplete_csv(admin_id, IncompleteFilter(email_contains=token)))))
    assert parsed[1][1] == f"'-{token}@example.com"
    assert parsed[1][5] == "'=cmd()"


def test_email_search_treats_wildcards_literally(admin_id, group):
    token, _ = group
    assert admin.list_incomplete(admin_id, IncompleteFilter(email_contains=f"{token}-0_"), 1, 50).total == 0
    assert admin.list_incomplete(admin_id, IncompleteFilter(email_contains=f"INC-{token}-1"), 1, 50).total == 10


@pytest.mark.parametrize(
    ("flt", "page", "size"),
    [
        (IncompleteFilter(), 0, 10),
        (IncompleteFilter(), 1, 0),
        (IncompleteFilter(), 1, admin.MAX_PAGE_SIZE + 1),
        (IncompleteFilter(step=12), 1, 10),
        (IncompleteFilter(inactive_days=-1), 1, 10),
        (IncompleteFilter(sort="email"), 1, 10),  # type: ignore[arg-type]
    ],
)
def test_out_of_range_requests_are_refused(admin_id, flt, page, size):
    with pytest.raises(InvalidQuery):
        admin.list_incomplete(admin_id, flt, page, size)



def test_csv_holds_every_row_even_when_there_are_more_than_a_page(admin_id, engine):
    token = uuid.uuid4().hex[:10]
    with engine.begin() as conn:
        expected = []
        for i in range(30):
            user_id = new_user(conn, email=f"many-{token}-{i:02d}@example.com")
            insert_row(conn, "onboarding_states", {"user_id": user_id, "current_step": 1,
                                                   "last_activity_at": NOW - timedelta(hours=i)})
            expected.append(str(user_id))
    assert admin.DEFAULT_PAGE_SIZE < 30  # the export is not one page

    parsed = list(csv.reader(io.StringIO(admin.incomplete_csv(admin_id, IncompleteFilter(email_contains=token)))))

    assert [line[0] for line in parsed[1:]] == expected  # most recent activity first


@pytest.fixture
def group_with_ties_and_nulls(engine, group):
    """The group plus rows sharing one last activity and rows without one (NULL)."""
    token, _ = group
    tie = NOW - timedelta(days=3, minutes=1)
    with engine.begin() as conn:
        for i, when in enumerate([tie, tie, tie, None, None, None]):
            user_id = new_user(conn, email=f"inc-{token}-x{i}@example.com")
            insert_row(conn, "onboarding_states", {"user_id": user_id, "current_step": 1, "started_at": when,
                                                   "last_activity_at": when})
    return token


@pytest.mark.parametrize("sort", ["last_activity", "started"])
@pytest.mark.parametrize("descending", [True, False])
def test_keyset_pages_equal_the_offset_pages(admin_id, group_with_ties_and_nulls, sort, descending):
    flt = IncompleteFilter(email_contains=group_with_ties_and_nulls, sort=sort, descending=descending)
    by_offset = [row.user_id for page in range(1, 10) for row in admin.list_incomplete(admin_id, flt, page, 4).rows]
    by_keyset, after, page = [], None, 1
    while True:
        result = admin.list_incomplete(admin_id, flt, page, 4, after=after)
        by_keyset += [row.user_id for row in result.rows]
        if result.next_cursor is None:
            break
        after, page = result.next_cursor, page + 1
    assert len(by_offset) == 29 and by_keyset == by_offset
    assert page == 8  # 29 rows, 4 a page: the last page says there is no next one


def test_a_bad_or_foreign_cursor_is_refused(admin_id, group):
    token, _ = group
    first = admin.list_incomplete(admin_id, IncompleteFilter(email_contains=token), 1, 5)
    with pytest.raises(InvalidQuery, match="not valid"):
        admin.list_incomplete(admin_id, IncompleteFilter(email_contains=token), 2, 5, after="garbage!")
    with pytest.raises(InvalidQuery, match="another sort order"):
        admin.list_incomplete(admin_id, IncompleteFilter(email_contains=token, descending=False), 2, 5,
                              after=first.next_cursor)


def test_a_large_total_is_a_labelled_estimate(admin_id, group, monkeypatch):
    token, _ = group
    exact = admin.list_incomplete(admin_id, IncompleteFilter(email_contains=token), 1, 5)
    assert (exact.total, exact.total_is_estimate) == (23, False)
    monkeypatch.setattr("fitapp.services.admin_listings.EXACT_COUNT_LIMIT", 10)
    estimated = admin.list_incomplete(admin_id, IncompleteFilter(email_contains=token), 1, 5)
    assert estimated.total_is_estimate and estimated.total >= 11
    assert [r.user_id for r in estimated.rows] == [r.user_id for r in exact.rows]


def test_csv_streams_in_batches(admin_id, group, monkeypatch):
    token, _ = group
    monkeypatch.setattr("fitapp.services.admin_listings.CSV_BATCH_ROWS", 5)
    chunks = list(admin.incomplete_csv_chunks(admin_id, IncompleteFilter(email_contains=token)))
    assert len(chunks) >= 5 and max(len(c.splitlines()) for c in chunks) <= 6
    assert "".join(chunks) == admin.incomplete_csv(admin_id, IncompleteFilter(email_contains=token))
    assert len(list(csv.reader(io.StringIO("".join(chunks))))) == 24
