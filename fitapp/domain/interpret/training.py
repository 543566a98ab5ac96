"""Steps 4 and 5: where and with what (location, equipment, longest workout) and the schedule."""

from __future__ import annotations

import re
from functools import lru_cache

from fitapp.domain.choices import WEEKDAYS
from fitapp.domain.interpret import lexicon
from fitapp.domain.interpret.clock import find_times, hhmm, part_of_day
from fitapp.domain.interpret.quantities import amounts
from fitapp.domain.interpret.result import Context, Found
from fitapp.domain.interpret.text import find_word, has_word, negated
from fitapp.domain.reference import ReferenceData

LOCATIONS = {
    "home": ("home", "at home", "my house", "my place", "living room", "garage", "my apartment", "my flat",
             "home gym", "bedroom", "basement"),
    "gym": ("gym", "the gym", "fitness center", "fitness centre", "health club", "leisure centre", "leisure center",
            "crossfit box", "planet fitness", "a gym", "gym membership"),
    "outdoor": ("outdoor", "outdoors", "outside", "park", "in the park", "trails", "the track", "beach",
                "in nature", "the woods", "running track", "outdoor gym"),
    "hybrid": ("mix", "a mix", "mixed", "hybrid", "both", "a bit of both", "combination", "a combination",
               "either", "mix of both", "depends on the day"),
}
LOCATION_NAMES = {"home": "At home", "gym": "At the gym", "outdoor": "Outdoors", "hybrid": "A mix"}
NO_EQUIPMENT = ("no equipment", "bodyweight only", "body weight only", "just bodyweight",
                "just body weight", "just my body", "my own body", "no gear", "don't have any equipment",
                "dont have any equipment", "don't have equipment", "no kit", "only bodyweight", "nothing at all")
# What people call the equipment of ref_equipment_types, by its slug; only slugs in the table are used.
EQUIPMENT_WORDS = {
    "dumbbells": ("dumbbell", "dumbells", "dumbell", "db", "dbs", "adjustable dumbbells"),
    "barbell": ("barbell", "bar bell", "olympic bar", "barbell and plates", "plates"),
    "kettlebell": ("kettlebells", "kettle bell", "kettle bells", "kb", "kbs"),
    "ez_curl_bar": ("ez bar", "curl bar", "ez-bar"),
    "resistance_bands": ("bands", "resistance band", "loop bands", "band", "elastic bands"),
    "pull_up_bar": ("pull up bar", "pullup bar", "chin up bar", "chin-up bar", "doorway bar", "pull-up bar"),
    "dip_station": ("dip bars", "dip station", "parallel bars", "parallettes"),
    "suspension_trainer": ("trx", "suspension straps", "suspension trainer", "rings", "gymnastic rings"),
    "bench": ("bench", "weight bench", "flat bench", "adjustable bench", "incline bench"),
    "squat_rack": ("rack", "power rack", "squat rack", "squat stand", "squat stands", "cage"),
    "cable_machine": ("cables", "cable machine", "cable station", "cable stack"),
    "smith_machine": ("smith machine", "smith"),
    "leg_press": ("leg press",),
    "treadmill": ("treadmill", "running machine"),
    "stationary_bike": ("exercise bike", "spin bike", "peloton", "indoor bike", "stationary bike", "bike trainer",
                        "turbo trainer", "assault bike"),
    "rowing_machine": ("rower", "rowing machine", "erg", "concept2", "concept 2", "rowing machine"),
    "elliptical": ("elliptical", "cross trainer", "cross-trainer", "elliptical trainer"),
    "jump_rope": ("jump rope", "skipping rope", "skip rope", "rope"),
    "yoga_mat": ("mat", "yoga mat", "exercise mat", "mats"),
    "medicine_ball": ("med ball", "medicine ball", "slam ball"),
    "foam_roller": ("foam roller", "roller"),
    "stability_ball": ("swiss ball", "exercise ball", "stability ball", "gym ball", "yoga ball", "balance ball"),
    "plyo_box": ("plyo box", "jump box", "box", "plyometric box"),
}


