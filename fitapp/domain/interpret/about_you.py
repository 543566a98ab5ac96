"""Steps 0 and 1: about you (consent, units, sex, birth date, height, weight, time zone) and experience."""

from __future__ import annotations

import re
from functools import lru_cache

from fitapp.domain.interpret import lexicon
from fitapp.domain.interpret.dates import find_dates
from fitapp.domain.interpret.quantities import Amount, amounts, bare_numbers
from fitapp.domain.interpret.result import Context, Found
from fitapp.domain.interpret.text import has_word
from fitapp.domain.units import ft_in_to_cm, lb_to_kg

CONSENT = {"yes": ("i agree", "agree", "agreed", "i consent", "consent", "yes", "yeah", "yep", "ok to use my data",
                   "okay to use my data", "you can use my data", "fine to use my data", "go ahead", "accept",
                   "i accept", "sure")}
UNIT_WORDS = {"metric": ("metric", "metric units", "kg and cm", "kilograms and centimetres"),
              "imperial": ("imperial", "imperial units", "lbs and feet", "pounds and feet", "us units")}
SEX = {
    "female": ("woman", "female", "girl", "lady", "f", "she/her", "mum", "mom", "mother"),
    "male": ("man", "male", "guy", "dude", "he/him", "dad", "father", "bloke"),
    "unspecified": ("prefer not to say", "rather not say", "i'd rather not say", "unspecified", "non-binary",
                    "nonbinary", "non binary", "don't want to say", "not saying", "prefer not to answer"),
}
_WEIGHT_CUE = re.compile(r"\b(?:weigh|weighing|weight|weights|currently|at|about|around)\s(?:is\s|of\s|about\s|around\s)?$")
_HEIGHT_CUE = re.compile(r"\b(?:height|tall|height is|i'm|im|i am)\s?(?:is\s)?$")
MIN_HEIGHT, MAX_HEIGHT = 100, 250
MIN_WEIGHT, MAX_WEIGHT = 30, 300


@lru_cache(maxsize=1)
def _zones() -> tuple[dict[str, str], dict[str, str]]:
    """IANA names by lower-case name, and by city ("new york" -> America/New_York)."""
    from fitapp.domain.validate_profile import known_time_zones

    names: dict[str, str] = {}
    cities: dict[str, str] = {}
    for zone in sorted(known_time_zones()):
        names[zone.lower()] = zone
        area, _, city = zone.rpartition("/")
        if area and area.split("/")[0] in ("Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian",
                                           "Pacific") and len(city) >= 4:
            cities.setdefault(city.replace("_", " ").lower(), zone)
    return names, cities


def time_zone(text: str) -> str | None:
    names, cities = _zones()
    for match in re.finditer(r"[a-z]+(?:/[a-z_+-]+){1,2}|\butc\b|\bgmt\b", text):
        zone = names.get(match.group(0))
        if zone:
            return zone
    for match in re.finditer(r"\b(?:in|from|near|live in|based in|time zone|timezone|tz)\s([a-z][a-z .'-]{2,30})", text):
        phrase = match.group(1)
        words = phrase.split()
        for size in range(min(3, len(words)), 0, -1):
            zone = cities.get(" ".join(words[:size]).strip(" .'"))
            if zone:
                return zone
    return None


def _height_cm(amount: Amount) -> float:
    if amount.unit in ("foot", "inch"):
        return ft_in_to_cm(0, amount.raw)
    return round(amount.value, 1)


def _weight_kg(amount: Amount) -> float:
    if amount.unit in ("pound", "stone"):
        return lb_to_kg(amount.raw)
    return round(amount.value, 1)


def interpret_step0(text: str, ctx: Context) -> Found:
    found = Found()
    if (hit := lexicon.first(text, CONSENT)) and not has_word(text, "disagree", "don't agree", "do not agree"):
        found.set("consent", True, "Consent given")
    stated_units = lexicon.first(text, UNIT_WORDS)
    sex = lexicon.first(text, SEX)
    found_amounts = amounts(text)
    heights = [a for a in found_amounts if a.kind == "length" and MIN_HEIGHT <= a.value <= MAX_HEIGHT]
    weights = [a for a in found_amounts if a.kind == "mass" and MIN_WEIGHT <= a.value <= MAX_WEIGHT]
    typed = heights[:1] + weights[:1]
    units = stated_units.value if stated_units else None
    if units is None and typed and len({a.imperial for a in typed}) == 1:
        units = "imperial" if typed[0].imperial else "metric"
    if units:
        found.set("units", units, f"Units: {units}")
    if sex:
        found.set("sex", sex.value, {"female": "Female", "male": "Male", "unspecified": "Sex: prefer not to say"}[sex.value])
    month_first = (units or ctx.units) == "imperial"
    for day, start, _ in find_dates(text, month_first=month_first):
        found.set("birth_date", day.isoformat(), f"Born {day.day} {day:%B %Y}")
    if heights:
        height = _height_cm(heights[0])
        found.set("height_cm", height, f"Height {heights[0].text.strip()}" + ("" if heights[0].unit == "centimeter" else f" ({height:g} cm)"))
    if weights:
        weight = _weight_kg(weights[0])
        found.set("weight_kg", weight, f"Weight {weights[0].text.strip()}" + ("" if weights[0].unit == "kilogram" else f" ({weight:g} kg)"))
    _bare_body(text, found, found_amounts, units or ctx.units)
    zone = time_zone(text)
    if zone:
        found.set("time_zone", zone, f"Time zone {zone}")
    return found


