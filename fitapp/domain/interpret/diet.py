"""Step 6: diet type, allergies, intolerances, dislikes, religious rules, cuisines, cooking, budget."""

from __future__ import annotations

import re

from fitapp.domain.interpret import lexicon
from fitapp.domain.interpret.quantities import amounts
from fitapp.domain.interpret.result import Context, Found
from fitapp.domain.interpret.text import has_word

DIETS = {
    "omnivore": ("omnivore", "omnivorous", "eat everything", "eat anything", "i eat meat", "eat meat",
                 "meat eater", "no restrictions", "no dietary restrictions", "normal diet", "regular diet",
                 "anything goes", "everything", "a bit of everything"),
    "vegetarian": ("vegetarian", "veggie", "vegetarien", "lacto-ovo", "lacto ovo", "no meat or fish",
                   "don't eat meat or fish", "ovo-lacto"),
    "vegan": ("vegan", "plant-based", "plant based", "plants only", "no animal products", "fully plant"),
    "pescatarian": ("pescatarian", "pescetarian", "fish but no meat", "fish but not meat", "only fish",
                    "vegetarian but eat fish", "vegetarian plus fish", "no meat but fish", "no meat but i eat fish",
                    "veggie plus fish", "fish and seafood but no meat"),
    "keto": ("keto", "ketogenic", "ketosis"),
    "paleo": ("paleo", "paleolithic", "caveman"),
    "mediterranean": ("mediterranean diet",),
}
OTHER_DIETS = ("intermittent fasting", "carnivore", "low carb", "low-carb", "low fodmap", "flexitarian",
               "gluten-free diet", "gluten free diet", "whole30", "raw food", "dash diet", "low fat", "atkins",
               "high protein")
DIET_NAMES = {"omnivore": "Omnivore", "vegetarian": "Vegetarian", "vegan": "Vegan", "pescatarian": "Pescatarian",
              "keto": "Keto", "paleo": "Paleo", "mediterranean": "Mediterranean", "other": "Other"}
CUISINES = ("italian", "indian", "thai", "chinese", "japanese", "mexican", "mediterranean", "greek", "french",
            "spanish", "korean", "vietnamese", "middle eastern", "lebanese", "turkish", "american", "british",
            "caribbean", "african", "ethiopian", "moroccan", "persian", "german", "brazilian", "peruvian",
            "filipino", "indonesian", "malaysian", "asian", "latin american", "polish", "nordic", "cajun",
            "tex-mex", "sushi", "southern", "portuguese", "west african", "jamaican", "pakistani", "sri lankan")
RELIGIOUS = {"halal": ("halal",), "kosher": ("kosher",), "jain": ("jain",), "no pork": ("no pork for religious",),
             "no beef": ("no beef for religious", "hindu")}
