"""The user's own calendar day: ages and 'today' follow their time zone, not the server's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones


@lru_cache(maxsize=1)
def known_time_zones() -> frozenset[str]:
    """IANA zone names known to this machine (cached: the lookup reads the tz database)."""
    return frozenset(available_timezones())


def local_today(time_zone: Any, now: datetime | None = None) -> date:
    """Today in ``time_zone``; UTC for anything that is not a known zone name.

    The value may be an answer not validated yet (step 0 being answered), so only a name
    from the tz database is ever looked up: never a number, a path or a NUL byte.
    """
    now = now or datetime.now(timezone.utc)
    if not isinstance(time_zone, str) or time_zone not in known_time_zones():
        return now.astimezone(timezone.utc).date()
    return now.astimezone(ZoneInfo(time_zone)).date()


def today_for(answers: Mapping[int, Mapping[str, Any]], now: datetime | None = None) -> date:
    """Today in the time zone given at step 0 (UTC before it is answered)."""
    return local_today((answers.get(0) or {}).get("time_zone"), now)