def _bare_body(text: str, found: Found, taken: list[Amount], units: str | None) -> None:
    """ "weigh 190" or "height 170": a number without a unit, read in the units the user chose."""
    if units is None:
        return
    date_spans = [(s, e) for _, s, e in find_dates(text)]
    for value, start, end in bare_numbers(text, taken):
        if any(s <= start < e for s, e in date_spans):
            continue
        before = text[max(0, start - 24):start]
        if not found.has("weight_kg") and _WEIGHT_CUE.search(before):
            kg = lb_to_kg(value) if units == "imperial" else round(value, 1)
            if MIN_WEIGHT <= kg <= MAX_WEIGHT:
                unit = "lb" if units == "imperial" else "kg"
                found.set("weight_kg", kg, f"Weight {value:g} {unit}" + (f" ({kg:g} kg)" if unit == "lb" else ""))
        elif not found.has("height_cm") and units == "metric" and _HEIGHT_CUE.search(before) \
                and MIN_HEIGHT <= value <= MAX_HEIGHT and not re.match(r"\s?(?:years|yrs|y/o|yo)\b", text[end:]):
            found.set("height_cm", round(value, 1), f"Height {value:g} cm")


FITNESS = {
    "beginner": ("beginner", "total beginner", "complete beginner", "newbie", "novice", "new to this", "new to fitness",
                 "new to working out", "new to the gym", "never worked out", "never trained", "never exercised",
                 "never really exercised", "just starting", "starting out", "just getting started", "out of shape",
                 "haven't trained in years", "haven't worked out in years", "long break", "not very fit",
                 "starting from scratch", "from zero", "haven't exercised", "not very experienced",
                 "not experienced", "inexperienced", "no experience", "first time", "never been to a gym",
                 "never been to the gym", "never lifted", "never done any exercise"),
    "intermediate": ("intermediate", "some experience", "a bit of experience", "train regularly", "work out regularly",
                     "exercise regularly", "go to the gym regularly", "fairly fit", "reasonably fit",
                     "moderately fit", "decent shape", "in ok shape", "on and off", "somewhat experienced",
                     "middle of the road", "in between"),
    "advanced": ("advanced", "very experienced", "experienced", "years of training", "athlete", "competitive",
                 "compete", "lifting for years", "training for years", "very fit", "in great shape", "pro",
                 "seasoned", "been at it for years"),
}
ACTIVITY = {
    "sedentary": ("sedentary", "desk job", "at a desk", "desk all day", "sit all day", "sitting all day",
                  "sit most of the day", "sit at a desk", "office job", "office work", "work in an office",
                  "computer all day", "not very active", "not active", "barely move", "couch potato",
                  "mostly sitting", "sit a lot", "inactive", "office", "work from an office", "don't move much", "don't move a lot",
                  "hardly move", "drive all day", "gaming", "work from home"),
    "light": ("lightly active", "light activity", "a bit active", "a little active", "slightly active",
              "somewhat active", "walk a little", "walk a bit", "some walking", "short walks", "walk the dog",
              "on my feet some", "on my feet a bit", "some standing", "errands", "light", "not that active"),
    "moderate": ("moderately active", "moderate", "fairly active", "quite active", "reasonably active",
                 "on my feet all day", "on my feet most of the day", "on my feet all shift", "on my feet a lot",
                 "standing all day", "stand all day", "walk a lot", "lots of walking", "a lot of walking",
                 "walk everywhere", "cycle to work", "bike to work", "nurse", "waiter", "waitress", "retail",
                 "teacher", "active job", "busy with kids", "chasing kids", "physical chores"),
    "very_active": ("very active", "extremely active", "super active", "highly active", "physical job",
                    "manual job", "manual labour", "manual labor", "construction", "labourer", "laborer",
                    "builder", "on the move all day", "on the move nearly all day", "farm", "farmer",
                    "warehouse", "courier", "landscaper", "roofer", "always moving",
                    "move all day", "heavy lifting at work"),
}
_EXPERIENCE_YEARS = re.compile(
    r"\b(?:lift|lifting|lifted|train|training|trained|work(?:ing|ed)? out|gym|running|run|exercis\w*|"
    r"climbing|swimming|cycling)\b[a-z ]{0,20}?\bfor (\d+(?:\.\d+)?)\s?(years?|yrs?|months?)\b"
)


def interpret_step1(text: str, ctx: Context) -> Found:
    found = Found()
    labels = {"beginner": "Beginner", "intermediate": "Intermediate", "advanced": "Advanced"}
    allowed = set(ctx.reference.fitness_level_codes) if ctx.reference and ctx.reference.fitness_levels else set(labels)
    level = lexicon.first(text, FITNESS)
    if level and level.value in allowed:
        found.set("fitness_level", level.value, labels[level.value])
    elif (match := _EXPERIENCE_YEARS.search(text)) and not found.has("fitness_level"):
        amount = float(match.group(1)) * (12 if match.group(2).startswith("y") else 1)
        code = "beginner" if amount < 6 else "intermediate" if amount < 36 else "advanced"
        if code in allowed:
            found.set("fitness_level", code, f"{labels[code]} (training for {match.group(1)} {match.group(2)})")
    activity = lexicon.first(text, ACTIVITY)
    if activity:
        names = {"sedentary": "Sedentary", "light": "Lightly active", "moderate": "Moderately active",
                 "very_active": "Very active"}
        found.set("activity_level", activity.value, names[activity.value])
    return found