COOKING = {
    "beginner": ("can't cook", "cannot cook", "can not cook", "cant cook", "beginner cook", "not a good cook",
                 "bad cook", "terrible cook", "don't cook", "dont cook", "never cook", "novice cook",
                 "learning to cook", "basic cooking", "basic cook", "not much of a cook", "barely cook",
                 "beginner in the kitchen", "cooking beginner", "cooking skills are basic", "hopeless cook"),
    "intermediate": ("decent cook", "okay cook", "ok cook", "average cook", "i can cook", "cook a bit",
                     "intermediate cook", "home cook", "cook most days", "good cook", "can cook", "fine cook",
                     "alright cook", "cooking skills are ok", "reasonable cook", "intermediate in the kitchen"),
    "advanced": ("great cook", "love cooking", "love to cook", "excellent cook", "advanced cook", "chef",
                 "very good cook", "experienced cook", "skilled cook", "amazing cook", "cook from scratch",
                 "advanced in the kitchen", "trained cook", "really good cook"),
}
PREP = {
    "none": ("no meal prep", "don't meal prep", "dont meal prep", "won't meal prep", "no prep", "hate meal prep",
             "no batch cooking", "not meal prep", "never meal prep", "no meal prepping", "not into meal prep"),
    "minimal": ("minimal prep", "minimal meal prep", "a little prep", "a little meal prep", "little meal prep",
                "not much prep", "some prep", "bit of meal prep", "a bit of prep", "light prep", "minimal"),
    "moderate": ("meal prep on sundays", "meal prep on sunday", "happy to meal prep", "meal prep a few times",
                 "batch cook", "batch cooking", "meal prep twice a week", "some meal prep", "moderate prep",
                 "moderate meal prep", "okay with meal prep", "ok with meal prep", "fine with meal prep"),
    "extensive": ("love meal prep", "meal prep everything", "meal prep all my meals", "extensive", "lots of meal prep",
                  "prep all my meals", "prep everything", "big fan of meal prep", "extensive meal prep"),
}
_TRIGGERS = {
    "allergies": r"allergic to|allergy to|allergies to|allergies:|allergy:|allergies are|allergies include|allergic:",
    "intolerances": r"intolerant to|intolerance to|intolerances:|intolerances are|sensitive to|can't tolerate|"
                    r"cannot tolerate|can't digest|sensitivity to",
    "dislikes": r"don't like|dont like|do not like|dislike|dislikes:|hate|can't stand|cant stand|not a fan of|"
                r"not keen on|no|avoid|won't eat|wont eat|don't eat|dont eat|never eat|not into|rather not eat|"
                r"yuck|gross",
}
_SUFFIX = {"allergies": re.compile(r"\b([a-z]+(?: [a-z]+)?) allerg(?:y|ies)\b"),
           "intolerances": re.compile(r"\b([a-z]+) (?:intolerant|intolerance|sensitive|sensitivity)\b")}
_STOP = re.compile(r"\b(i|i'm|im|my|like|love|enjoy|prefer|budget|cook\w*|prep\w*|max|about|around|and i|"
                   r"which|but|diet|vegetarian|vegan|keto|paleo|pescatarian|omnivore|halal|kosher|"
                   r"allergic|intolerant|lactose intolerant|"
                   r"\$|usd|dollars|a day|per day|minutes|mins|cuisines?|food|foods|really|also)\b")
_NOT_FOOD = {"restrictions", "allergies", "allergy", "idea", "budget", "time", "preference", "preferences",
             "meal prep", "prep", "cooking", "intolerances", "dislikes", "problem", "problems", "issues", "limit",
             "meat", "meat or fish", "animal products", "meat but fish", "dietary restrictions", "thanks",
             "thank you", "", "nothing", "none", "one", "more", "clue", "way", "fish", "meal", "meals"}


def _items(segment: str) -> list[str]:
    cut = _STOP.search(segment)
    if cut:
        segment = segment[:cut.start()]
    parts = re.split(r"\s*(?:,|\band\b|\bor\b|&|/|\bnor\b)\s*", segment)
    items = []
    for part in parts:
        item = re.sub(r"^(?:any|all|most|some|too much|the|a|an|raw|fresh|kinds of)\s+", "", part.strip(" .!;:"))
        if item and item not in _NOT_FOOD and len(item) <= 100 and len(item.split()) <= 3:
            items.append(item)
    return items


def _lists(text: str, found: Found) -> None:
    pattern = re.compile("|".join(rf"(?P<{key}>\b(?:{alternatives})(?![a-z]))" for key, alternatives in _TRIGGERS.items()))
    matches = list(pattern.finditer(text))
    for index, match in enumerate(matches):
        key = match.lastgroup
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        segment = re.split(r"[;.!?\n]", text[match.end():end])[0]
        for item in _items(segment):
            if key == "dislikes" and (item in CUISINES or lexicon.first(item, DIETS)):
                continue
            found.add(key, item, f"{ {'allergies': 'Allergy', 'intolerances': 'Intolerance', 'dislikes': 'Avoid'}[key] }: {item}")
    for key, suffix in _SUFFIX.items():
        for match in suffix.finditer(text):
            item = re.sub(r"^(?:a|an|my|the|have|severe|mild|bad)\s+", "", match.group(1))
            if item not in _NOT_FOOD and item not in ("food", "have", "an", "a"):
                found.add(key, item, f"{'Allergy' if key == 'allergies' else 'Intolerance'}: {item}")


