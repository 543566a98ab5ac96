"""Steps 2 and 3: goals (with targets and the why) and health (PAR-Q, injuries, limitations)."""

from __future__ import annotations

import re

from fitapp.domain.interpret import lexicon
from fitapp.domain.interpret.quantities import amounts, bare_numbers
from fitapp.domain.interpret.result import Context, Found
from fitapp.domain.interpret.text import as_typed, clauses, has_word, negated
from fitapp.domain.units import lb_to_kg

GOALS = {
    "fat_loss": ("lose fat", "fat loss", "lose weight", "weight loss", "lose some weight", "lose a bit of weight",
                 "lose belly fat", "lose the belly", "slim down", "get lean", "get leaner", "lean out", "burn fat",
                 "drop weight", "drop some weight", "shed weight", "shed some pounds", "shed pounds", "get thinner",
                 "cut", "cutting", "lose", "drop", "slimmer", "lose body fat", "drop fat", "fat_loss", "weightloss"),
    "muscle_gain": ("build muscle", "gain muscle", "muscle gain", "build some muscle", "put on muscle", "add muscle",
                    "bulk", "bulk up", "bulking", "get bigger", "get jacked", "get swole", "gain mass",
                    "build mass", "hypertrophy", "muscle", "muscles", "more muscle", "muscle_gain", "gain size"),
    "general_fitness": ("general fitness", "get fit", "get fitter", "be fitter", "fitter", "be healthier",
                        "get healthier", "healthier", "stay healthy", "overall health", "feel better",
                        "get in shape", "in shape", "general health", "keep fit", "stay fit", "be healthy",
                        "all-round fitness", "all round fitness", "general_fitness", "fitness", "overall fitness"),
    "strength": ("stronger", "get stronger", "strength", "get strong", "lift heavier", "be strong"),
    "endurance": ("endurance", "stamina", "run a marathon", "marathon", "half marathon", "run longer",
                  "run further", "10k", "5k", "aerobic", "cardio fitness", "triathlon"),
    "flexibility": ("flexible", "more flexible", "flexibility", "mobility", "more mobile", "stretch",
                    "stretching", "touch my toes", "posture"),
    "athletic_performance": ("athletic performance", "perform better", "sports performance", "better at my sport",
                             "for my sport", "for football", "for soccer", "for basketball", "for tennis",
                             "athletic", "speed and agility", "sport"),
}
GOAL_NAMES = {"fat_loss": "Fat loss", "muscle_gain": "Muscle gain", "general_fitness": "General fitness",
              "strength": "Strength", "endurance": "Endurance", "flexibility": "Flexibility",
              "athletic_performance": "Athletic performance"}
_PRIMARY = ("fat_loss", "muscle_gain", "general_fitness")
_SECONDARY_CUES = re.compile(r"\b(maybe|also|secondary|second|bit of|a little|plus|too|as well|side)\b")
_WHY = re.compile(r"\b(?:because|cause|'cause|since|as i|so (?:that )?i can|so i|i want to be able to|for my|for the|"
                  r"my reason is|reason:|why:)\s(.+)", re.IGNORECASE)
_WEEKS_PER_MINUTE = 1 / (7 * 24 * 60)


def _goal_codes(ctx: Context) -> tuple[set[str], set[str]]:
    ref = ctx.reference
    if ref and ref.goal_categories:
        return set(ref.primary_goal_codes), set(ref.secondary_goal_codes)
    return set(_PRIMARY), set(GOALS)


def interpret_step2(text: str, ctx: Context, raw: str = "") -> Found:
    found = Found()
    primary_ok, secondary_ok = _goal_codes(ctx)
    hits = [hit for hit in lexicon.find(text, GOALS) if not hit.negated]
    # "mostly lose fat, maybe get more flexible": a hedged goal is the secondary one.
    main = [h for h in hits if not _SECONDARY_CUES.search(text[max(0, h.start - 14):h.start])]
    ordered = main + [h for h in hits if h not in main]
    primary = next((h.value for h in ordered if h.value in primary_ok), None)
    if primary:
        found.set("primary_goal", primary, f"Main goal: {GOAL_NAMES[primary]}")
    secondary = next((h.value for h in ordered if h.value != primary and h.value in secondary_ok
                      and (primary or h.value not in primary_ok)), None)
    if secondary:
        found.set("secondary_goal", secondary, f"Also: {GOAL_NAMES[secondary]}")
    _targets(text, ctx, found)
    explanation = _WHY.search(raw or text)
    if explanation:
        why = explanation.group(0).strip().rstrip(".!")
        if len(why.split()) >= 3:
            found.set("user_explanation", why[:1000], f"Why: {why[:60]}")
    return found


