"""Steps 9 and 10: energy, stress and sleep; water target and its reminders."""

from __future__ import annotations

import re

from fitapp.domain.interpret import lexicon
from fitapp.domain.interpret.clock import find_ranges, find_times, hhmm
from fitapp.domain.interpret.quantities import amounts, bare_numbers
from fitapp.domain.interpret.result import Context, Found
from fitapp.domain.interpret.text import clauses, has_word, negated
from fitapp.domain.units import fl_oz_to_ml

ASPECTS = {
    "energy_level": ("energy", "energetic", "tired", "exhausted", "fatigued", "drained", "lethargic", "sluggish",
                     "wiped out", "full of beans", "knackered", "worn out", "rested", "energised", "energized",
                     "zombie"),
    "stress_level": ("stress", "stressed", "stressful", "anxious", "anxiety", "pressure", "overwhelmed", "calm",
                     "relaxed", "chill", "chilled", "tense", "frazzled", "burnt out", "burned out", "stressed out"),
    "sleep_quality": ("sleep", "slept", "sleeping", "insomnia", "nights", "sleeper", "asleep"),
}
LEVELS = {
    "energy_level": {
        "low": ("low", "tired", "exhausted", "fatigued", "drained", "lethargic", "sluggish", "wiped out",
                "knackered", "worn out", "no energy", "not much energy", "little energy", "zombie", "always tired",
                "very tired", "poor", "bad", "terrible", "not great", "meh"),
        "medium": ("medium", "ok", "okay", "average", "so-so", "so so", "moderate", "decent", "fine", "normal",
                   "not bad", "alright", "all right", "mid", "up and down", "a bit tired", "bit tired",
                   "somewhat tired", "mixed"),
        "high": ("high", "energetic", "great", "lots of energy", "full of beans", "full of energy", "plenty of energy",
                 "good", "very good", "excellent", "energised", "energized", "buzzing", "strong", "pretty good"),
    },
    "stress_level": {
        "low": ("low", "calm", "relaxed", "not stressed", "no stress", "little stress", "chill", "chilled",
                "not much stress", "hardly any stress", "stress free", "stress-free", "fine", "good", "zen",
                "very low", "not really stressed"),
        "medium": ("medium", "moderate", "a bit stressed", "bit stressed", "some stress", "ok", "okay", "average",
                   "manageable", "so-so", "a little stressed", "somewhat stressed", "normal", "mid",
                   "up and down", "bit of stress", "a little stress"),
        "high": ("high", "very stressed", "stressed", "overwhelmed", "anxious", "a lot of stress", "lots of stress",
                 "stressful", "under pressure", "burnt out", "burned out", "tense", "frazzled", "through the roof",
                 "stressed out", "very high", "crazy", "insane"),
    },
    "sleep_quality": {
        "poor": ("poor", "poorly", "bad", "badly", "terrible", "awful", "insomnia", "don't sleep well",
                 "do not sleep well", "not well", "barely sleep", "hardly sleep", "can't sleep", "rubbish",
                 "horrible", "restless", "wake up a lot", "keep waking up", "really bad"),
        "fair": ("fair", "ok", "okay", "so-so", "so so", "average", "not great", "could be better", "alright",
                 "decent", "meh", "mixed", "hit and miss", "not bad", "not the best"),
        "good": ("good", "well", "pretty well", "fine", "pretty good", "solid", "quite well", "sleep well",
                 "sleep fine", "normal", "soundly"),
        "excellent": ("excellent", "great", "amazing", "like a baby", "like a log", "perfect", "very well",
                      "really well", "fantastic", "very good", "brilliant", "perfectly"),
    },
}
ASPECT_NAMES = {"energy_level": "Energy", "stress_level": "Stress", "sleep_quality": "Sleep"}


