"""Calendar dates in typed text ("3 March 1992", "march 3rd, 92", "1992-03-03", "03/04/1992").

``dateparser`` reads the date itself (month names, ordinals, orders, two-digit years); this
module only finds the stretch of text that looks like a date, so that "5'6"" or "150" are
never handed to it, and it requires a day, a month and a year: "born in 1992" is no birth date.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|(?:19|20) \d{2}|'?\d{2})"  # text2num writes "nineteen ninety two" as "19 92"
_CANDIDATES = re.compile(
    rf"(?<![\d/.-])(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
    rf"|{_DAY}\s(?:of\s)?{_MONTH},?\s{_YEAR}|{_MONTH}\s{_DAY},?\s{_YEAR})(?![\d/])"
)


@lru_cache(maxsize=2)
def _parser(order: str):
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": order},
    )


def find_dates(text: str, *, month_first: bool = False) -> list[tuple[date, int, int]]:
    """Every full date in a normalized text as (date, start, end); numeric dates read day first
    unless ``month_first`` (the user writes imperial units, as in the US)."""
    found = []
    for match in _CANDIDATES.finditer(text):
        span = re.sub(r"\b(19|20) (\d{2})$", r"\1\2", match.group(0).replace("'", ""))
        parsed = _parser("MDY" if month_first else "DMY").get_date_data(span)
        if parsed.date_obj is not None:
            found.append((parsed.date_obj.date(), match.start(), match.end()))
    return found
