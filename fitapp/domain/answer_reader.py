"""Field-by-field reading of one answer object, collecting every problem at once.

A rule asks the reader for typed values; the reader refuses unknown keys, missing required
keys, wrong types and out-of-range values with one plain message per field, so the user sees
everything to fix in one coach bubble instead of one problem per attempt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fitapp.domain.choices import Choices, values
from fitapp.domain.results import StepRejected

FIELD_LABELS: dict[str, str] = {
    "consent": "Consent",
    "units": "Units",
    "sex": "Sex",
    "birth_date": "Birth date",
    "height_cm": "Height",
    "weight_kg": "Weight",
    "time_zone": "Time zone",
    "fitness_level": "Fitness level",
    "activity_level": "Daily activity",
    "primary_goal": "Primary goal",
    "secondary_goal": "Secondary goal",
    "target_weight_kg": "Target weight",
    "target_body_fat_percentage": "Target body fat",
    "target_muscle_gain_kg": "Target muscle gain",
    "target_timeline_weeks": "Timeline",
    "user_explanation": "Why this goal",
    "parq": "Health questions",
    "injuries": "Injuries",
    "limitations": "Limitations",
    "workout_location": "Workout location",
    "available_equipment": "Equipment",
    "max_workout_duration_minutes": "Longest workout",
    "workout_days": "Workout days",
    "preferred_workout_time": "Workout time",
    "preferred_workout_duration_minutes": "Workout duration",
    "workout_reminder_enabled": "Workout reminder",
    "reminder_offset_minutes": "Reminder offset",
    "rest_day_preference": "Rest days",
    "diet_type": "Diet type",
    "diet_type_other": "Diet description",
    "allergies": "Allergies",
    "intolerances": "Intolerances",
    "dislikes": "Dislikes",
    "religious_restrictions": "Religious restrictions",
    "preferred_cuisines": "Preferred cuisines",
    "cooking_skill_level": "Cooking skill",
    "meal_prep_willingness": "Meal-prep willingness",
    "max_meal_prep_time_minutes": "Longest meal prep",
    "budget_per_day_usd": "Daily food budget",
    "additional_notes": "Notes",
    "meals_per_day": "Meals per day",
    "accept_proposal": "Accept or adjust",
    "daily_calories_target": "Daily calories",
    "protein_grams_target": "Protein",
    "carbs_grams_target": "Carbs",
    "fats_grams_target": "Fat",
    "meals": "Meals",
    "meal_number": "Meal number",
    "meal_name": "Meal name",
    "scheduled_time": "Meal time",
    "earliest_time": "Earliest time",
    "latest_time": "Latest time",
    "notification_offset_minutes": "Meal reminder offset",
    "energy_level": "Energy",
    "stress_level": "Stress",
    "sleep_quality": "Sleep quality",
    "sleep_hours_last_night": "Sleep last night",
    "daily_water_target_ml": "Daily water target",
    "reminder_enabled": "Water reminders",
    "reminder_frequency_minutes": "Reminder frequency",
    "reminder_start_time": "Reminder start",
    "reminder_end_time": "Reminder end",
    "reminder_tone": "Reminder tone",
    "auto_remind_with_meals": "Remind with meals",
    "confirm": "Confirmation",
}

# Characters no answer may carry: C0 and C1 controls (NUL among them: PostgreSQL's JSONB and
# text columns refuse it), DEL, the Unicode line and paragraph separators, and lone UTF-16
# surrogates (JSON can spell them, UTF-8 cannot encode them). Free text may keep tabs and
# line breaks; a CR LF or a lone CR is normalised to LF.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_LINE_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Every list an answer holds has a cap; a rule may set a smaller one (the spec's lists below).
MAX_ITEMS = 50
# How much of a user's own text (an unknown key) a message may quote, and how many such keys.
QUOTE_CHARS = 40
QUOTED_KEYS = 5
_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(:00)?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MISSING: Any = object()


def label(key: str) -> str:
    """The human name of a field, used in every message about it."""
    return FIELD_LABELS.get(key, key.replace("_", " ").capitalize())


def quote(text: Any, limit: int = QUOTE_CHARS) -> str:
    """Some of the user's own input, safe to put in a message: control characters written as
    escapes (``\\u0000``), at most ``limit`` characters, so no message carries raw input."""
    text = str(text)
    cut = text[:limit]
    shown = _LINE_CONTROL_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", cut)
    return shown + ("…" if len(text) > limit else "")


def control_character_problem(text: str, multiline: bool = False) -> str | None:
    """Why a text cannot be taken (a control character, and which), or None when it can."""
    found = (_CONTROL_RE if multiline else _LINE_CONTROL_RE).search(text)
    if found is None:
        return None
    return f"contains a control character (U+{ord(found.group()):04X}) at position {found.start() + 1}; please remove it"


def fmt(number: float | int | Decimal) -> str:
    """A number as people write it: no trailing zeros, thousands separated, and no binary float
    noise (1.725 + 0.1 is written 1.825, not 1.8250000000000002)."""
    dec = Decimal(str(round(number, 9) if isinstance(number, float) else number))
    if dec == dec.to_integral_value():
        return f"{int(dec):,}"
    return f"{dec.normalize():,f}"


def round_to(number: float | Decimal, places: int) -> float:
    """Half-up rounding (what people expect) rather than Python's banker's rounding."""
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(number)).quantize(quantum, rounding=ROUND_HALF_UP))


def parse_time(value: Any) -> time | None:
    """A wall-clock time from "HH:MM" (or a ``time``); None when it is not one."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, str):
        match = _TIME_RE.match(value.strip())
        if match:
            return time(int(match.group(1)), int(match.group(2)))
    return None