def interpret_step9(text: str, ctx: Context) -> Found:
    found = Found()
    parts = clauses(text)
    unattached: list[tuple[str, ...]] = []
    for clause in parts:
        aspects = [hit for hit in lexicon.find(clause.text, ASPECTS)]
        if not aspects:
            level_words = lexicon.values(clause.text, {"x": tuple(w for levels in LEVELS.values()
                                                                   for ws in levels.values() for w in ws)})
            if level_words and len(clause.text.split()) <= 3:
                unattached.append((clause.text,))
            continue
        # Within a clause, each aspect's level is in the words nearest to it ("energy low and stress high").
        for index, aspect in enumerate(aspects):
            key = aspect.value
            lo = aspects[index - 1].end if index else 0
            hi = aspects[index + 1].start if index + 1 < len(aspects) else len(clause.text)
            piece = clause.text[lo:hi]
            level = lexicon.first(piece, LEVELS[key], allow_negated=False)
            if level is None:
                negative = lexicon.find(piece, LEVELS[key])
                if negative and negative[0].negated:
                    level = _flip(key, negative[0].value)
            elif key == "sleep_quality" and negated(piece, level.start):
                level = _flip(key, level.value)
            if level is None and aspect.phrase in LEVELS[key].get("low", ()) + LEVELS[key].get("high", ()):
                level = lexicon.first(aspect.phrase, LEVELS[key])
            if level is not None:
                value = level if isinstance(level, str) else level.value
                found.set(key, value, f"{ASPECT_NAMES[key]}: {value}")
    # "medium, low, good": three bare answers in the question's order.
    if len(unattached) == len(parts) == 3 and not found.answer:
        for key, (piece,) in zip(ASPECTS, unattached):
            level = lexicon.first(piece, LEVELS[key])
            if level:
                found.set(key, level.value, f"{ASPECT_NAMES[key]}: {level.value}")
    for amount in amounts(text):
        if amount.kind == "time" and amount.unit == "hour" and 0 <= amount.value / 60 <= 24:
            hours = round(amount.value / 60, 1)
            found.set("sleep_hours_last_night", hours, f"Slept {hours:g} hours")
            break
    if not found.has("sleep_hours_last_night"):
        match = re.search(r"\bslept\s(?:about |around |maybe |like |only |just )?(\d+(?:\.\d+)?)\b(?!\s?(?:am|pm|:))", text)
        if match and 0 <= float(match.group(1)) <= 24:
            hours = float(match.group(1))
            found.set("sleep_hours_last_night", hours, f"Slept {hours:g} hours")
    return found


def _flip(key: str, value: str) -> str | None:
    """What a negated level means ("not stressed" is low stress, "don't sleep well" is poor sleep)."""
    return {
        "energy_level": {"high": "low", "low": "medium"},
        "stress_level": {"high": "low", "low": "medium"},
        "sleep_quality": {"good": "poor", "excellent": "fair", "poor": "good"},
    }[key].get(value)


TONES = {"gentle": ("gentle", "gently", "soft tone", "be gentle", "be nice", "be kind"),
         "motivational": ("motivational", "motivate", "motivating", "motivate me", "push me", "tough love",
                          "hype me up", "drill sergeant", "cheer me on", "encouraging", "motivation"),
         "minimal": ("minimal", "minimalist", "just a ping", "just a buzz", "no fuss")}
# Words that name a tone only when the clause is about the reminders ("keep the reminders short").
WEAK_TONES = {"gentle": ("soft", "kind", "friendly", "nice", "calm", "polite"),
              "motivational": ("pushy", "energetic", "inspiring", "upbeat"),
              "minimal": ("short", "brief", "simple", "quiet", "plain", "to the point", "subtle")}
_ABOUT_REMINDERS = re.compile(r"\b(remind\w*|reminders?|tone|messages?|notifications?|pings?|nudges?|alerts?|style)\b")
_REMIND = re.compile(r"\b(remind\w*|reminders?|notify|notification\w*|ping me|nudge\w*|alert\w*|prompt me)\b")
_WITH_MEALS = ("with meals", "at meals", "with my meals", "at mealtimes", "at meal times", "with each meal",
               "when i eat", "with food", "around meals", "mealtimes", "meal times")


