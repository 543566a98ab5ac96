"""Every onboarding step's answer fields, with their types, defined once.

Each field says what the step's rules read it as (AnswerReader: yes/no, a choice, a whole number, a
decimal in its ``ranges.LIMITS`` range, a capped text, a time, a date, a capped list, an object), whether
it is required, and its caps. The step rules take their keys and caps from here, and the REST API
generates its per-step answer schemas from here (``api/answer_schemas.py``), so what a client reads
in the OpenAPI is what the rules check. What a field definition cannot say (a rule across fields,
across steps or against reference data) is written in the step's ``also_checked``: the rules in
``validate_*.py`` remain the one judge, and their refusal is the one a client gets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from fitapp.domain import choices as ch
from fitapp.domain.answer_reader import MAX_ITEMS
from fitapp.domain.ranges import LIMITS, Limits

Kind = Literal["boolean", "choice", "integer", "number", "text", "time", "date", "list", "object", "derived"]

# Step 2: why this goal; step 6: notes and the diet in words.
MAX_EXPLANATION_CHARS = 1000
MAX_NOTES_CHARS = 2000
MAX_DIET_OTHER_CHARS = 100
# An injury's description and one limitation: the spec's "description ≤ 500 chars".
MAX_DESCRIPTION_CHARS = 500
# How many injuries and limitations one person lists (the spec sets no number; a person with
# more has a case for a doctor, not a form): each becomes a physical_constraints row.
MAX_INJURIES = 20
MAX_LIMITATIONS = 20
# Step 6's food lists: at most 50 items once trimmed, lower-cased and de-duplicated, each at most
# 100 characters; duplicates are dropped before the cap is counted, so the list sent may hold twice that.
MAX_LIST_ITEMS = 50
MAX_LIST_ITEM_CHARS = 100
MAX_TIME_ZONE_CHARS = 64
MAX_MEAL_NAME_CHARS = 50
MAX_EQUIPMENT_SLUG_CHARS = 64
MAX_MEALS_PER_DAY = int(LIMITS["meals_per_day"].hi)
# The shape of an IANA zone name ("Europe/Berlin", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5"); which
# names exist is the server's tz database (clock.known_time_zones), checked by the rule.
TIME_ZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$"
# A time of day as the rules read it ("7:30", "07:30" and "07:30:00" are all 07:30).
TIME_PATTERN = r"^([01]?\d|2[0-3]):([0-5]\d)(:00)?$"


@dataclass(frozen=True)
class AnswerField:
    """One field of an answer (or of an item in one of its lists) as the step's rules read it.

    ``None`` and blank text count as not given, so an optional field may be null; ``places`` is
    how a decimal is rounded before its range is checked again (an open bound then excludes a
    value that rounds onto it)."""

    key: str
    kind: Kind
    required: bool = True
    limits: Limits | None = None
    places: int = 2
    choices: tuple[str, ...] = ()
    only: Any = None  # the one value accepted (consent and confirm: true)
    max_length: int | None = None
    multiline: bool = False  # free text: keeps tabs and line breaks
    pattern: str | None = None  # a text's shape, when it has one (a time zone name)
    item: AnswerField | None = None  # a list's items
    min_items: int = 0
    max_items: int | None = None
    fields: tuple[AnswerField, ...] = ()  # an object's fields
    note: str = ""  # what else the rules check about this field

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(field.key for field in self.fields)

    def field(self, key: str) -> AnswerField:
        return next(found for found in self.fields if found.key == key)


@dataclass(frozen=True)
class StepFields:
    """One step's answer: its fields, and what its rules check beyond each field on its own."""

    step: int
    fields: tuple[AnswerField, ...]
    also_checked: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(field.key for field in self.fields)

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(field.key for field in self.fields if field.required)

    def field(self, key: str) -> AnswerField:
        return next(found for found in self.fields if found.key == key)


def _choice(key: str, options: ch.Choices | tuple[str, ...], required: bool = True, note: str = "") -> AnswerField:
    values = ch.values(options) if options and isinstance(options[0], tuple) else tuple(options)  # type: ignore[arg-type]
    return AnswerField(key, "choice", required, choices=values, note=note)


def _ranged(key: str, kind: Kind, required: bool = True, limits: str | None = None, places: int = 2,
            note: str = "") -> AnswerField:
    return AnswerField(key, kind, required, limits=LIMITS[limits or key], places=places, note=note)


def _text(key: str, max_length: int, required: bool = True, multiline: bool = False, note: str = "") -> AnswerField:
    return AnswerField(key, "text", required, max_length=max_length, multiline=multiline, note=note)


def _food_list(key: str) -> AnswerField:
    return AnswerField(
        key, "list", False, item=_text(key, MAX_LIST_ITEM_CHARS, multiline=True), max_items=2 * MAX_LIST_ITEMS,
        note=f"Trimmed, lower-cased and de-duplicated; at most {MAX_LIST_ITEMS} items once duplicates are dropped.",
    )


