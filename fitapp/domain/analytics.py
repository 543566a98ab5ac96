"""The arithmetic of the admin funnel, without a database: rates, percentiles, time on a step.

The numbers themselves are counted by SQL (`fitapp.services.analytics`); these helpers turn
counts into the percentages shown and define, in plain Python, the rules the SQL follows, so
unit tests can pin the rules down and integration tests can compare the SQL with them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Seed section 12, "Alerting Thresholds": onboarding completion rate < 60 % (trailing 7 days).
COMPLETION_ALERT_PCT = 60.0
TRAILING_DAYS = 7
# Events that end an interval on a step; a rejected answer leaves the step on screen.
INTERVAL_ENDS = frozenset({"shown", "hidden", "answered"})
# The key an 'answered' event's details carry (true) when the saved answer began as typed text.
BEGAN_AS_TYPED = "began_as_typed"


def answered_details(invalidated: Iterable[int], began_as_typed: bool) -> dict | None:
    """What an 'answered' event stores beside its step: the steps it sent back, whether it began as typed.

    Began as typed: the form sent was pre-filled at this step from a typed answer the coach
    read, and at least one understood chip was still there when it was sent. Fields the user
    changed afterwards do not matter (it still began as typed); removing every chip, or a text
    read at another step, leaves a plain form answer. None when there is nothing to say.
    """
    details: dict = {}
    if invalidated:
        details["invalidated"] = sorted(invalidated)
    if began_as_typed:
        details[BEGAN_AS_TYPED] = True
    return details or None


def safe_div(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def rate_pct(part: int | None, whole: int | None, digits: int = 2) -> float | None:
    """part / whole as a percentage rounded like the seed's Appendix A, kept within 0..100.

    None when ``whole`` is zero: a day nobody started has no completion rate (not 0 %).
    """
    share = safe_div(part, whole)
    if share is None:
        return None
    return round(min(max(share * 100, 0.0), 100.0), digits)


def is_below_alert(rate: float | None, threshold: float = COMPLETION_ALERT_PCT) -> bool:
    """True when a known rate is under the alert line; no data raises no alert."""
    return rate is not None and rate < threshold


def percentile(values: Iterable[float], fraction: float) -> float | None:
    """The continuous percentile PostgreSQL's ``percentile_cont(fraction)`` computes.

    Linear interpolation between the two nearest ranks of the sorted values; None for none.
    """
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must be between 0 and 1")
    ordered = sorted(values)
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def percentile_of_counts(counts: Iterable[tuple[float, int]], fraction: float) -> float | None:
    """``percentile(values, fraction)`` for values given as (value, how many times) pairs.

    The funnel's aggregates keep histograms (whole seconds -> users), not one row per user;
    this expands nothing: it walks the sorted values to the two ranks ``percentile`` would
    interpolate between. Pairs may repeat a value; zero counts are ignored.
    """
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must be between 0 and 1")
    merged: dict[float, int] = defaultdict(int)
    for value, count in counts:
        if count < 0:
            raise ValueError("a count cannot be negative")
        merged[value] += count
    ordered = [(value, count) for value, count in sorted(merged.items()) if count]
    total = sum(count for _, count in ordered)
    if not total:
        return None
    position = fraction * (total - 1)
    lower_rank, upper_rank = math.floor(position), math.ceil(position)
    lower = upper = None
    seen = 0
    for value, count in ordered:
        seen += count
        if lower is None and lower_rank < seen:
            lower = value
        if upper_rank < seen:
            upper = value
            break
    assert lower is not None and upper is not None
    return lower + (upper - lower) * (position - lower_rank)


# The funnel's histograms are kept per block of 2**level days (migration 014, levels 0..10).
DAY_BLOCK_MAX_LEVEL = 10


def day_blocks(first: int, last: int) -> list[tuple[int, int]]:
    """The aligned blocks (level, index) that make up the day numbers first..last exactly.

    Block (level, i) holds days i * 2**level .. (i + 1) * 2**level - 1. Walking up the levels,
    an odd first or an even last is a block of its own; the rest pairs up into the next level,
    so a range of n days is at most two blocks per level (about 2 log2 n).
    """
    if last < first:
        return []
    blocks: list[tuple[int, int]] = []
    level = 0
    while first <= last:
        if level == DAY_BLOCK_MAX_LEVEL:
            blocks += [(level, index) for index in range(first, last + 1)]
            break
        if first % 2 == 1:
            blocks.append((level, first))
            first += 1
        if first <= last and last % 2 == 0:
            blocks.append((level, last))
            last -= 1
        first, last, level = first // 2, last // 2, level + 1
    return blocks


def whole_weeks(start: date, end: date) -> tuple[date, date] | None:
    """The first and last Monday of the ISO weeks (Monday..Sunday) lying wholly in start..end, or None.

    Data quality reads whole weeks' version churn from its weekly aggregate and counts the
    range's partial first and last weeks from the versions themselves.
    """
    first_monday = start + timedelta(days=(7 - start.weekday()) % 7)
    last_monday = end - timedelta(days=(end.weekday() + 1) % 7) - timedelta(days=6)
    return (first_monday, last_monday) if first_monday <= last_monday else None


def median(values: Iterable[float]) -> float | None:
    return percentile(values, 0.5)


def mean(values: Sequence[float]) -> float | None:
    return safe_div(sum(values), len(values))


@dataclass(frozen=True)
class StepEvent:
    """One onboarding_step_events row, as the time-on-step rule reads it."""

    user: Hashable
    step: int
    event: str
    at: datetime


def seconds_on_steps(events: Iterable[StepEvent]) -> dict[tuple[Hashable, int], float]:
    """Seconds each user spent on each step, by (user, step).

    A step is on screen from each 'shown' of it until the user's next shown, hidden or
    answered event (of any step); revisits add up. A 'shown' with nothing after it (the
    user left) has no known end and adds nothing; 'rejected' does not end an interval.
    """
    by_user: dict[Hashable, list[StepEvent]] = defaultdict(list)
    for event in events:
        if event.event in INTERVAL_ENDS:
            by_user[event.user].append(event)
    totals: dict[tuple[Hashable, int], float] = defaultdict(float)
    for user, user_events in by_user.items():
        user_events.sort(key=lambda e: e.at)
        for current, following in zip(user_events, user_events[1:]):
            if current.event == "shown":
                totals[(user, current.step)] += (following.at - current.at).total_seconds()
    return dict(totals)
