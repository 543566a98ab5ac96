"""Pure onboarding domain: step definitions, validation, energy/macro maths, dependencies.

No framework, no database, no I/O: the UI, the services and the REST API all read what a
step asks and checks from here.
"""

from fitapp.domain import choices
from fitapp.domain.answer_reader import FIELD_LABELS, label
from fitapp.domain.dependencies import PROPOSAL_INPUTS, invalidated_steps, next_unanswered_step
from fitapp.domain.nutrition import (
    MealPlanProposal,
    ProposalUnavailable,
    age_on,
    calorie_range,
    percentages_for,
    propose_from_answers,
    propose_meal_plan,
    resting_energy,
)
from fitapp.domain.reference import (
    DietType,
    EquipmentType,
    FitnessLevel,
    GoalCategory,
    ReferenceData,
)
from fitapp.domain.results import STEP_TITLES, StepContext, StepRejected, StepResult
from fitapp.domain.steps import (
    LAST_QUESTION_STEP,
    QUESTION_STEPS,
    REVIEW_STEP,
    STEP_COUNT,
    STEPS,
    StepDefinition,
    answers_from_step_data,
    step_data_from_answers,
    step_definition,
    step_key,
    validate_all,
    validate_answer,
)
from fitapp.domain.units import (
    cm_to_ft_in,
    fl_oz_to_ml,
    ft_in_to_cm,
    kg_to_lb,
    lb_to_kg,
    ml_to_fl_oz,
)
from fitapp.domain.validate_lifestyle import HYDRATION_DEFAULTS, suggested_water_ml
from fitapp.domain.validate_meal_times import suggested_meals
from fitapp.domain.validate_meals import split_list_text
from fitapp.domain.validate_profile import parq_limitations, parq_yes_questions

__all__ = [
    "FIELD_LABELS",
    "HYDRATION_DEFAULTS",
    "LAST_QUESTION_STEP",
    "PROPOSAL_INPUTS",
    "QUESTION_STEPS",
    "REVIEW_STEP",
    "STEPS",
    "STEP_COUNT",
    "STEP_TITLES",
    "DietType",
    "EquipmentType",
    "FitnessLevel",
    "GoalCategory",
    "MealPlanProposal",
    "ProposalUnavailable",
    "ReferenceData",
    "StepContext",
    "StepDefinition",
    "StepRejected",
    "StepResult",
    "age_on",
    "answers_from_step_data",
    "calorie_range",
    "choices",
    "cm_to_ft_in",
    "fl_oz_to_ml",
    "ft_in_to_cm",
    "invalidated_steps",
    "kg_to_lb",
    "label",
    "lb_to_kg",
    "ml_to_fl_oz",
    "next_unanswered_step",
    "parq_limitations",
    "parq_yes_questions",
    "percentages_for",
    "propose_from_answers",
    "propose_meal_plan",
    "resting_energy",
    "split_list_text",
    "step_data_from_answers",
    "step_definition",
    "step_key",
    "suggested_meals",
    "suggested_water_ml",
    "validate_all",
    "validate_answer",
]
