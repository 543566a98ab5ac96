"""Admin use cases (seed section 10 "Bulk/Admin Endpoints"), gathered under one name.

- ``admin_roles``: who is an admin (``is_admin``, ``require_admin``), the operator's grant and revoke;
- ``admin_listings``: unfinished onboardings (pages, filters, CSV), a user's detail, the funnel reports;
- ``admin_reset``: sending a user back to step 0, the profile archived as a version.

Every function that shows or changes other people's data takes the acting ``admin_id`` first
and checks the role itself, in the database: a page guard in the UI is only a redirect.
"""

from __future__ import annotations

from fitapp.services.admin_listings import (
    CSV_COLUMNS,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    IncompleteFilter,
    IncompleteRow,
    InvalidQuery,
    Page,
    data_quality,
    find_user,
    flow_versions,
    funnel,
    incomplete_csv,
    incomplete_csv_chunks,
    list_incomplete,
    user_detail,
)
from fitapp.services.admin_reset import (
    RESET_REASON_PREFIX,
    RESET_TABLES,
    ResetRefused,
    ResetResult,
    reset_onboarding,
)
from fitapp.services.admin_roles import (
    ADMIN,
    AdminError,
    NotAllowed,
    UserNotFound,
    grant_admin,
    is_admin,
    require_admin,
    revoke_admin,
)
from fitapp.services.profile_views import (
    AUDIT_LIMIT,
    RESET_METADATA_KEY,
    AuditRow,
    OnboardingDetail,
    UserDetail,
    VersionRow,
)

__all__ = [
    "ADMIN", "AUDIT_LIMIT", "CSV_COLUMNS", "DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "RESET_METADATA_KEY",
    "RESET_REASON_PREFIX", "RESET_TABLES", "AdminError", "AuditRow", "IncompleteFilter", "IncompleteRow",
    "InvalidQuery", "NotAllowed", "OnboardingDetail", "Page", "ResetRefused", "ResetResult", "UserDetail",
    "UserNotFound", "VersionRow", "data_quality", "find_user", "flow_versions", "funnel", "grant_admin",
    "incomplete_csv", "incomplete_csv_chunks", "is_admin", "list_incomplete", "require_admin", "reset_onboarding", "revoke_admin",
    "user_detail",
]
