"""The closed lists an onboarding answer may pick from, with the labels the coach shows.

Each list is an ordered tuple of ``(value, label)`` so the UI can render chips in a stable
order, and the values are exactly the seed schema's CHECK constraint values: a value that
passes here is one the database accepts.
"""

from __future__ import annotations

from typing import Final

Choices = tuple[tuple[str, str], ...]


def values(choices: Choices) -> tuple[str, ...]:
    """The stored values of a choice list, in display order."""
    return tuple(value for value, _ in choices)


def label_of(choices: Choices, value: str | None) -> str:
    """The human label of a value, or the value itself so a summary never fails."""
    for choice_value, label in choices:
        if choice_value == value:
            return label
    return "" if value is None else str(value)


UNITS: Final[Choices] = (("metric", "Metric (kg, cm)"), ("imperial", "Imperial (lb, ft/in)"))

SEXES: Final[Choices] = (
    ("female", "Female"),
    ("male", "Male"),
    ("unspecified", "Prefer not to say"),
)

# user_profiles.valid_fitness_level; descriptions come from ref_fitness_levels.
FITNESS_LEVELS: Final[Choices] = (
    ("beginner", "Beginner"),
    ("intermediate", "Intermediate"),
    ("advanced", "Advanced"),
)

ACTIVITY_LEVELS: Final[Choices] = (
    ("sedentary", "Sedentary"),
    ("light", "Lightly active"),
    ("moderate", "Moderately active"),
    ("very_active", "Very active"),
)

ACTIVITY_DESCRIPTIONS: Final[dict[str, str]] = {
    "sedentary": "Mostly sitting: a desk job and little walking outside workouts.",
    "light": "On your feet some of the day: light walking, errands, some standing work.",
    "moderate": "On your feet most of the day: lots of walking or physical chores.",
    "very_active": "A physical job or on the move nearly all day.",
}

# user_profiles.valid_primary_goal
PRIMARY_GOALS: Final[Choices] = (
    ("fat_loss", "Fat loss"),
    ("muscle_gain", "Muscle gain"),
    ("general_fitness", "General fitness"),
)

# fitness_goals.goal_category (which of them may be primary/secondary is reference data).
GOAL_CATEGORIES: Final[Choices] = PRIMARY_GOALS + (
    ("strength", "Strength"),
    ("endurance", "Endurance"),
    ("flexibility", "Flexibility"),
    ("athletic_performance", "Athletic performance"),
)

INJURY_AREAS: Final[Choices] = (
    ("knee", "Knee"),
    ("back", "Back"),
    ("shoulder", "Shoulder"),
    ("hip", "Hip"),
    ("ankle", "Ankle"),
    ("wrist", "Wrist"),
    ("neck", "Neck"),
    ("elbow", "Elbow"),
    ("other", "Other"),
)

SEVERITIES: Final[Choices] = (("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe"))

# The seven PAR-Q readiness questions, in the questionnaire's order.
PARQ_QUESTIONS: Final[Choices] = (
    (
        "heart_condition",
        "Has a doctor ever said that you have a heart condition and that you should only do "
        "physical activity recommended by a doctor?",
    ),
    ("chest_pain_activity", "Do you feel pain in your chest when you do physical activity?"),
    (
        "chest_pain_rest",
        "In the past month, have you had chest pain when you were not doing physical activity?",
    ),
    (
        "dizziness",
        "Do you lose your balance because of dizziness, or do you ever lose consciousness?",
    ),
    (
        "bone_joint",
        "Do you have a bone or joint problem (for example back, knee or hip) that could be "
        "made worse by a change in your physical activity?",
    ),
    (
        "bp_medication",
        "Is a doctor currently prescribing you medication for your blood pressure or a heart "
        "condition?",
    ),
    ("other_reason", "Do you know of any other reason why you should not do physical activity?"),
)

WORKOUT_LOCATIONS: Final[Choices] = (
    ("home", "At home"),
    ("gym", "At the gym"),
    ("outdoor", "Outdoors"),
    ("hybrid", "A mix"),
)

# ref_equipment_types.category: the groups the equipment chips are shown in, in this order.
EQUIPMENT_CATEGORIES: Final[Choices] = (
    ("free_weights", "Free weights"),
    ("bodyweight", "Bodyweight"),
    ("machines", "Machines"),
    ("cardio", "Cardio"),
    ("furniture", "Benches & racks"),
    ("accessories", "Accessories"),
    ("recovery", "Recovery"),
)

WEEKDAYS: Final[Choices] = (
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
)

REST_DAY_PREFERENCES: Final[Choices] = (
    ("fixed", "Fixed: the same rest days every week"),
    ("flexible", "Flexible: I move them as my week changes"),
    ("auto", "Auto: let the coach decide"),
)

# dietary_preferences.valid_diet_type
DIET_TYPES: Final[Choices] = (
    ("omnivore", "Omnivore"),
    ("vegetarian", "Vegetarian"),
    ("vegan", "Vegan"),
    ("pescatarian", "Pescatarian"),
    ("keto", "Keto"),
    ("paleo", "Paleo"),
    ("mediterranean", "Mediterranean"),
    ("other", "Other"),
)

COOKING_SKILLS: Final[Choices] = (
    ("beginner", "Beginner"),
    ("intermediate", "Intermediate"),
    ("advanced", "Advanced"),
)

MEAL_PREP_WILLINGNESS: Final[Choices] = (
    ("none", "None"),
    ("minimal", "Minimal"),
    ("moderate", "Moderate"),
    ("extensive", "Extensive"),
)

ENERGY_LEVELS: Final[Choices] = (("low", "Low"), ("medium", "Medium"), ("high", "High"))
STRESS_LEVELS: Final[Choices] = (("low", "Low"), ("medium", "Medium"), ("high", "High"))

SLEEP_QUALITIES: Final[Choices] = (
    ("poor", "Poor"),
    ("fair", "Fair"),
    ("good", "Good"),
    ("excellent", "Excellent"),
)

REMINDER_TONES: Final[Choices] = (
    ("gentle", "Gentle"),
    ("motivational", "Motivational"),
    ("minimal", "Minimal"),
)
