"""Admin endpoints: incomplete onboardings (paginated) and resetting a user's onboarding."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from fitapp.api.deps import AdminDep, UserAgent
from fitapp.api.schemas import IncompletePage, IncompleteRowPublic, ResetRequest, ResetResponse
from fitapp.services import admin

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/onboarding/incomplete", response_model=IncompletePage)
def list_incomplete(
    caller: AdminDep,
    page: int = 1,
    page_size: int = admin.DEFAULT_PAGE_SIZE,
    step: int | None = None,
    inactive_days: int | None = None,
    sort: str = "last_activity",
    order: Literal["asc", "desc"] = "desc",
    email: str | None = Query(None, description="Part of the e-mail address, any case"),
    after: str | None = Query(None, description="The previous page's next_cursor (keyset paging)"),
) -> IncompletePage:
    """One page of unfinished onboardings; the service checks every range."""
    flt = admin.IncompleteFilter(step=step, inactive_days=inactive_days, sort=sort,
                                 descending=order == "desc", email_contains=email)
    result = admin.list_incomplete(caller.user_id, flt, page=page, page_size=page_size, after=after)
    return IncompletePage(
        items=[IncompleteRowPublic(**vars(row)) for row in result.rows],
        total=result.total, page=result.page, page_size=result.page_size, pages=result.pages,
        next_cursor=result.next_cursor, total_is_estimate=result.total_is_estimate,
    )


@router.get("/onboarding/incomplete.csv")
def incomplete_csv(
    caller: AdminDep,
    step: int | None = None,
    inactive_days: int | None = None,
    sort: str = "last_activity",
    order: Literal["asc", "desc"] = "desc",
    email: str | None = None,
) -> StreamingResponse:
    """Every row of the filter as CSV, streamed (constant memory however many rows)."""
    flt = admin.IncompleteFilter(step=step, inactive_days=inactive_days, sort=sort,
                                 descending=order == "desc", email_contains=email)
    chunks = admin.incomplete_csv_chunks(caller.user_id, flt)  # checks role and filter before streaming
    return StreamingResponse(chunks, media_type="text/csv",
                             headers={"Content-Disposition": 'attachment; filename="incomplete-onboardings.csv"'})


@router.post("/users/{user_id}/reset-onboarding", response_model=ResetResponse)
def reset_onboarding(user_id: uuid.UUID, body: ResetRequest, caller: AdminDep, agent: UserAgent) -> ResetResponse:
    """Archive the profile and send the user back to step 0 (admin, with the user's consent)."""
    result = admin.reset_onboarding(caller.user_id, user_id, reason=body.reason or "",
                                    consent_confirmed=body.consent_confirmed, user_agent=agent)
    return ResetResponse(user_id=result.user_id, archived_version=result.archived_version,
                         deleted_rows=result.deleted_rows, reset_at=result.reset_at)