def interpret_step6(text: str, ctx: Context) -> Found:
    found = Found()
    diet = lexicon.first(text, DIETS)
    if diet is None and has_word(text, "mediterranean") and not re.search(r"mediterranean (?:food|cuisine|dishes)", text) \
            and not re.search(r"\b(like|love|enjoy|prefer|fan of)\b[^,;.]*mediterranean", text):
        diet = lexicon.Hit("mediterranean", "mediterranean", 0, 0, False, True)
    no_meat = re.search(r"\b(?:no|don't eat|dont eat|do not eat|not eating|never eat|without)\s(?:any\s)?(?:red\s)?meat\b", text)
    if diet is None and no_meat and re.search(r"\b(?:eat|but|except|only)\b[^;.]*\b(?:fish|seafood)\b", text[no_meat.end():]):
        diet = lexicon.Hit("pescatarian", "no meat but fish", no_meat.start(), no_meat.end(), False, True)
    if diet:
        found.set("diet_type", diet.value, DIET_NAMES[diet.value])
    else:
        other = next((phrase for phrase in OTHER_DIETS if has_word(text, phrase)), None)
        if other:
            found.set("diet_type", "other", "Other diet")
            found.set("diet_type_other", other, f"Diet: {other}")
    _lists(text, found)
    for name, phrases in RELIGIOUS.items():
        if has_word(text, *phrases):
            found.add("religious_restrictions", name, f"Religious: {name}")
    disliked = set(found.answer.get("dislikes", []))
    diet_words = {"mediterranean"} if found.answer.get("diet_type") == "mediterranean" else set()
    for hit in lexicon.find(text, {c: (c,) for c in CUISINES}):
        if hit.negated or hit.value in disliked or hit.value in diet_words:
            continue
        found.add("preferred_cuisines", hit.value, f"Likes {hit.value.title()} food")
    skill = lexicon.first(text, COOKING)
    if skill is None and (m := re.search(r"\b(beginner|intermediate|advanced)\b[^,;.]{0,20}\b(cook|cooking|kitchen)|"
                                         r"\b(cook|cooking|kitchen)\b[^,;.]{0,20}\b(beginner|intermediate|advanced)\b", text)):
        skill = lexicon.Hit(m.group(1) or m.group(4), "", 0, 0, False, True)
    if skill:
        found.set("cooking_skill_level", skill.value, f"Cooking: {skill.value}")
    prep = lexicon.first(text, PREP, allow_negated=False)
    if prep:
        found.set("meal_prep_willingness", prep.value, f"Meal prep: {prep.value}")
    for amount in amounts(text):
        context = text[max(0, amount.start - 30):amount.end + 30]
        if amount.kind == "time" and re.search(r"\b(prep\w*|cook\w*|make|making|per meal|kitchen|max)\b", context):
            minutes = round(amount.value)
            if 1 <= minutes <= 600:
                found.set("max_meal_prep_time_minutes", minutes, f"Up to {minutes} minutes cooking")
        elif amount.kind == "money" and amount.unit == "usd":
            per = 7 if re.search(r"\b(a|1|per|each|every) week\b|/ ?week|weekly", context) else \
                30 if re.search(r"\b(a|1|per|each|every) month\b|/ ?month|monthly", context) else 1
            budget = round(amount.value / per, 2)
            if 0 <= budget <= 9999.99:
                found.set("budget_per_day_usd", budget, f"Budget ${budget:g} a day")
    return found
