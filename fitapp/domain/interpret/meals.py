"""Steps 7 and 8: meals per day with the proposal accepted or adjusted, and the meal times."""

from __future__ import annotations

import re

from fitapp.domain.interpret import lexicon
from fitapp.domain.interpret.clock import TimeMention, find_ranges, find_times, hhmm
from fitapp.domain.interpret.quantities import amounts
from fitapp.domain.interpret.result import Context, Found

ACCEPT = {"yes": ("accept", "i accept", "sounds good", "looks good", "that's fine", "thats fine", "fine", "ok",
                  "okay", "yes", "yep", "yeah", "sure", "perfect", "great", "go with that", "go with your numbers",
                  "your numbers", "use your numbers", "agreed", "agree", "happy with that", "works for me", "deal",
                  "i'll take it", "keep it", "as proposed", "as suggested", "your proposal", "the proposal",
                  "looks right", "sounds right", "good", "fine by me", "let's do it", "lets do it", "accepted")}
ADJUST = ("adjust", "change", "instead", "rather have", "prefer", "make it", "bump", "lower", "higher")
_MEALS = re.compile(r"\b(\d{1,2})\s?(?:main\s|small\s|big\s|proper\s)?(meals?|snacks?|times? a day|x a day|a day|per day|eating times)\b")
_MACRO = {"protein_grams_target": r"protein|prot", "carbs_grams_target": r"carbs?|carbohydrates?|cho",
          "fats_grams_target": r"fats?"}


def interpret_step7(text: str, ctx: Context) -> Found:
    found = Found()
    total, said = 0, []
    for match in _MEALS.finditer(text):
        count, what = int(match.group(1)), match.group(2)
        if what.startswith(("meal", "snack")) or not said:
            total += count
            said.append(match.group(0))
    if not said and re.fullmatch(r"\s*(?:maybe |about |around )?(\d)\s*(?:please|pls|thanks)?[.!]?\s*", text):
        total, said = int(re.search(r"\d", text).group(0)), [text.strip()]
    if said and 2 <= total <= 8:
        found.set("meals_per_day", total, f"{total} meals a day")
    numbers: dict[str, float] = {}
    for amount in amounts(text):
        if amount.kind == "energy" and 1000 <= amount.value <= 5000:
            numbers.setdefault("daily_calories_target", round(amount.value))
    for key, words in _MACRO.items():
        match = re.search(rf"\b(\d+(?:\.\d+)?)\s?(?:g|grams|gr)?\s?(?:of\s)?(?:{words})\b|\b(?:{words})\s?:?\s?(\d+(?:\.\d+)?)\s?(?:g|grams)?\b", text)
        if match:
            numbers[key] = float(match.group(1) or match.group(2))
    if "daily_calories_target" not in numbers:
        match = re.search(r"\b(\d{4})\b(?!\s?(?:g|grams))", text)
        if match and 1000 <= int(match.group(1)) <= 5000 and (len(numbers) or re.search(r"\b(?:kcal|cals?|calories?)\b", text)):
            numbers["daily_calories_target"] = int(match.group(1))
    if numbers:
        found.set("accept_proposal", False, "Adjusting the proposal")
        names = {"daily_calories_target": "{:g} kcal", "protein_grams_target": "Protein {:g} g",
                 "carbs_grams_target": "Carbs {:g} g", "fats_grams_target": "Fat {:g} g"}
        for key in names:
            if key in numbers:
                found.set(key, numbers[key], names[key].format(numbers[key]))
    else:
        hit = lexicon.first(text, ACCEPT)
        if hit and not re.search(r"\b(" + "|".join(ADJUST) + r")\b", text):
            found.set("accept_proposal", True, "Proposal accepted")
    return found


MEAL_NAMES = {
    "Breakfast": ("breakfast", "brekkie", "brekky", "first meal"),
    "Brunch": ("brunch",),
    "Lunch": ("lunch", "luncheon", "midday meal"),
    "Dinner": ("dinner", "supper", "evening meal", "tea time", "dinner time"),
    "Morning snack": ("morning snack", "mid-morning snack", "mid morning snack", "elevenses"),
    "Afternoon snack": ("afternoon snack", "mid-afternoon snack", "4pm snack"),
    "Evening snack": ("evening snack", "late snack", "night snack", "bedtime snack"),
    "Snack": ("snack", "snacks"),
    "Pre-workout meal": ("pre-workout", "pre workout", "preworkout"),
    "Post-workout meal": ("post-workout", "post workout", "postworkout"),
}
# Which half of the day a bare hour means for each meal ("dinner 7" is 19:00).
_HALF = {"Breakfast": "am", "Brunch": "am", "Morning snack": "am", "Lunch": "pm", "Dinner": "pm",
         "Afternoon snack": "pm", "Evening snack": "pm"}