def _targets(text: str, ctx: Context, found: Found) -> None:
    current = ctx.answer(0).get("weight_kg")
    imperial = ctx.units == "imperial"
    found_amounts = amounts(text)
    for amount in found_amounts:
        before, after = text[max(0, amount.start - 22):amount.start], text[amount.end:amount.end + 14]
        if amount.kind == "mass":
            kg = lb_to_kg(amount.raw) if amount.unit in ("pound", "stone") else round(amount.value, 1)
            if re.search(r"\bof muscle|\bmuscle\b", after) or (re.search(r"\b(gain|add|put on|build)\b", before)
                                                                  and has_word(text, "muscle")):
                found.set("target_muscle_gain_kg", kg, f"Gain {amount.text} of muscle")
            elif re.search(r"\b(lose|drop|shed|lost|losing|down by)\s(?:about |around |like )?$", before):
                if current:
                    target = round(float(current) - kg, 1)
                    found.set("target_weight_kg", target, f"Lose {amount.text} (target {target:g} kg)")
            elif re.search(r"\b(gain|put on|add)\s(?:about |around )?$", before):
                if current:
                    target = round(float(current) + kg, 1)
                    found.set("target_weight_kg", target, f"Gain {amount.text} (target {target:g} kg)")
            else:
                found.set("target_weight_kg", kg, f"Target weight {amount.text}" + ("" if amount.unit == "kilogram" else f" ({kg:g} kg)"))
        elif amount.kind == "time" and amount.unit in ("week", "month", "year", "day") and (
                re.search(r"\b(in|within|over|by|next|for|about|around|timeline|timeframe|of)\s(?:the\s)?(?:next\s)?(?:about\s|around\s)?$", before)
                or re.match(r"\s?(?:timeline|plan|program|programme|time|from now)\b", after)):
            weeks = round(amount.value * _WEEKS_PER_MINUTE)
            if 1 <= weeks <= 520:
                found.set("target_timeline_weeks", weeks, f"In {amount.text}" + ("" if amount.unit == "week" else f" ({weeks} weeks)"))
        elif amount.kind == "percent" and re.search(r"body ?fat|\bbf\b|fat", text[max(0, amount.start - 20):amount.end + 15]):
            found.set("target_body_fat_percentage", amount.value, f"Body fat {amount.value:g} %")
    if not found.has("target_weight_kg") and ctx.units:
        for value, start, end in bare_numbers(text, found_amounts):
            if re.search(r"\b(get to|get down to|down to|reach|target|target weight|weigh|to)\s$", text[max(0, start - 16):start]):
                kg = lb_to_kg(value) if imperial else round(value, 1)
                if 30 <= kg <= 300:
                    unit = "lb" if imperial else "kg"
                    found.set("target_weight_kg", kg, f"Target weight {value:g} {unit}" + (f" ({kg:g} kg)" if imperial else ""))
                    break


PARQ_TERMS = {
    "heart_condition": ("heart condition", "heart problem", "heart problems", "heart disease", "heart issue",
                        "heart issues", "arrhythmia", "heart murmur", "bad heart", "heart failure", "afib",
                        "heart attack", "cardiac condition"),
    "chest_pain_activity": ("chest pain when i exercise", "chest pain during exercise", "chest pain when exercising",
                            "chest pain when i run", "chest hurts when i run", "chest hurts when i exercise",
                            "chest pain with activity", "chest pain during activity", "chest pain on exertion",
                            "chest pain when i work out", "chest pain when active"),
    "chest_pain_rest": ("chest pain at rest", "chest pain when resting", "chest pain while resting",
                        "chest pain even at rest", "chest pain when not exercising", "chest pains at rest"),
    "dizziness": ("dizzy", "dizziness", "dizzy spells", "faint", "fainting", "fainted", "lose my balance",
                  "lose balance", "pass out", "passed out", "black out", "blackouts", "vertigo",
                  "lose consciousness", "lost consciousness"),
    "bone_joint": ("joint problem", "joint problems", "bone problem", "arthritis", "osteoporosis", "joint pain",
                   "bad joints", "bone or joint", "joint issues", "osteoarthritis"),
    "bp_medication": ("blood pressure pills", "blood pressure medication", "blood pressure meds",
                      "blood pressure tablets", "bp meds", "bp medication", "bp pills", "beta blockers",
                      "heart medication", "heart meds", "hypertension medication", "hypertension meds",
                      "medication for my blood pressure", "meds for my blood pressure",
                      "pills for my blood pressure", "tablets for blood pressure", "blood pressure medicine"),
    "other_reason": ("pregnant", "pregnancy", "recent surgery", "just had surgery", "doctor told me not to",
                     "doctor said not to", "doctor says i shouldn't", "epilepsy", "seizures"),
}
PARQ_NAMES = {"heart_condition": "heart condition", "chest_pain_activity": "chest pain in activity",
              "chest_pain_rest": "chest pain at rest", "dizziness": "dizziness or loss of balance",
              "bone_joint": "bone or joint problem", "bp_medication": "blood-pressure or heart medication",
              "other_reason": "another reason not to exercise"}
