"""Amounts with units in typed text ("150 lbs", "5'6\"", "2.5 litres", "40 min"), in the stored units.

Unit words are resolved and converted by ``pint``, so plurals, abbreviations and conversion
factors come from its registry rather than from a table here. Only what pint cannot know is
written down: colloquial words ("kilos", "glasses", "bottles") and the compound forms people
type for height and body weight (5'6", 5 ft 6, 1m70, 11 st 4). The registry takes a few
hundred milliseconds to build, so it is built on first use, never at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Words pint does not know, or knows as something else ("kilos" would be kiloseconds).
_ALIASES = {
    "kg": "kilogram", "kilogram": "kilogram", "kilograms": "kilogram", "kilo": "kilogram", "kilos": "kilogram", "kgs": "kilogram", "kilogramme": "kilogram", "kilogrammes": "kilogram",
    "lbs": "pound", "lb": "pound", "ibs": "pound", "pound": "pound", "pounds": "pound",
    "st": "stone", "stones": "stone",
    "ltr": "liter", "ltrs": "liter", "lt": "liter", "litre": "liter", "litres": "liter", "liter": "liter", "liters": "liter", "l": "liter",
    "ml": "milliliter", "mls": "milliliter", "millilitres": "milliliter", "millilitre": "milliliter", "milliliter": "milliliter", "milliliters": "milliliter",
    "cl": "centiliter",
    "oz": "fluid_ounce", "ozs": "fluid_ounce", "ounce": "fluid_ounce", "ounces": "fluid_ounce",
    "fl oz": "fluid_ounce", "floz": "fluid_ounce", "fluid ounces": "fluid_ounce", "fluid ounce": "fluid_ounce",
    "glass": "glass", "glasses": "glass", "bottle": "bottle", "bottles": "bottle", "cup": "cup", "cups": "cup",
    "gallon": "gallon", "gallons": "gallon",
    "m": "meter", "metre": "meter", "metres": "meter", "meter": "meter", "meters": "meter",
    "cm": "centimeter", "cms": "centimeter", "centimetres": "centimeter", "centimeters": "centimeter",
    "ft": "foot", "feet": "foot", "foot": "foot", "in": "inch", "inch": "inch", "inches": "inch", "'": "foot",
    '"': "inch", "''": "inch",
    "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute", "m.": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour", "hours'": "hour",
    "wk": "week", "wks": "week", "week": "week", "weeks": "week",
    "month": "month", "months": "month", "mo": "month", "mos": "month", "yr": "year", "year": "year", "years": "year",
    "%": "percent", "percent": "percent", "pct": "percent",
    "kcal": "kilocalorie", "kcals": "kilocalorie", "cal": "kilocalorie", "cals": "kilocalorie",
    "calories": "kilocalorie", "calorie": "kilocalorie",
    "g": "gram", "gr": "gram", "grams": "gram", "gram": "gram", "gs": "gram",
}
# A glass and a bottle of water, as the coach counts them.
_DEFINITIONS = ("glass = 250 * milliliter", "bottle = 500 * milliliter")
# What each kind of amount is stored in.
IMPERIAL_UNITS = frozenset({"pound", "stone", "foot", "inch", "fluid_ounce", "gallon", "cup"})
BASE_UNITS = {"mass": "kilogram", "length": "centimeter", "volume": "milliliter", "time": "minute",
              "energy": "kilocalorie", "percent": "percent", "grams": "gram"}

NUMBER = r"\d+(?:\.\d+)?"
_UNIT_WORDS = sorted(_ALIASES, key=len, reverse=True)
_UNIT_RE = "|".join(re.escape(word) for word in _UNIT_WORDS if word not in ("'", '"', "''"))
_AMOUNT = re.compile(rf"(?<![\d.:])({NUMBER})\s?(?:-\s?)?({_UNIT_RE})(?![a-z])")
_HEIGHT_FT_IN = re.compile(
    rf"(?<![\d.])(\d)\s?(?:'|ft\.?|feet|foot)\s?(?:(\d{{1,2}}(?:\.\d)?)\s?(?:\"|''|in\.?|inches|inch)?)?(?![\d])"
)
_HEIGHT_M_CM = re.compile(r"(?<![\d.])([12])\s?m\s?(\d{2})(?![\d])")  # 1m70
_STONE_LB = re.compile(rf"(?<![\d.])(\d{{1,2}})\s?(?:stones|stone|st)(?![a-z])\s?(?:(\d{{1,2}}(?:\.\d)?)\s?(?:lbs?|pounds?)?)?(?![\d])")
_CURRENCY = re.compile(rf"(?:\$|usd\s?|€|eur\s?|£)\s?({NUMBER})|({NUMBER})\s?(?:\$|usd|dollars?|bucks|euros?|€|eur|quid|pounds? sterling)(?![a-z])")


@dataclass(frozen=True)
class Amount:
    """One amount found in the text: its value in the base unit of its kind, and where it was."""

    kind: str  # mass, length, volume, time, energy, percent, grams, money
    value: float
    start: int
    end: int
    text: str
    unit: str  # the unit as pint names it ("pound", "fluid_ounce"), for chips and unit preference
    raw: float = 0.0  # the value as typed, in ``unit`` (inches for feet and inches, pounds for stone)

    @property
    def imperial(self) -> bool:
        return self.unit in IMPERIAL_UNITS


@lru_cache(maxsize=1)
def registry():
    """pint's unit registry with the coach's two extra units; built once, on first use."""
    import pint

    units = pint.UnitRegistry()
    for definition in _DEFINITIONS:
        units.define(definition)
    return units


@lru_cache(maxsize=256)
def _kind_and_factor(unit: str) -> tuple[str, float] | None:
    """What kind of amount a unit measures and its factor to that kind's base unit (via pint)."""
    units = registry()
    try:
        parsed = units.parse_units(unit)
    except Exception:  # pint raises its own errors for unknown or malformed units
        return None
    if unit == "percent":
        return "percent", 1.0
    if unit == "gram":
        return "grams", 1.0
    for kind, base in BASE_UNITS.items():
        if kind in ("percent", "grams"):
            continue
        if parsed.dimensionality == units.parse_units(base).dimensionality:
            return kind, float(units.Quantity(1, parsed).to(base).magnitude)
    return None


