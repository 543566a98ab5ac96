"""The onboarding's step numbers, defined once (steps 0-10 are questions, 11 is the review).

Everything that counts or names steps (the step definitions, the dependency rules, the
profile-change topics, analytics, the admin pages) reads these.
"""

from __future__ import annotations

STEP_COUNT = 12
LAST_QUESTION_STEP = 10
REVIEW_STEP = 11
QUESTION_STEPS = tuple(range(LAST_QUESTION_STEP + 1))
ALL_STEPS = tuple(range(STEP_COUNT))
MEAL_PLAN_STEP = 7
MEAL_TIMES_STEP = 8