ALL_NO = {"no": ("no to all", "no to everything", "all no", "no to all of them", "none of them", "none of those",
                 "none of the above", "none of these", "no problems", "no health problems", "no health issues",
                 "no medical issues", "no medical conditions", "no conditions", "all good", "all fine",
                 "perfectly healthy", "completely healthy", "i'm healthy", "im healthy", "no to the rest",
                 "no issues", "all clear", "no to the health questions", "nothing wrong", "nothing wrong with me",
                 "fit and healthy", "no health concerns", "no to those", "rest no",
                 "everything else no", "otherwise no")}
# A one-word "no" answers the questions only when it stands alone ("no", "nope, bad knee"), not in "no idea".
BARE_NO = re.compile(r"\s*(?:no|nope|nah|none|nothing|healthy|no thanks|no to all)\s*[.!]*\s*")
NO_INJURY = ("no injuries", "no injury", "not injured", "never been injured", "injury free", "injury-free",
             "no current injuries", "nothing injured", "no injuries or limitations", "no limitations")
AREAS = {
    "knee": ("knee", "knees", "acl", "meniscus", "kneecap"),
    "back": ("back", "lower back", "upper back", "spine", "herniated disc", "slipped disc", "sciatica", "lumbar"),
    "shoulder": ("shoulder", "shoulders", "rotator cuff"),
    "hip": ("hip", "hips"),
    "ankle": ("ankle", "ankles", "achilles"),
    "wrist": ("wrist", "wrists", "carpal tunnel"),
    "neck": ("neck",),
    "elbow": ("elbow", "elbows", "tennis elbow", "golfer's elbow"),
    "other": ("hamstring", "foot", "feet", "shin", "shins", "groin", "calf", "plantar fasciitis", "toe", "thumb"),
}
SEVERITY = {"mild": ("mild", "mildly", "slight", "slightly", "minor", "a little", "a bit", "niggle", "niggly"),
            "moderate": ("moderate", "moderately", "medium", "quite bad", "fairly bad", "pretty bad"),
            "severe": ("severe", "severely", "serious", "really bad", "very bad", "terrible", "torn", "major")}
_HURT = re.compile(r"\b(bad|injur\w*|hurt\w*|pain\w*|sore|tear|torn|sprain\w*|broke|broken|fractur\w*|weak|dodgy|"
                   r"problem\w*|issue\w*|surgery|operation|operated|tendinitis|tendonitis|strain\w*|stiff|"
                   r"replacement|reconstruction|ache\w*|trouble|niggle|recovering|rehab|bursitis|dislocat\w*)\b")
# Names of conditions that are an injury by themselves ("tennis elbow, mild").
CONDITIONS = ("tennis elbow", "golfer's elbow", "sciatica", "herniated disc", "slipped disc", "plantar fasciitis",
              "carpal tunnel", "acl", "meniscus", "rotator cuff", "achilles")
_HEALED = re.compile(r"\b(fine now|ok now|okay now|healed|recovered|fully recovered|no problems now|doesn't bother me|"
                     r"no issues now|all good now|better now)\b")
_LIMITATION = re.compile(r"\b(can't|cannot|can not|unable to|avoid|shouldn't|not allowed|asthma|limited|"
                         r"no (?:jumping|running|high impact|overhead|heavy lifting|impact)|mustn't|struggle to)\b")


