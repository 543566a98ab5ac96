"""The user's own calendar day: ages and 'today' follow their time zone, not the server's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_today(time_zone: str | None, now: datetime | None = None) -> date:
    now = now or datetime.now(timezone.utc)
    try:
        return now.astimezone(ZoneInfo(time_zone)).date() if time_zone else now.date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.astimezone(timezone.utc).date()


def today_for(answers: Mapping[int, Mapping[str, Any]], now: datetime | None = None) -> date:
    """Today in the time zone given at step 0 (UTC before it is answered)."""
    return local_today((answers.get(0) or {}).get("time_zone"), now)