def minutes_of(value: str) -> int:
    """Minutes after midnight of a stored "HH:MM"."""
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def hhmm(minutes: int) -> str:
    """A minute-of-day (wrapping past midnight) as "HH:MM"."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _range_text(lo: float, hi: float, unit: str, lo_open: bool, hi_open: bool) -> str:
    suffix = f" {unit}" if unit else ""
    if not lo_open and not hi_open:
        return f"between {fmt(lo)} and {fmt(hi)}{suffix}"
    low = f"more than {fmt(lo)}" if lo_open else f"at least {fmt(lo)}"
    high = f"less than {fmt(hi)}" if hi_open else f"at most {fmt(hi)}"
    return f"{low} and {high}{suffix}"


class AnswerReader:
    """Typed access to an answer's fields; every failed check adds one message."""

    def __init__(
        self, answer: Any, allowed: Iterable[str], prefix: str = "", what: str = "answer", path: str = ""
    ) -> None:
        self.messages: list[str] = []
        # The fields the problems are about, as paths into the answer ("height_cm",
        # "meals.2.latest_time"): what a form marks as invalid next to the coach's messages.
        self.fields: list[str] = []
        # Each field's own messages, to show a problem beside its input.
        self.field_messages: dict[str, list[str]] = {}
        self.prefix = prefix
        self.path = f"{path}." if path else ""
        allowed = tuple(allowed)
        if not isinstance(answer, Mapping):
            self.answer: Mapping[str, Any] = {}
            self.fail(f"The {what} must be an object of fields: {', '.join(allowed)}.")
            return
        self.answer = answer
        unknown = [key for key in answer if key not in allowed]
        if unknown:
            # The keys are the user's input: quoted short and escaped, a few of them at most.
            names = ", ".join(f"'{quote(key)}'" for key in unknown[:QUOTED_KEYS])
            if len(unknown) > QUOTED_KEYS:
                names += f" and {fmt(len(unknown) - QUOTED_KEYS)} more"
            self.fail(
                f"I don't recognise {names} in this {what}; it takes only: {', '.join(allowed)}."
            )

    # -- bookkeeping -------------------------------------------------------------------
    def fail(self, message: str, *keys: str) -> None:
        """One problem, about the fields ``keys`` of this answer (none: about the whole)."""
        self.messages.append(self.prefix + message)
        for key in keys:
            if self.path + key not in self.fields:
                self.fields.append(self.path + key)
            self.field_messages.setdefault(self.path + key, []).append(self.prefix + message)

    def absorb(self, part: AnswerReader) -> None:
        """Take over the problems of a part of this answer read on its own (a meal, an injury)."""
        self.messages.extend(part.messages)
        self.fields.extend(key for key in part.fields if key not in self.fields)
        for key, found in part.field_messages.items():
            self.field_messages.setdefault(key, []).extend(found)

    @property
    def ok(self) -> bool:
        return not self.messages

    def raise_if_failed(self, step: int | None = None) -> None:
        if self.messages:
            raise StepRejected(self.messages, step, self.fields, self.field_messages)

    def _get(self, key: str, required: bool) -> Any:
        """The raw value, or _MISSING; None, blank text and absence all count as "not given"."""
        value = self.answer.get(key)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is None:
            if required:
                self.fail(f"{label(key)}: please answer this.", key)
            return _MISSING
        return value

    def has(self, key: str) -> bool:
        value = self.answer.get(key)
        return value is not None and not (isinstance(value, str) and not value.strip())

    # -- typed readers: each returns None when the value is absent or invalid ----------
    def boolean(self, key: str, required: bool = True) -> bool | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, bool):
            self.fail(f"{label(key)} must be yes or no (true or false).", key)
            return None
        return value

    def choice(self, key: str, choices: Choices | Sequence[str], required: bool = True) -> str | None:
        is_pairs = bool(choices) and isinstance(choices[0], tuple)
        options = values(choices) if is_pairs else tuple(choices)  # type: ignore[arg-type]
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or value not in options:
            self.fail(f"{label(key)} must be one of: {', '.join(options)}.", key)
            return None
        return value

    def integer(
        self, key: str, lo: int, hi: int, unit: str = "", required: bool = True
    ) -> int | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(f"{label(key)} must be a whole number.", key)
            return None
        if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
            self.fail(f"{label(key)} must be a whole number.", key)
            return None
        number = int(value)
        if not lo <= number <= hi:
            self.fail(f"{label(key)} must be {_range_text(lo, hi, unit, False, False)}.", key)
            return None
        return number

    def number(
        self,
        key: str,
        lo: float,
        hi: float,
        unit: str = "",
        required: bool = True,
        places: int = 2,
        lo_open: bool = False,
        hi_open: bool = False,
    ) -> float | None:
        """A decimal number checked against its range, then rounded to ``places``."""
        value = self._get(key, required)
        if value is _MISSING:
            return None
        # An int is compared as it is (exactly, with no float conversion that could overflow):
        # only a value inside the range reaches any arithmetic.
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not math.isfinite(value)
        ):
            self.fail(f"{label(key)} must be a number.", key)
            return None
        too_low = value <= lo if lo_open else value < lo
        too_high = value >= hi if hi_open else value > hi
        if too_low or too_high:
            self.fail(f"{label(key)} must be {_range_text(lo, hi, unit, lo_open, hi_open)}.", key)
            return None
        rounded = round_to(value, places)
        if (lo_open and rounded <= lo) or (hi_open and rounded >= hi):
            self.fail(f"{label(key)} must be {_range_text(lo, hi, unit, lo_open, hi_open)}.", key)
            return None
        return rounded

    def text(
        self,
        key: str,
        max_len: int,
        required: bool = True,
        what: str | None = None,
        multiline: bool = False,
    ) -> str | None:
        """Trimmed text; blank counts as not given (None).

        Control characters are refused, never dropped silently; ``multiline`` free text keeps
        tabs and line breaks (CR LF and CR become LF). A text over ``max_len`` is refused.
        """
        value = self._get(key, required)
        if value is _MISSING:
            return None
        checked = self.checked_text(value, key, max_len, what=what, multiline=multiline)
        if checked is None and not self.field_messages.get(self.path + key) and required:
            self.fail(f"{what or label(key)}: please answer this.", key)
        return checked

    def checked_text(
        self, value: Any, key: str, max_len: int, what: str | None = None, multiline: bool = False
    ) -> str | None:
        """``value`` as a text of this answer (an item of a list, too): type, control characters
        and length checked, every problem reported against ``key``; None when blank or refused."""
        name = what or label(key)
        if not isinstance(value, str):
            self.fail(f"{name} must be text.", key)
            return None
        if multiline:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        problem = control_character_problem(value, multiline)
        if problem:
            self.fail(f"{name} {problem}.", key)
            return None
        value = value.strip()
        if not value:
            return None
        if len(value) > max_len:
            self.fail(f"{name} must be at most {fmt(max_len)} characters (it has {fmt(len(value))}).", key)
            return None
        return value

    def time(self, key: str, required: bool = True) -> str | None:
        """A wall-clock time, stored as "HH:MM"."""
        value = self._get(key, required)
        if value is _MISSING:
            return None
        parsed = parse_time(value)
        if parsed is None:
            self.fail(f"{label(key)} must be a time of day written HH:MM, like 07:30.", key)
            return None
        return parsed.strftime("%H:%M")

    def date(self, key: str, required: bool = True) -> date | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value
        if isinstance(value, str) and _DATE_RE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(f"{label(key)} must be a date written YYYY-MM-DD, like 1990-05-14.", key)
        return None

    def items(
        self, key: str, required: bool = True, max_items: int = MAX_ITEMS, noun: str = "items"
    ) -> list[Any] | None:
        """A JSON array of at most ``max_items`` entries; absent optional lists read as empty.

        A longer list is refused before any of its entries is read."""
        value = self._get(key, required)
        if value is _MISSING:
            return None if required else []
        if not isinstance(value, (list, tuple)):
            self.fail(f"{label(key)} must be a list.", key)
            return None
        if len(value) > max_items:
            self.fail(f"{label(key)}: at most {fmt(max_items)} {noun}, please (you gave {fmt(len(value))}).", key)
            return None
        return list(value)

    def raw(self, key: str, required: bool = True) -> Any:
        value = self._get(key, required)
        return None if value is _MISSING else value
