"""The profile page's lifestyle check-ins: a table row each (newest first) and the chart's points (oldest first)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fitapp.domain.choices import ENERGY_LEVELS, SLEEP_QUALITIES, STRESS_LEVELS
from fitapp.domain.lifestyle_trend import chart_level
from fitapp.presenters.moments import NOT_YET

if TYPE_CHECKING:
    from fitapp.services.lifestyle import RecentLifestyle

LABELS = {"energy_level": dict(ENERGY_LEVELS), "stress_level": dict(STRESS_LEVELS),
          "sleep_quality": dict(SLEEP_QUALITIES)}


@dataclass(frozen=True)
class LifestyleScreen:
    rows: list[dict[str, str]]
    chart: list[dict[str, Any]]
    trend_text: str


def member_zone(answers: dict) -> tzinfo:
    """The member's time zone (step 0's answer), UTC when it is missing or unknown."""
    try:
        return ZoneInfo(str((answers.get(0) or {}).get("time_zone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def _hours(value: float | None) -> str:
    return NOT_YET if value is None else f"{value:g} h"


def lifestyle_screen(recent: RecentLifestyle, zone: tzinfo) -> LifestyleScreen:
    rows, points = [], []
    for check_in in recent.check_ins:
        local = check_in.recorded_at.astimezone(zone)
        rows.append({"when": local.strftime("%-d %b, %H:%M"),
                     **{measure: LABELS[measure].get(getattr(check_in, measure), NOT_YET) for measure in LABELS},
                     "hours": _hours(check_in.sleep_hours_last_night)})
        points.append({"day": local.strftime("%-d %b"),
                       **{measure: chart_level(measure, getattr(check_in, measure)) for measure in LABELS},
                       "hours": check_in.sleep_hours_last_night})
    return LifestyleScreen(rows, points[::-1], recent.sentence)
