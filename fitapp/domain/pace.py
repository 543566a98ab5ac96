"""How long the rest of the onboarding takes: the progress line's "about 2 minutes left".

From the real median time people spend on each step (the funnel analytics); until there is
data, the spec's promise of about 4 minutes for the whole conversation, spread evenly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from fitapp.domain.steps import LAST_QUESTION_STEP, QUESTION_STEPS, REVIEW_STEP

SPEC_TOTAL_SECONDS = 4 * 60
DEFAULT_SECONDS_PER_STEP = SPEC_TOTAL_SECONDS / len(QUESTION_STEPS)


def seconds_left(current_step: int, median_seconds: Mapping[int, float | None] | None = None) -> float:
    """Expected seconds for the steps from ``current_step`` to the last question (the review not counted).

    A step without a measured median counts the spec's even share.
    """
    medians = median_seconds or {}
    return sum(
        medians.get(step) or DEFAULT_SECONDS_PER_STEP
        for step in QUESTION_STEPS
        if current_step <= step <= LAST_QUESTION_STEP
    )


def time_left_text(current_step: int, median_seconds: Mapping[int, float | None] | None = None) -> str:
    """"About 3 minutes left", to the nearest minute; at the review, what is left is a look and a tap."""
    if current_step >= REVIEW_STEP:
        return "Almost done: review and confirm"
    seconds = seconds_left(current_step, median_seconds)
    if seconds < 45:
        return "Less than a minute left"
    minutes = max(1, math.floor(seconds / 60 + 0.5))
    return f"About {minutes} minute{'s' if minutes != 1 else ''} left"
