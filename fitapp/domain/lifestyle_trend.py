"""Which way a member's lifestyle is going: a 14-day trend per measure (issue 15, the seed's
"sleep quality deteriorating over the past 2 weeks").

Each check-in's levels are put on their ordinal scale (sleep quality poor 0 .. excellent 3,
energy low 0 .. high 2; stress likewise, where lower is better) and a least-squares line is
fitted against time. The change the line makes from the first check-in to the last (never
extrapolated past them) says the trend: at least half
a level (half an hour for sleep hours) in the good direction is improving, as much in the bad
direction deteriorating, anything less stable. With fewer than two check-ins, or all on one
instant, there is no trend (None): one point says nothing about a direction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from fitapp.domain.choices import ENERGY_LEVELS, SLEEP_QUALITIES, STRESS_LEVELS, values

Trend = Literal["improving", "stable", "deteriorating"]
TREND_DAYS = 14
# measure -> (scale from worst to best or None for a number, higher is better, threshold over the window)
MEASURES: dict[str, tuple[tuple[str, ...] | None, bool, float]] = {
    "energy_level": (values(ENERGY_LEVELS), True, 0.5),
    "stress_level": (values(STRESS_LEVELS), False, 0.5),
    "sleep_quality": (values(SLEEP_QUALITIES), True, 0.5),
    "sleep_hours_last_night": (None, True, 0.5),
}


def trend(points: Sequence[tuple[datetime, float]], *, higher_is_better: bool, threshold: float,
          window: timedelta = timedelta(days=TREND_DAYS)) -> Trend | None:
    """The direction of ``points`` (instant, value): the fitted line's change between the first
    and the last point, against ``threshold``."""
    if len(points) < 2:
        return None
    origin = min(at for at, _ in points)
    xs = [(at - origin) / window for at, _ in points]  # in windows
    ys = [float(value) for _, value in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread  # per window
    change = slope * (max(xs) - min(xs))
    if not higher_is_better:
        change = -change
    if change >= threshold:
        return "improving"
    if change <= -threshold:
        return "deteriorating"
    return "stable"


def lifestyle_trends(check_ins: Iterable[Mapping[str, Any]]) -> dict[str, Trend | None]:
    """Each measure's trend over the given check-ins (``recorded_at`` a datetime; levels as
    stored; hours may be missing). The caller chooses the window's check-ins (the last 14 days)."""
    rows = list(check_ins)
    out: dict[str, Trend | None] = {}
    for measure, (scale, higher_is_better, threshold) in MEASURES.items():
        points = []
        for row in rows:
            value = row.get(measure)
            if value is None or (scale is not None and value not in scale):
                continue
            points.append((row["recorded_at"], scale.index(value) if scale is not None else float(value)))
        out[measure] = trend(points, higher_is_better=higher_is_better, threshold=threshold)
    return out


# How the trend sentence names each measure (the AI context's keys, in MEASURES' order).
MEASURE_NAMES: dict[str, str] = {
    "energy_level": "energy",
    "stress_level": "stress",
    "sleep_quality": "sleep quality",
    "sleep_hours_last_night": "hours slept",
}
# Where each level sits on the profile's chart: 1 for the lowest (low, poor) upwards.
CHART_LEVELS: dict[str, tuple[str, ...]] = {
    measure: scale for measure, (scale, _, _) in MEASURES.items() if scale is not None
}


def trend_sentence(trends: Mapping[str, Trend | None], check_ins: int, days: int = TREND_DAYS) -> str:
    """The 14-day trend in words, as the AI context carries it (stress improving = going down).

    What a person reads beside the chart, and the chart's text alternative.
    """
    if check_ins == 0:
        return f"No check-ins in the last {days} days yet."
    if check_ins == 1:
        return f"1 check-in in the last {days} days: too few to show a trend yet."
    parts = []
    for measure, name in MEASURE_NAMES.items():
        found = trends.get(measure)
        if found is None:
            parts.append(f"{name}: not enough to tell")
        elif measure == "stress_level" and found != "stable":
            parts.append(f"{name} {found} ({'going down' if found == 'improving' else 'going up'})")
        else:
            parts.append(f"{name} {found}")
    return f"Over the last {days} days ({check_ins} check-ins): " + ", ".join(parts) + "."


def chart_level(measure: str, value: str | None) -> int | None:
    """A level's place on the chart (1 = low / poor), None when there is no such level."""
    scale = CHART_LEVELS.get(measure, ())
    return scale.index(value) + 1 if value in scale else None
