"""The load benchmark's floor (benchmarks/load_api.py): a bare endpoint with the step answer's SQL.

Mounted only when FITAPP_BENCHMARK_API=1. It runs, by hand and in one transaction on the app's
own engine, the statements a step answer needs — resolve the bearer token, enter the member's
role, lock the onboarding row, update it, insert two step events — with no ORM, no validation
and no dependency injection beyond the request body. It changes no answer (it rewrites the row's
answers as they are and records "shown" events), so the benchmark's lost/doubled check still holds.
"""

from __future__ import annotations

from fastapi import APIRouter, Header, HTTPException
from sqlalchemy import text

from fitapp.core.db import MEMBER_ROLE, get_engine
from fitapp.core.security import hash_session_token

router = APIRouter(prefix="/bench", tags=["benchmark"], include_in_schema=False)

_SESSION = text(
    "SELECT s.user_id FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :token_hash "
    "AND s.revoked_at IS NULL AND s.expires_at > now() AND u.deleted_at IS NULL AND u.account_status = 'active'"
)
_ENTER = text("SELECT set_config('role', :role, true), set_config('app.current_user_id', :user_id, true), "
              "(SELECT deleted_at IS NULL FROM users WHERE id = CAST(:user_id AS uuid) FOR KEY SHARE)")
_LOCK = text("SELECT current_step, completed_steps, step_data FROM onboarding_states WHERE user_id = :user_id "
             "FOR NO KEY UPDATE")
_UPDATE = text("UPDATE onboarding_states SET step_data = step_data, completed_steps = completed_steps, "
               "last_activity_at = now(), user_agent = :agent WHERE user_id = :user_id")
_EVENT = text("INSERT INTO onboarding_step_events (id, user_id, step, event, flow_version, occurred_at) "
              "VALUES (gen_random_uuid(), :user_id, :step, 'shown', '1.0', clock_timestamp())")


@router.post("/floor-step")
def floor_step(body: dict, authorization: str = Header(""), user_agent: str = Header("")) -> dict:
    token = authorization.removeprefix("Bearer ").strip()
    with get_engine().begin() as conn:
        user_id = conn.execute(_SESSION, {"token_hash": hash_session_token(token)}).scalar()
        if user_id is None:
            raise HTTPException(401, "Sign in first.")
        conn.execute(_ENTER, {"role": MEMBER_ROLE, "user_id": str(user_id)})
        row = conn.execute(_LOCK, {"user_id": user_id}).one()
        conn.execute(_UPDATE, {"user_id": user_id, "agent": user_agent})
        step = int(body.get("step", 0))
        conn.execute(_EVENT, {"user_id": user_id, "step": step})
        conn.execute(_EVENT, {"user_id": user_id, "step": step})
    return {"accepted": True, "current_step": row.current_step, "completed_steps": row.completed_steps}