@lru_cache(maxsize=8)
def equipment_table(reference: ReferenceData) -> dict[str, tuple[str, ...]]:
    """The phrases for each equipment slug of the reference table: its name, its slug, plurals, common words."""
    table: dict[str, tuple[str, ...]] = {}
    for row in reference.equipment_types:
        names = {row.display_name.lower(), row.code.replace("_", " ")}
        for part in re.split(r"\s*(?:/|&|\(|\))\s*", row.display_name.lower()):
            if len(part) > 2:
                names.add(part.strip())
        names.update(EQUIPMENT_WORDS.get(row.code, ()))
        names |= {name + "s" for name in names if not name.endswith("s") and len(name) > 3}
        table[row.code] = tuple(sorted(names))
    return table


def _minutes(text: str, lo: int = 15, hi: int = 180, exclude_before: bool = False):
    for amount in amounts(text):
        if amount.kind != "time" or amount.unit not in ("minute", "hour"):
            continue
        after = text[amount.end:amount.end + 20]
        if exclude_before and re.match(r"\s?(?:before|ahead|earlier|prior|beforehand|in advance)", after):
            continue
        if re.match(r"\s?(?:of sleep|sleep|a night)", after):
            continue
        minutes = round(amount.value)
        if lo <= minutes <= hi:
            return minutes, amount
    return None, None


def interpret_step4(text: str, ctx: Context) -> Found:
    found = Found()
    places = [hit.value for hit in lexicon.find(text, LOCATIONS) if not hit.negated]
    distinct = list(dict.fromkeys(p for p in places if p != "hybrid"))
    location = "hybrid" if "hybrid" in places or len(distinct) > 1 else (distinct[0] if distinct else None)
    if location:
        found.set("workout_location", location, LOCATION_NAMES[location])
    if ctx.reference and ctx.reference.equipment_types:
        table = equipment_table(ctx.reference)
        names = {row.code: row.display_name for row in ctx.reference.equipment_types}
        hits = [hit for hit in lexicon.find(text, table) if not hit.negated]
        for hit in hits:
            found.add("available_equipment", hit.value, names[hit.value])
    said_none = any(re.fullmatch(r"(?:nothing|none|nada|zero)(?: at all)?(?: at home| really)?", c.strip())
                    for c in re.split(r"[,;.!?]", text))
    if not found.has("available_equipment") and (has_word(text, *NO_EQUIPMENT) or said_none):
        found.empty_list("available_equipment", "No equipment")
    minutes, amount = _minutes(text)
    if minutes:
        found.set("max_workout_duration_minutes", minutes, f"Up to {minutes} minutes")
    return found


DAY_WORDS = {
    "monday": ("monday", "mondays", "mon", "mon."),
    "tuesday": ("tuesday", "tuesdays", "tue", "tues"),
    "wednesday": ("wednesday", "wednesdays", "wed", "weds", "wendsday", "wensday"),
    "thursday": ("thursday", "thursdays", "thu", "thur", "thurs", "thrusday"),
    "friday": ("friday", "fridays", "fri"),
    "saturday": ("saturday", "saturdays", "sat"),
    "sunday": ("sunday", "sundays", "sun"),
}
DAYS = tuple(code for code, _ in WEEKDAYS)
_DAY = "|".join(sorted({w for ws in DAY_WORDS.values() for w in ws if "." not in w}, key=len, reverse=True))
_DAY_RANGE = re.compile(rf"\b({_DAY})\s?(?:-|to|through|thru|till|until)\s?({_DAY})\b")
REST = {
    "fixed": ("fixed", "fixed rest days", "same rest days", "same days every week", "the same days", "set days",
              "stick to the same days", "consistent days", "fixed days"),
    "flexible": ("flexible", "flexibly", "flex", "move them", "move them around", "move around", "can move", "depends on my week",
                 "varies", "it varies", "changes every week", "whenever i can", "shift them", "flexible rest days"),
    "auto": ("auto", "automatic", "automatically", "you decide", "you choose", "up to you", "let the coach decide",
             "coach decides", "you pick", "whatever you think", "whatever you think is best", "i don't mind",
             "dont mind", "don't care", "your call", "surprise me", "let the app decide"),
}
REST_NAMES = {"fixed": "Fixed rest days", "flexible": "Flexible rest days", "auto": "Rest days: coach decides"}
_REMIND = re.compile(r"\b(remind\w*|reminders?|notify|notification\w*|ping me|nudge me|alert me|alarm)\b")


