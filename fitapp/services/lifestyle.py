"""Lifestyle check-ins, the seed's time series (``lifestyle_baselines``): record one, read the
recent ones, and the 14-day trend the AI context carries.

A check-in is a new row, never an edit (the table is a ``series`` in the registry): the
locked plan's version does not change, but the profile document shows the latest baseline,
so the cached document is dropped after the commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any


from fitapp.core.cache import forget_profiles
from fitapp.core.db import member_read_one, member_scope
from fitapp.domain.errors import Refused
from fitapp.domain.lifestyle_trend import TREND_DAYS, Trend, lifestyle_trends, trend_sentence
from fitapp.domain.validate_lifestyle import validate_check_in
from fitapp.models import LifestyleBaseline

MIN_DAYS, MAX_DAYS = 1, 365


class DaysOutOfRange(Refused):
    """``days`` outside 1–365."""


@dataclass(frozen=True)
class CheckIn:
    recorded_at: datetime
    energy_level: str
    stress_level: str
    sleep_quality: str
    sleep_hours_last_night: float | None
    data_source: str


def record_check_in(user_id: uuid.UUID, answer: Any, *, now: datetime | None = None) -> CheckIn:
    """Validate (step 9's rules, StepRejected with every problem) and store one check-in, in
    one member transaction; the cached profile goes after the commit."""
    fields = validate_check_in(answer)
    hours = fields["sleep_hours_last_night"]
    row = LifestyleBaseline(
        user_id=user_id, energy_level=fields["energy_level"], stress_level=fields["stress_level"],
        sleep_quality=fields["sleep_quality"], data_source=fields["data_source"],
        sleep_hours_last_night=None if hours is None else Decimal(str(hours)),
        recorded_at=now or datetime.now(timezone.utc),
    )
    with member_scope(user_id) as db:
        db.add(row)
        db.flush()
        stored = _check_in(row.recorded_at, {name: getattr(row, name) for name in _MEASURES})
    forget_profiles(user_id)
    return stored


# The recent check-ins, newest first, as one JSON array: one statement that ``member_read_one``
# sends with the read-only entry in one round trip. idx_lifestyle_trends (user_id, recorded_at
# DESC) INCLUDE (the four measures) serves it: an index range scan on (user_id, recorded_at >= since).
_MEASURES = ("energy_level", "stress_level", "sleep_quality", "sleep_hours_last_night", "data_source")
RECENT_SQL = (
    "SELECT COALESCE(json_agg(json_build_object('recorded_at', recorded_at, "
    + ", ".join(f"'{name}', {name}" for name in _MEASURES)
    + ") ORDER BY recorded_at DESC), '[]'::json) FROM lifestyle_baselines "
    "WHERE user_id = %(user_id)s AND recorded_at >= now() - make_interval(days => %(days)s)"
)


def recent_check_ins(user_id: uuid.UUID, days: int = 30) -> list[CheckIn]:
    """The check-ins of the last ``days`` days (1–365), newest first: one indexed statement, read
    only, in one round trip (an erased account raises AccountClosed, as every member read)."""
    if isinstance(days, bool) or not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
        raise DaysOutOfRange(f"days must be a whole number from {MIN_DAYS} to {MAX_DAYS}.")
    (rows,) = member_read_one(user_id, RECENT_SQL, {"user_id": user_id, "days": days})
    return [_check_in(datetime.fromisoformat(row["recorded_at"]), row) for row in rows]


@dataclass(frozen=True)
class RecentLifestyle:
    """The last TREND_DAYS days of check-ins (newest first) and their trend, as the AI context reads it."""

    check_ins: list[CheckIn]
    trends: dict[str, Trend | None]
    sentence: str


def recent_with_trend(user_id: uuid.UUID) -> RecentLifestyle:
    """What the profile page's chart shows: the check-ins of the trend's window and the trend in words."""
    check_ins = recent_check_ins(user_id, TREND_DAYS)
    trends = lifestyle_trends(vars(check_in) for check_in in check_ins)
    return RecentLifestyle(check_ins, trends, trend_sentence(trends, len(check_ins)))


def _check_in(recorded_at: datetime, measures: Mapping[str, Any]) -> CheckIn:
    hours = measures["sleep_hours_last_night"]
    return CheckIn(recorded_at=recorded_at, energy_level=measures["energy_level"],
                   stress_level=measures["stress_level"], sleep_quality=measures["sleep_quality"],
                   sleep_hours_last_night=None if hours is None else float(hours), data_source=measures["data_source"])