_GRAMS = "Required when the proposal is adjusted (accept_proposal false)."
_DERIVED = "Stored with the answer and accepted back, but always recomputed: a value sent is ignored."

STEP_FIELDS: tuple[StepFields, ...] = (
    StepFields(0, (
        AnswerField("consent", "boolean", only=True, note="Consent to the processing of health data: must be true."),
        _choice("units", ch.UNITS),
        _choice("sex", ch.SEXES),
        AnswerField("birth_date", "date", note="An age of 16 to 100 on the user's own calendar day."),
        _ranged("height_cm", "number"),
        _ranged("weight_kg", "number"),
        AnswerField("time_zone", "text", max_length=MAX_TIME_ZONE_CHARS, pattern=TIME_ZONE_PATTERN,
                    note="An IANA time zone name known to the server, like Europe/Berlin."),
    ), (
        "birth_date: an age of 16 to 100 today, in the answer's time zone",
        "time_zone: a zone of the server's tz database",
    )),
    StepFields(1, (
        _choice("fitness_level", ch.FITNESS_LEVELS, note="One of ref_fitness_levels."),
        _choice("activity_level", ch.ACTIVITY_LEVELS),
    )),
    StepFields(2, (
        _choice("primary_goal", ch.PRIMARY_GOALS, note="A goal ref_goal_categories allows as primary."),
        _choice("secondary_goal", ch.GOAL_CATEGORIES, required=False,
                note="A goal ref_goal_categories allows as secondary, not the primary one."),
        _ranged("target_weight_kg", "number", required=False),
        _ranged("target_body_fat_percentage", "number", required=False),
        _ranged("target_muscle_gain_kg", "number", required=False),
        _ranged("target_timeline_weeks", "integer", required=False),
        _text("user_explanation", MAX_EXPLANATION_CHARS, required=False, multiline=True),
    ), (
        "secondary_goal: not the primary goal, and fat_loss never with muscle_gain",
        "target_weight_kg: below the current weight (step 0) for fat_loss, not below it for muscle_gain",
        "target_weight_kg, target_timeline_weeks: a safe pace, losing at most 1 % of the current weight a week",
        "target_muscle_gain_kg, target_timeline_weeks: gaining at most 0.5 kg a week",
    )),
    StepFields(3, (
        AnswerField("parq", "object", fields=tuple(AnswerField(key, "boolean") for key in ch.values(ch.PARQ_QUESTIONS)),
                    note="The seven PAR-Q readiness questions, each answered yes (true) or no (false)."),
        AnswerField("injuries", "list", False, max_items=MAX_INJURIES, item=AnswerField("injury", "object", fields=(
            _choice("area", ch.INJURY_AREAS),
            _choice("severity", ch.SEVERITIES),
            _text("description", MAX_DESCRIPTION_CHARS, required=False, multiline=True),
        ))),
        AnswerField("limitations", "list", False, max_items=MAX_LIMITATIONS,
                    item=_text("limitations", MAX_DESCRIPTION_CHARS, multiline=True)),
    )),
    StepFields(4, (
        _choice("workout_location", ch.WORKOUT_LOCATIONS),
        AnswerField("available_equipment", "list", max_items=MAX_ITEMS,
                    item=_text("available_equipment", MAX_EQUIPMENT_SLUG_CHARS),
                    note='Slugs of ref_equipment_types; "none" (or an empty list) for no equipment.'),
        _ranged("max_workout_duration_minutes", "integer"),
    ), ("available_equipment: slugs that exist in ref_equipment_types, and \"none\" only on its own",)),
    StepFields(5, (
        AnswerField("workout_days", "list", min_items=1, max_items=len(ch.WEEKDAYS),
                    item=_choice("workout_days", ch.WEEKDAYS)),
        AnswerField("preferred_workout_time", "time"),
        _ranged("preferred_workout_duration_minutes", "integer",
                note="At most the longest workout of step 4."),
        AnswerField("workout_reminder_enabled", "boolean"),
        _ranged("reminder_offset_minutes", "integer", required=False),
        _choice("rest_day_preference", ch.REST_DAY_PREFERENCES),
    ), ("preferred_workout_duration_minutes: at most step 4's max_workout_duration_minutes",)),
    StepFields(6, (
        _choice("diet_type", ch.DIET_TYPES),
        _text("diet_type_other", MAX_DIET_OTHER_CHARS, required=False, note='Required exactly when diet_type is "other".'),
        *(_food_list(key) for key in ("allergies", "intolerances", "dislikes", "religious_restrictions",
                                      "preferred_cuisines")),
        _choice("cooking_skill_level", ch.COOKING_SKILLS, required=False),
        _choice("meal_prep_willingness", ch.MEAL_PREP_WILLINGNESS, required=False),
        _ranged("max_meal_prep_time_minutes", "integer", required=False),
        _ranged("budget_per_day_usd", "number", required=False),
        _text("additional_notes", MAX_NOTES_CHARS, required=False, multiline=True),
    ), (
        'diet_type_other: given exactly when diet_type is "other"',
        f"allergies, intolerances, dislikes, religious_restrictions, preferred_cuisines: at most {MAX_LIST_ITEMS} "
        "items once trimmed, lower-cased and de-duplicated",
    )),
    StepFields(7, (
        _ranged("meals_per_day", "integer"),
        AnswerField("accept_proposal", "boolean",
                    note="true takes the coach's proposal; false adjusts it with the four targets below."),
        _ranged("daily_calories_target", "integer", required=False, note=_GRAMS),
        _ranged("protein_grams_target", "number", False, "macro_grams", places=1, note=_GRAMS),
        _ranged("carbs_grams_target", "number", False, "macro_grams", places=1, note=_GRAMS),
        _ranged("fats_grams_target", "number", False, "macro_grams", places=1, note=_GRAMS),
        *(AnswerField(key, "derived", False, note=_DERIVED) for key in (
            "daily_calories_min", "daily_calories_max", "protein_percentage", "carbs_percentage",
            "fats_percentage", "plan_rationale")),
    ), (
        "needs the answers of steps 0, 1, 2, 5 and 6 (the coach's proposal is computed from them)",
        "accept_proposal true: any targets sent must be the proposal's",
        "accept_proposal false: the four targets are required, and protein·4 + carbs·4 + fat·9 within 50 kcal "
        "of daily_calories_target",
    )),
    StepFields(8, (
        AnswerField("meals", "list", min_items=int(LIMITS["meals_per_day"].lo), max_items=MAX_MEALS_PER_DAY, item=AnswerField("meal", "object", fields=(
            AnswerField("meal_number", "integer", limits=Limits(1, MAX_MEALS_PER_DAY, whole=True),
                        note="1 to step 7's meals_per_day."),
            _text("meal_name", MAX_MEAL_NAME_CHARS),
            AnswerField("scheduled_time", "time"),
            AnswerField("earliest_time", "time"),
            AnswerField("latest_time", "time"),
            _ranged("notification_offset_minutes", "integer", required=False),
        ))),
    ), (
        "meals: one per meal of step 7's meals_per_day, numbered 1 to meals_per_day, each number once",
        "meals.N: earliest_time < scheduled_time < latest_time, and the windows of different meals do not overlap",
    )),
    StepFields(9, (
        _choice("energy_level", ch.ENERGY_LEVELS),
        _choice("stress_level", ch.STRESS_LEVELS),
        _choice("sleep_quality", ch.SLEEP_QUALITIES),
        _ranged("sleep_hours_last_night", "number", required=False, places=1),
    )),
    StepFields(10, (
        _ranged("daily_water_target_ml", "integer"),
        AnswerField("reminder_enabled", "boolean"),
        _ranged("reminder_frequency_minutes", "integer", required=False),
        AnswerField("reminder_start_time", "time", False, note="08:00 when not given."),
        AnswerField("reminder_end_time", "time", False, note="22:00 when not given."),
        _choice("reminder_tone", ch.REMINDER_TONES, required=False),
        AnswerField("auto_remind_with_meals", "boolean", required=False),
    ), ("reminder_start_time, reminder_end_time: the window starts before it ends",)),
    StepFields(11, (
        AnswerField("confirm", "boolean", only=True, note="true confirms and locks the plan."),
    ), ("every step 0–10 answered and still valid against the others",)),
)


def step_fields(step: int) -> StepFields:
    return STEP_FIELDS[step]


def keys_of(step: int) -> tuple[str, ...]:
    """The keys a step's answer takes (any other key is refused)."""
    return STEP_FIELDS[step].keys


def walk(fields: tuple[AnswerField, ...], path: str = "") -> Iterator[tuple[str, AnswerField]]:
    """Every field with its path ("parq.dizziness", "meals.*.meal_name"), lists' items as ``*``."""
    for found in fields:
        here = f"{path}{found.key}"
        yield here, found
        if found.kind == "object":
            yield from walk(found.fields, f"{here}.")
        if found.item is not None:
            yield f"{here}.*", found.item
            if found.item.kind == "object":
                yield from walk(found.item.fields, f"{here}.*.")


# A lifestyle check-in (issue 15): step 9's fields plus where it came from.
CHECK_IN_SOURCES = ("user_input", "wearable", "system")
CHECK_IN_FIELDS = (*STEP_FIELDS[9].fields, _choice("data_source", CHECK_IN_SOURCES, required=False,
                                                   note="user_input when not given."))