def interpret_step3(text: str, ctx: Context) -> Found:
    found = Found()
    for hit in lexicon.find(text, PARQ_TERMS):
        if not found.has("parq") or hit.value not in found.answer["parq"]:
            said = not hit.negated
            found.set_in("parq", hit.value, said, f"{'Yes' if said else 'No'}: {PARQ_NAMES[hit.value]}")
    if not found.has("parq") or "bp_medication" not in found.answer["parq"]:
        for sentence in re.split(r"[;.!?\n]", text):
            if re.search(r"\b(blood pressure|hypertension|heart)\b", sentence) and \
                    re.search(r"\b(medication|medicine|meds|pills|tablets|prescribed)\b", sentence) \
                    and not negated(sentence, re.search(r"\b(medication|medicine|meds|pills|tablets|prescribed)\b", sentence).start()):
                found.set_in("parq", "bp_medication", True, f"Yes: {PARQ_NAMES['bp_medication']}")
                break
    if has_word(text, *NO_INJURY):
        found.empty_list("injuries", "No injuries")
    injury_clauses: set[int] = set()
    parts = clauses(text)
    for index, clause in enumerate(parts):
        area_hit = lexicon.first(clause.text, AREAS)
        if area_hit is None or not (_HURT.search(clause.text) or lexicon.first(clause.text, SEVERITY)
                                    or area_hit.phrase in CONDITIONS):
            continue
        following = parts[index + 1].text if index + 1 < len(parts) else ""
        if _HEALED.search(clause.text) or _HEALED.search(following):
            continue  # an old injury the user says no longer bothers them
        if negated(clause.text, area_hit.start) and not _HURT.search(clause.text[area_hit.end:]):
            continue
        severity = lexicon.first(clause.text, SEVERITY)
        if severity is None and index + 1 < len(parts) and len(parts[index + 1].text.split()) <= 3:
            severity = lexicon.first(parts[index + 1].text, SEVERITY)
        # "I get dizzy and my lower back hurts": the injury is the part of the clause about the area
        piece = next((p for p in re.split(r"\s(?:and|&)\s", clause.text) if lexicon.first(p, AREAS)), clause.text)
        description = as_typed(ctx.raw, _describe(piece, severity.phrase if severity else None))
        injury = {"area": area_hit.value, "description": description}
        if severity:
            injury = {"area": area_hit.value, "severity": severity.value, "description": description}
        if found.answer.get("injuries") == []:
            continue
        found.add("injuries", injury, f"Injury: {description}" + (f" ({severity.value})" if severity else ""))
        injury_clauses.add(index)
    parq_said = found.answer.get("parq", {})
    for index, clause in enumerate(parts):
        if index in injury_clauses or lexicon.find(clause.text, PARQ_TERMS):
            continue
        if _LIMITATION.search(clause.text) and not has_word(clause.text, *NO_INJURY):
            limitation = as_typed(ctx.raw, clause.text.strip())
            found.add("limitations", limitation, f"Limitation: {limitation}")
            injury_clauses.add(index)
    # "no" / "none of those" answers the questions it does not name; "no injuries" or "no heart
    # problems" speak only of what they name, so their clauses are left out of that reading.
    rest = " , ".join(c.text for i, c in enumerate(parts) if i not in injury_clauses
                      and not lexicon.find(c.text, PARQ_TERMS) and not has_word(c.text, *NO_INJURY))
    alone = any(BARE_NO.fullmatch(c.text) for i, c in enumerate(parts) if i not in injury_clauses)
    if lexicon.first(rest, ALL_NO) or alone:
        for key in PARQ_NAMES:
            if key not in parq_said:
                found.set_in("parq", key, False, f"No: {PARQ_NAMES[key]}")
    return found


def _describe(clause: str, severity: str | None) -> str:
    """The injury as the user put it, without the word that said how bad it is ("bad left knee").

    A severity that is also what happened ("torn") stays in the description.
    """
    text = clause
    if severity and severity not in ("torn", "terrible", "really bad", "very bad", "quite bad", "pretty bad"):
        text = re.sub(rf"(?:,\s*)?(?:it's\s|it is\s)?\b{re.escape(severity)}\b(?:\s(?:now|ish))?", "", text, count=1)
    return " ".join(text.split()).strip(" ,.;")[:500] or clause.strip()[:500]
