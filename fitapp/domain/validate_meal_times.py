"""Rules of step 8: meal times, one per planned meal, each inside its window, windows apart."""

from __future__ import annotations

from typing import Any

from fitapp.domain.answer_fields import MAX_MEAL_NAME_CHARS, MAX_MEALS_PER_DAY, keys_of, step_fields
from fitapp.domain.answer_reader import AnswerReader, hhmm, minutes_of
from fitapp.domain.ranges import LIMITS
from fitapp.domain.results import StepContext, StepResult

STEP8_KEYS = keys_of(8)
MEAL_KEYS = step_fields(8).field("meals").item.keys  # type: ignore[union-attr]
DEFAULT_MEAL_REMINDER_OFFSET = -15  # meal_schedules.notification_offset_minutes default


def _read_meal(item: Any, index: int, count: int) -> tuple[dict[str, Any] | None, AnswerReader]:
    """The meal at ``index`` (from 1) read on its own: the meal (None when it has problems) and its reader."""
    entry = AnswerReader(item, MEAL_KEYS, prefix=f"Meal {index}: ", what="meal", path=f"meals.{index}")
    number = entry.integer("meal_number", 1, max(count, 1))
    name = entry.text("meal_name", max_len=MAX_MEAL_NAME_CHARS)
    at = entry.time("scheduled_time")
    earliest = entry.time("earliest_time")
    latest = entry.time("latest_time")
    offset = entry.integer("notification_offset_minutes", *LIMITS["notification_offset_minutes"].bounds, "minutes",
                           required=False)
    if at and earliest and latest and not (
        minutes_of(earliest) < minutes_of(at) < minutes_of(latest)
    ):
        entry.fail(
            f"the meal time {at} must be after the earliest time {earliest} and before the "
            f"latest time {latest}.",
            "scheduled_time",
            "earliest_time",
            "latest_time",
        )
    if not entry.ok:
        return None, entry
    return (
        {
            "meal_number": number,
            "meal_name": name,
            "scheduled_time": at,
            "earliest_time": earliest,
            "latest_time": latest,
            "notification_offset_minutes": DEFAULT_MEAL_REMINDER_OFFSET if offset is None else offset,
        },
        entry,
    )


def _overlaps(start_a: int, end_a: int, start_b: int, end_b: int) -> bool:
    """Half-open intervals: a window ending when the next begins does not overlap it."""
    return start_a < end_b and start_b < end_a


def workout_overlap_notes(meals: list[dict[str, Any]], step5: Any) -> list[str]:
    """Meal windows that overlap the workout (its start plus its duration): allowed, but said."""
    if not step5 or not step5.get("preferred_workout_time"):
        return []
    start = minutes_of(step5["preferred_workout_time"])
    end = start + int(step5.get("preferred_workout_duration_minutes") or 0)
    end = max(end, start + 1)
    sessions = [(start, min(end, 24 * 60))]
    if end > 24 * 60:
        sessions.append((0, end - 24 * 60))
    notes = []
    for meal in meals:
        window = (minutes_of(meal["earliest_time"]), minutes_of(meal["latest_time"]))
        if any(_overlaps(*window, *session) for session in sessions):
            notes.append(
                f"{meal['meal_name']}'s window ({meal['earliest_time']}–{meal['latest_time']}) "
                f"overlaps your workout ({hhmm(start)}–{hhmm(end)}). That's allowed; keep that "
                "meal light or eat it after training."
            )
    return notes


def validate_step8(answer: Any, ctx: StepContext) -> StepResult:
    """Meal times: one per planned meal, each time inside its window, windows apart."""
    r = AnswerReader(answer, STEP8_KEYS)
    plan = ctx.answer(7)
    if not plan or not plan.get("meals_per_day"):
        r.fail("I need your meal plan (how many meals a day) before I can set meal times.")
        r.raise_if_failed(8)
    assert plan is not None
    count = int(plan["meals_per_day"])
    items = r.items("meals", max_items=MAX_MEALS_PER_DAY, noun="meals")
    read: list[tuple[int, dict[str, Any]]] = []  # (index in the answer from 1, meal)
    if items is not None:
        if len(items) != count:
            r.fail(
                f"You chose {count} meals a day in your meal plan, so I need times for "
                f"{count} meals (you gave {len(items)}).",
                "meals",
            )
        for index, item in enumerate(items, start=1):
            meal, entry = _read_meal(item, index, count)
            r.absorb(entry)
            if meal:
                read.append((index, meal))
    meals = [meal for _, meal in read]
    numbers = [meal["meal_number"] for meal in meals]
    for number in sorted({n for n in numbers if numbers.count(n) > 1}):
        r.fail(f"Meal number {number} is used more than once; number the meals 1 to {count}.")
    ordered = sorted(read, key=lambda pair: minutes_of(pair[1]["earliest_time"]))
    for i, (first_index, first) in enumerate(ordered):
        for second_index, second in ordered[i + 1 :]:
            if _overlaps(
                minutes_of(first["earliest_time"]),
                minutes_of(first["latest_time"]),
                minutes_of(second["earliest_time"]),
                minutes_of(second["latest_time"]),
            ):
                r.fail(
                    f"The windows of {first['meal_name']} ({first['earliest_time']}–"
                    f"{first['latest_time']}) and {second['meal_name']} "
                    f"({second['earliest_time']}–{second['latest_time']}) overlap; move one "
                    "so they don't.",
                    *(f"meals.{index}.{key}" for index in (first_index, second_index)
                      for key in ("earliest_time", "latest_time")),
                )
    r.raise_if_failed(8)
    meals.sort(key=lambda meal: meal["meal_number"])
    return StepResult({"meals": meals}, workout_overlap_notes(meals, ctx.answer(5)))


def suggested_meals(meals_per_day: int) -> list[dict[str, Any]]:
    """A starting set of meal times the UI can prefill (valid for 2–8 meals).

    Meals are spread evenly from 07:30 to 19:30 with windows of ±30 minutes (narrower when
    meals are closer together), so the suggestion never overlaps itself.
    """
    names = {
        2: ["Brunch", "Dinner"],
        3: ["Breakfast", "Lunch", "Dinner"],
        4: ["Breakfast", "Lunch", "Afternoon snack", "Dinner"],
        5: ["Breakfast", "Morning snack", "Lunch", "Afternoon snack", "Dinner"],
    }.get(meals_per_day) or [f"Meal {n}" for n in range(1, meals_per_day + 1)]
    first, last = 7 * 60 + 30, 19 * 60 + 30
    gap = (last - first) // (meals_per_day - 1)
    half_window = min(30, gap // 2)
    meals = []
    for index, name in enumerate(names):
        at = first + index * gap
        meals.append(
            {
                "meal_number": index + 1,
                "meal_name": name,
                "scheduled_time": hhmm(at),
                "earliest_time": hhmm(at - half_window),
                "latest_time": hhmm(at + half_window),
                "notification_offset_minutes": DEFAULT_MEAL_REMINDER_OFFSET,
            }
        )
    return meals