def interpret_step10(text: str, ctx: Context) -> Found:
    found = Found()
    found_amounts = amounts(text)
    for amount in found_amounts:
        if amount.kind == "volume":
            ml = fl_oz_to_ml(amount.raw) if amount.unit == "fluid_ounce" else round(amount.value)
            if 500 <= ml <= 10000:
                unit_text = "" if amount.unit == "milliliter" else f" ({ml} ml)"
                found.set("daily_water_target_ml", ml, f"{amount.text}{unit_text} a day")
                break
    if not found.has("daily_water_target_ml"):
        for value, start, end in bare_numbers(text, found_amounts):
            # a number alone is millilitres only when it is the answer itself or said to be drunk a day
            alone = re.fullmatch(r"\s*(?:about |around |maybe |roughly )?[\d.]+\s*(?:a day|per day|daily)?[.!]?\s*", text)
            said = re.search(r"\b(?:drink|target|aim for|goal)\b[^,;.]{0,20}$", text[:start]) or \
                re.match(r"\s?(?:a day|per day|daily|of water)\b", text[end:])
            if 500 <= value <= 10000 and (alone or said):
                found.set("daily_water_target_ml", int(value), f"{int(value)} ml a day")
                break
    weight = ctx.answer(0).get("weight_kg")
    if not found.has("daily_water_target_ml") and weight and has_word(
            text, "your suggestion", "what you suggest", "whatever you suggest", "the suggested", "suggested amount",
            "what you recommend", "your recommendation", "recommended amount", "the recommended"):
        from fitapp.domain.validate_lifestyle import suggested_water_ml

        ml = suggested_water_ml(float(weight))
        found.set("daily_water_target_ml", ml, f"{ml} ml a day (suggested)")
    remind = _REMIND.search(text)
    if remind:
        off = negated(text, remind.start()) or re.search(r"\bno\s$", text[:remind.start()])
        found.set("reminder_enabled", not off, "Reminders off" if off else "Reminders on")
    every = re.search(r"\bevery\s(\d+(?:\.\d+)?)\s?(min|mins|minutes|hours?|hrs?|h)\b", text)
    if every:
        value = float(every.group(1)) * (60 if every.group(2).startswith("h") else 1)
        if 15 <= value <= 480:
            found.set("reminder_frequency_minutes", round(value), f"Every {round(value)} minutes")
            found.set("reminder_enabled", True, "Reminders on")
    times = find_times(text) if _ABOUT_REMINDERS.search(text) or re.search(r"\b(from|between|until|till)\b", text) else []
    ranges = find_ranges(text, times, day_window=True)
    if ranges:
        found.set("reminder_start_time", hhmm(ranges[0].start), f"From {hhmm(ranges[0].start)}")
        found.set("reminder_end_time", hhmm(ranges[0].end), f"Until {hhmm(ranges[0].end)}")
    else:
        for mention in times:
            before = text[max(0, mention.start - 10):mention.start]
            value = mention.minutes()
            if value is None:
                value = mention.minutes("am" if re.search(r"\b(from|start|starting)\s", before) else "pm")
            if re.search(r"\b(from|start|starting|after)\s(?:at\s)?$", before):
                found.set("reminder_start_time", hhmm(value), f"From {hhmm(value)}")
            elif re.search(r"\b(until|till|til|to|up to|stop at|end at|before)\s(?:at\s)?$", before):
                found.set("reminder_end_time", hhmm(value), f"Until {hhmm(value)}")
    tone = lexicon.first(text, TONES)
    if tone is None:
        tone = next((hit for clause in clauses(text) if _ABOUT_REMINDERS.search(clause.text)
                     for hit in [lexicon.first(clause.text, WEAK_TONES)] if hit), None)
    if tone:
        found.set("reminder_tone", tone.value, f"Tone: {tone.value}")
    meals = next((m for m in (re.search(rf"\b{re.escape(p)}\b", text) for p in _WITH_MEALS) if m), None)
    if meals:
        off = negated(text, meals.start(), window=4)
        found.set("auto_remind_with_meals", not off, "Not with meals" if off else "Also with meals")
    return found
