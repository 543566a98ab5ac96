"""Which later answers an edited answer invalidates, and where the conversation resumes.

The rules follow the spec's "Changing an earlier answer": exactly what depends on the
changed value is asked again, everything else is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fitapp.domain.step_numbers import MEAL_PLAN_STEP, MEAL_TIMES_STEP, REVIEW_STEP
from fitapp.domain.validate_profile import target_weight_problems
from fitapp.domain.validate_training import duration_problem


# Fields the step-7 proposal is computed from, by step.
PROPOSAL_INPUTS: dict[int, tuple[str, ...]] = {
    0: ("weight_kg", "height_cm", "birth_date", "sex"),
    1: ("activity_level",),
    2: ("primary_goal",),
    5: ("workout_days",),
    6: ("diet_type",),
}


def value_changed(before: Any, after: Any) -> bool:
    """Whether an answer's value changed; lists are sets (choosing the same items in another
    order is no change), compared by their text so that lists of objects work too."""
    if isinstance(before, list) and isinstance(after, list):
        return set(map(str, before)) != set(map(str, after))
    return before != after


def _changed(old: Mapping[str, Any], new: Mapping[str, Any], key: str) -> bool:
    return value_changed(old.get(key), new.get(key))


def invalidated_steps(
    step: int,
    old_answer: Mapping[str, Any] | None,
    new_answer: Mapping[str, Any],
    answers: Mapping[int, Mapping[str, Any]],
) -> set[int]:
    """Answered steps that must be asked again because ``step`` changed to ``new_answer``.

    - weight, height, birth date, sex (0), activity (1), primary goal (2), workout days (5),
      diet type (6) → the meal plan (7) is recomputed and must be accepted again;
    - meals per day (7) → meal times (8);
    - longest workout (4) → the workout schedule (5), only if its duration no longer fits;
    - weight (0) → goals (2), only if the target weight no longer fits (direction or pace).
    Only steps present in ``answers`` are returned; an unanswered step is asked anyway.
    """
    old = old_answer or {}
    affected: set[int] = set()
    if any(_changed(old, new_answer, key) for key in PROPOSAL_INPUTS.get(step, ())):
        affected.add(MEAL_PLAN_STEP)
    if step == MEAL_PLAN_STEP and _changed(old, new_answer, "meals_per_day"):
        affected.add(MEAL_TIMES_STEP)
    if step == 4 and _changed(old, new_answer, "max_workout_duration_minutes"):
        schedule = answers.get(5)
        duration = (schedule or {}).get("preferred_workout_duration_minutes")
        if duration is not None and duration_problem(int(duration), dict(new_answer)):
            affected.add(5)
    if step == 0 and _changed(old, new_answer, "weight_kg") and new_answer.get("weight_kg"):
        goals = answers.get(2) or {}
        if goals.get("primary_goal") and goals.get("target_weight_kg") is not None:
            if target_weight_problems(
                goals["primary_goal"],
                new_answer["weight_kg"],
                goals["target_weight_kg"],
                goals.get("target_timeline_weeks"),
            ):
                affected.add(2)
    return {number for number in affected if number in answers and number != step}


def next_unanswered_step(completed_steps: Iterable[int]) -> int:
    """Where the conversation resumes: the lowest of steps 0–10 not completed, else review."""
    done = set(completed_steps)
    for number in range(REVIEW_STEP):
        if number not in done:
            return number
    return REVIEW_STEP
