"""Times of day as people type them ("6:30 pm", "7.30", "noon", "at 7", "18h"), as "HH:MM".

A bare "7" has no am/pm: the caller says which half of the day is meant (breakfast is in the
morning, dinner in the evening) or, when nothing says so, the time is left out rather than
guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_MERIDIEM = r"(a\.?m\.?|p\.?m\.?)"
_TIME = re.compile(
    rf"(?<![\d.:$a-z])(?:(noon|midday|midnight)|(\d{{1,2}})(?:[:.h](\d{{2}})|\s(\d{{2}})(?=\s?{_MERIDIEM}))?\s?(?:{_MERIDIEM}(?![a-z])|(o'?clock|h(?![a-z])|hrs(?=\b)))?)(?![\d%])"
)
_HALF_PAST = re.compile(r"\b(half|quarter) (past|to) (\d{1,2})\b")


@dataclass(frozen=True)
class TimeMention:
    hour: int
    minute: int
    meridiem: str | None  # "am", "pm", or None when the text does not say
    start: int
    end: int
    text: str

    @property
    def explicit(self) -> bool:
        """Whether the text fixes the time of day (am/pm, a 24-hour time, noon or a time after 12)."""
        return self.meridiem is not None or self.hour == 0 or self.hour > 12

    def minutes(self, hint: str | None = None) -> int | None:
        """Minutes after midnight; a bare hour takes the hint ("am"/"pm"), or None without one."""
        hour = self.hour
        meridiem = self.meridiem or (None if self.explicit else hint)
        if hour > 12 or (hour == 0 and self.meridiem is None):
            return hour * 60 + self.minute
        if meridiem is None:
            if hour == 12:
                return 12 * 60 + self.minute
            return None
        if meridiem == "am":
            hour = 0 if hour == 12 else hour
        else:
            hour = hour if hour == 12 else hour + 12
        return hour * 60 + self.minute


def hhmm(minutes: int) -> str:
    return f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"


def find_times(text: str, *, bare_after: tuple[str, ...] = ("at", "around", "by", "from", "to", "until", "till", "-",
                                                            "and", "between", "about", "@", "~")) -> list[TimeMention]:
    """Every time of day in a normalized text.

    A number alone is a time only right after one of ``bare_after`` ("at 7", "from 8 to 10");
    anywhere else "7" may be a count or a duration, so it is not taken as a time.
    """
    found: list[TimeMention] = []
    for match in _HALF_PAST.finditer(text):
        hour = int(match.group(3))
        minute = 30 if match.group(1) == "half" else 15
        if match.group(2) == "to":
            hour, minute = (hour - 1) % 24, 60 - minute
        rest = text[match.end():]
        mer = re.match(rf"\s?{_MERIDIEM}", rest)
        meridiem = (mer.group(1)[0] + "m") if mer else None
        end = match.end() + (mer.end() if mer else 0)
        found.append(TimeMention(hour, minute, meridiem, match.start(), end, text[match.start():end]))
    for match in _TIME.finditer(text):
        if any(t.start <= match.start() < t.end for t in found):
            continue
        if match.group(1):
            hour = 0 if match.group(1) == "midnight" else 12
            found.append(TimeMention(hour, 0, "am" if hour == 0 else "pm", match.start(), match.end(), match.group(0)))
            continue
        hour = int(match.group(2))
        minute_text = match.group(3) or match.group(4)
        minute = int(minute_text) if minute_text else 0
        meridiem_text = match.group(5) or match.group(6)
        marker = match.group(7)
        if hour > 23 or minute > 59:
            continue
        meridiem = (meridiem_text[0] + "m") if meridiem_text else None
        if meridiem and hour > 12:
            continue
        if meridiem is None and minute_text is None and marker is None:
            before = re.findall(r"[a-z@~-]+", text[: match.start()])
            starts_range = re.match(r"\s?(?:-|to|till|until)\s?\d", text[match.end():])
            if not starts_range and (not before or before[-1] not in bare_after):
                continue
            after = text[match.end():match.end() + 12]
            if re.match(r"\s?(?:min|minute|hour|hr|h\b|times|x\b|days|meals|glass|litre|liter|l\b|kg|lb|%)", after):
                continue
        if match.group(3) and match.group(0)[len(match.group(2))] == "." and meridiem is None and hour <= 12:
            # "7.5" is a number, "7.30" a time: only minutes that are a time of day count
            if minute not in (0, 15, 30, 45) and not (minute % 5 == 0):
                continue
        found.append(TimeMention(hour, minute, meridiem, match.start(), match.end(), match.group(0).strip()))
    # "it's 3pm here" tells the time now, not a time for the plan
    found = [t for t in found if not re.search(r"\b(?:it's|it is|its|now|currently|right now)\s(?:about\s|around\s)?$",
                                                text[max(0, t.start - 16):t.start])]
    return sorted(found, key=lambda t: t.start)


def part_of_day(text: str) -> str | None:
    """"am" or "pm" when the text says the half of the day ("mornings", "after work", "evening")."""
    if re.search(r"\b(morning|mornings|before work|early|breakfast|sunrise|a\.?m\.?)\b", text):
        return "am"
    if re.search(r"\b(evening|evenings|night|tonight|after work|afternoon|afternoons|p\.?m\.?|lunch ?time|lunch)\b", text):
        return "pm"
    return None


@dataclass(frozen=True)
class TimeRange:
    start: int
    end: int
    first: TimeMention
    second: TimeMention


_RANGE_JOIN = re.compile(r"^\s?(?:-|to|till|until|til|and|through)\s?$")


def find_ranges(text: str, times: list[TimeMention], *, day_window: bool = False,
                hint_at: Callable[[int], str | None] | None = None) -> list[TimeRange]:
    """Pairs of times joined by "to", "-", "until" ("from 8 to 10 pm", "12-1", "between 12 and 1").

    The half of the day given for one end is shared by the other when it makes the range run
    forwards ("6-7 pm" is 18:00–19:00); when neither end says it, ``hint_at(position)`` may
    (a dinner between 6 and 8 is in the evening). With ``day_window`` (a reminder window over the day),
    a range shorter than four hours is read with the start in the morning instead, because
    "8 to 10 pm" means the waking day.
    """
    ranges: list[TimeRange] = []
    for first, second in zip(times, times[1:]):
        if not _RANGE_JOIN.match(text[first.end:second.start]):
            continue
        shared = first.meridiem or second.meridiem or (hint_at(first.start) if hint_at else None)
        if shared is None and day_window and not first.explicit and not second.explicit:
            shared = "am"  # "from 9 to 5" over the waking day: 09:00 to 17:00 (the end moves on below)
        b = second.minutes(second.meridiem or shared)
        a_same = first.minutes(first.meridiem or shared)
        if b is None and a_same is not None:
            b = second.minutes("pm" if a_same >= 12 * 60 else "am")
            if b is not None and b <= a_same:
                b = second.minutes("pm")
        if b is None:
            continue
        if a_same is not None and b <= a_same and second.meridiem is None and not second.explicit:
            later = second.minutes("pm")
            b = later if later is not None and later > a_same else b
        a = a_same
        if a is not None and a >= b and first.meridiem is None:
            a = first.minutes("am")
        if day_window and first.meridiem is None and a is not None and (b - a) < 4 * 60 and not first.explicit:
            morning = first.minutes("am")
            if morning is not None and morning >= 5 * 60:
                a = morning
        if a is None or a >= b:
            continue
        ranges.append(TimeRange(a, b, first, second))
    return ranges