_WINDOW = re.compile(r"(?:give or take|\+/-|±|plus or minus|either side|window of|windows? of)\s?(\d+)\s?(?:min|minutes|mins)?"
                     r"|(\d+)\s?(?:min|minutes|mins)\s(?:either way|either side|window|windows|give or take)")
_OFFSET = re.compile(r"(\d+)\s?(?:min|minutes|mins)\s(?:before|ahead|earlier|in advance)")


def _bare(mention: TimeMention, name: str | None, previous: int | None) -> int | None:
    """A meal's time: the meal says the half of the day; otherwise meals follow each other in the day."""
    if name == "Lunch" and mention.meridiem is None and mention.hour == 11:
        return mention.minutes("am")
    hint = _HALF.get(name or "")
    value = mention.minutes(hint)
    if value is None and previous is not None:
        morning = mention.minutes("am")
        value = morning if morning is not None and morning > previous else mention.minutes("pm")
    return value


def interpret_step8(text: str, ctx: Context) -> Found:
    found = Found()
    count = ctx.answer(7).get("meals_per_day")
    times = find_times(text, bare_after=("at", "around", "by", "about", "@", "~", "-", "to", "and", "between",
                                          "till", "until", "from") + tuple(w for ws in MEAL_NAMES.values() for w in ws))
    names = [hit for hit in lexicon.find(text, MEAL_NAMES) if not hit.negated]

    def hint_at(position: int) -> str | None:
        before = [hit for hit in names if hit.end <= position and not re.search(r"[,;]", text[hit.end:position])]
        return _HALF.get(before[-1].value) if before else None

    ranges = find_ranges(text, times, hint_at=hint_at)
    in_range = {id(r.first) for r in ranges} | {id(r.second) for r in ranges}
    window = _WINDOW.search(text)
    half_window = int(window.group(1) or window.group(2)) if window else None
    offset = _OFFSET.search(text)
    meals: list[dict] = []
    previous: int | None = None
    # Each time (or range) belongs to the meal named nearest before it in its clause, or just after it.
    events = sorted([(r.first.start, "range", r) for r in ranges]
                    + [(t.start, "time", t) for t in times if id(t) not in in_range], key=lambda e: e[0])
    used_names: set[int] = set()
    for position, kind, item in events:
        name_hit = None
        for hit in names:
            if hit.end <= position and not re.search(r"[,;]", text[hit.end:position].replace(" - ", "")) \
                    and id(hit) not in used_names:
                name_hit = hit
        if name_hit is None:
            end = item.second.end if kind == "range" else item.end
            name_hit = next((h for h in names if 0 <= h.start - end <= 3 and id(h) not in used_names), None)
        name = next(k for k, v in MEAL_NAMES.items() if name_hit and name_hit.value == k) if name_hit else None
        if name_hit:
            used_names.add(id(name_hit))
        meal: dict = {}
        if name:
            meal["meal_name"] = name
        if kind == "range":
            start, end = item.start, item.end
            if name in ("Dinner", "Evening snack") and end <= 12 * 60:
                start, end = start + 12 * 60, end + 12 * 60
            meal["earliest_time"], meal["latest_time"] = hhmm(start), hhmm(end)
            previous = end
        else:
            at = _bare(item, name, previous)
            if at is None:
                continue
            meal["scheduled_time"] = hhmm(at)
            if half_window:
                meal["earliest_time"], meal["latest_time"] = hhmm(at - half_window), hhmm(at + half_window)
            previous = at
        if offset:
            meal["notification_offset_minutes"] = -int(offset.group(1))
        if meals and name is None and "scheduled_time" in meal and "scheduled_time" not in meals[-1] \
                and "earliest_time" in meals[-1]:
            meals[-1]["scheduled_time"] = meal["scheduled_time"]  # "lunch 12-2, around 1"
            continue
        meals.append(meal)
    if not meals:
        return found
    meals.sort(key=lambda m: m.get("scheduled_time") or m.get("earliest_time"))
    for number, meal in enumerate(meals, start=1):
        meal = {"meal_number": number, **meal}
        when = meal.get("scheduled_time") or f"{meal.get('earliest_time')}–{meal.get('latest_time')}"
        found.add("meals", meal, f"{meal.get('meal_name', f'Meal {number}')} at {when}")
    if count and len(meals) > count:
        pass  # more meals than planned: shown as typed; validation says the count is wrong
    return found