def convert(value: float, unit: str) -> tuple[str, float] | None:
    """A value in a unit word as (kind, value in the kind's base unit); None for an unknown unit."""
    name = _ALIASES.get(unit, unit)
    found = _kind_and_factor(name)
    if found is None:
        return None
    kind, factor = found
    return kind, value * factor


def amounts(text: str) -> list[Amount]:
    """Every amount with a unit in a normalized text, compound height and weight forms first."""
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(amount: Amount) -> None:
        found.append(amount)
        taken.append((amount.start, amount.end))

    for match in _HEIGHT_FT_IN.finditer(text):
        feet, inches = int(match.group(1)), float(match.group(2) or 0)
        marker = match.group(0)
        if inches >= 12 or not re.search(r"'|ft|fe|fo", marker):
            continue
        kind, cm = convert(feet * 12 + inches, "inch") or ("length", 0.0)
        add(Amount(kind, cm, match.start(), match.end(), match.group(0), "foot", feet * 12 + inches))
    for match in _HEIGHT_M_CM.finditer(text):
        if free(match.start(), match.end()):
            add(Amount("length", int(match.group(1)) * 100 + int(match.group(2)), match.start(), match.end(),
                       match.group(0), "meter", int(match.group(1)) * 100 + int(match.group(2))))
    for match in _STONE_LB.finditer(text):
        if free(match.start(), match.end()):
            pounds = int(match.group(1)) * 14 + float(match.group(2) or 0)
            kind, kg = convert(pounds, "pound") or ("mass", 0.0)
            add(Amount(kind, kg, match.start(), match.end(), match.group(0), "stone", pounds))
    for match in _CURRENCY.finditer(text):
        if free(match.start(), match.end()):
            add(Amount("money", float(match.group(1) or match.group(2)), match.start(), match.end(), match.group(0),
                       "usd" if re.search(r"\$|usd|dollar|buck", match.group(0)) else "other", float(match.group(1) or match.group(2))))
    for match in _AMOUNT.finditer(text):
        if not free(match.start(), match.end()):
            continue
        value, word = float(match.group(1)), match.group(2)
        converted = convert(value, word)
        if converted is None:
            continue
        kind, base_value = converted
        add(Amount(kind, base_value, match.start(), match.end(), match.group(0), _ALIASES.get(word, word), value))
    return sorted(found, key=lambda amount: amount.start)


def bare_numbers(text: str, taken: list[Amount] | None = None) -> list[tuple[float, int, int]]:
    """Numbers without a unit (value, start, end), leaving out those inside found amounts and times."""
    spans = [(a.start, a.end) for a in taken or []]
    numbers = []
    for match in re.finditer(rf"(?<![\d.:/'-])({NUMBER})(?![\d:/'])", text):
        if any(a <= match.start() < b for a, b in spans):
            continue
        numbers.append((float(match.group(1)), match.start(), match.end()))
    return numbers
