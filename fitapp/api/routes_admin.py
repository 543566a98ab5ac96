"""Admin endpoints: incomplete onboardings (paginated) and resetting a user's onboarding."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from fitapp.api.deps import AdminDep, UserAgent
from fitapp.api.schemas import NO_CONTROL_CHARACTERS, IncompletePage, IncompleteRowPublic, ResetRequest, ResetResponse
from fitapp.domain.step_numbers import REVIEW_STEP
from fitapp.services import admin
from fitapp.services.admin_listings import (MAX_EMAIL_FILTER_CHARS, MAX_INACTIVE_DAYS, MAX_OFFSET_ROWS, MAX_PAGE,
                                            MAX_PAGE_SIZE)

router = APIRouter(prefix="/admin", tags=["admin"])


def incomplete_filter(
    step: Annotated[int | None, Query(ge=0, le=REVIEW_STEP, description="Only users at this step")] = None,
    inactive_days: Annotated[int | None, Query(ge=0, le=MAX_INACTIVE_DAYS,
                                               description="Only users inactive for more than this many days")] = None,
    sort: Literal["last_activity", "started"] = "last_activity",
    order: Literal["asc", "desc"] = "desc",
    email: Annotated[str | None, Query(max_length=MAX_EMAIL_FILTER_CHARS, pattern=NO_CONTROL_CHARACTERS,
                                       description="Part of the e-mail address, any case")] = None,
) -> admin.IncompleteFilter:
    """The list's and the CSV's one filter: out-of-range parameters are a 422 (the service checks them too)."""
    return admin.IncompleteFilter(step=step, inactive_days=inactive_days, sort=sort, descending=order == "desc",
                                  email_contains=email)


IncompleteFilterDep = Annotated[admin.IncompleteFilter, Depends(incomplete_filter)]


@router.get("/onboarding/incomplete", response_model=IncompletePage)
def list_incomplete(
    caller: AdminDep,
    flt: IncompleteFilterDep,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description=(
        f"The page's number. Without `after` it is found by OFFSET, up to row {MAX_OFFSET_ROWS:,}; "
        "past that row, pass the previous page's next_cursor as `after`"))] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = admin.DEFAULT_PAGE_SIZE,
    after: str | None = Query(None, max_length=200, pattern=NO_CONTROL_CHARACTERS,
                              description="The previous page's next_cursor (keyset paging)"),
) -> IncompletePage:
    """One page of unfinished onboardings."""
    result = admin.list_incomplete(caller.user_id, flt, page=page, page_size=page_size, after=after)
    return IncompletePage(
        items=[IncompleteRowPublic(**vars(row)) for row in result.rows],
        total=result.total, page=result.page, page_size=result.page_size, pages=result.pages,
        next_cursor=result.next_cursor, total_is_estimate=result.total_is_estimate,
    )


@router.get("/onboarding/incomplete.csv", response_class=StreamingResponse,
            responses={200: {"description": "The rows as CSV, with a header row",
                             "content": {"text/csv": {"schema": {"type": "string"}}}}})
def incomplete_csv(caller: AdminDep, flt: IncompleteFilterDep) -> StreamingResponse:
    """Every row of the filter as CSV, streamed (constant memory however many rows)."""
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