def weekdays(text: str) -> list[str]:
    days: set[str] = set()
    excluded: set[str] = set()
    for match in _DAY_RANGE.finditer(text):
        first = next(code for code, ws in DAY_WORDS.items() if match.group(1) in ws)
        last = next(code for code, ws in DAY_WORDS.items() if match.group(2) in ws)
        i, j = DAYS.index(first), DAYS.index(last)
        days.update(DAYS[i:j + 1] if i <= j else DAYS[i:] + DAYS[:j + 1])
    if has_word(text, "every day", "everyday", "daily", "7 days a week", "all week", "each day", "every single day"):
        days.update(DAYS)
    if has_word(text, "weekdays", "week days", "workdays", "work days", "weekday", "monday to friday"):
        days.update(DAYS[:5])
    if has_word(text, "weekends", "weekend", "the weekend"):
        if (m := find_word(text, "weekends", "weekend", "the weekend")) and negated(text, m.start()):
            excluded.update(DAYS[5:])
        else:
            days.update(DAYS[5:])
    for hit in lexicon.find(text, DAY_WORDS):
        before = text[max(0, hit.start - 12):hit.start]
        if hit.value == "sunday" and hit.phrase == "sun" and re.search(r"\bthe\s$", before):
            continue
        if hit.negated or re.search(r"\b(except|but not|not on|apart from|besides|excluding|off on|rest on)\s(?:on\s)?$", before):
            excluded.add(hit.value)
        else:
            days.add(hit.value)
    return [day for day in DAYS if day in days and day not in excluded]


def interpret_step5(text: str, ctx: Context) -> Found:
    found = Found()
    days = weekdays(text)
    if days:
        found.set("workout_days", days, "Days: " + ", ".join(day[:3].capitalize() for day in days))
    hint = part_of_day(text)
    for mention in find_times(text):
        after = text[mention.end:mention.end + 16]
        if re.match(r"\s?(?:min|minutes|hour|hours|hr|hrs)\b", after):
            continue
        minutes = mention.minutes(hint)
        if minutes is not None:
            found.set("preferred_workout_time", hhmm(minutes), f"At {hhmm(minutes)}")
            break
    minutes, _ = _minutes(text, exclude_before=True)
    if minutes:
        found.set("preferred_workout_duration_minutes", minutes, f"{minutes} minutes")
    remind = _REMIND.search(text)
    if remind:
        if negated(text, remind.start()) or re.search(r"\bno\s(?:need\s(?:for|of)\s)?$", text[:remind.start()]):
            found.set("workout_reminder_enabled", False, "No reminder")
        else:
            found.set("workout_reminder_enabled", True, "Reminder on")
            for amount in amounts(text):
                if amount.kind == "time" and re.match(r"\s?(?:before|ahead|earlier|prior|beforehand|in advance)",
                                                      text[amount.end:amount.end + 14]):
                    offset = -round(amount.value)
                    if -240 <= offset <= 0:
                        found.set("reminder_offset_minutes", offset, f"Remind {-offset} minutes before")
                    break
    rest = lexicon.first(text, REST)
    if rest:
        found.set("rest_day_preference", rest.value, REST_NAMES[rest.value])
    return found
