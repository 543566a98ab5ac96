"""Migration 010: readable numbers in stored meal-plan rationales (data only)

Until now the rationale wrote the activity factor plus the workout-day bonus as a binary float
sum: "1.725 + 0.05 × 2 … = 1.8250000000000002". The code now writes 1.825. This rewrites the
stored copies of that text: `meal_plans.plan_rationale` and the step-7 answer kept in
`onboarding_states.step_data`. Profile versions are immutable by design (migration 007's
trigger); their snapshots keep the text they were written with.

The glitched strings are generated here from the formula's constants as they were (activity
factors 1.2 / 1.375 / 1.55 / 1.725, 0.05 per workout day above 3, at most 7 days), so the
migration does not depend on application code that may change later.

Revision ID: 010
Revises: 009
"""

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "010"
down_revision: str | None = "009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVITY_FACTORS = ("1.2", "1.375", "1.55", "1.725")
WORKOUT_DAY_BONUS = "0.05"
MAX_EXTRA_DAYS = 4


def glitches() -> list[tuple[str, str]]:
    """(what the float sum printed, what it should say) for every factor + bonus that printed noise."""
    pairs = []
    for factor in ACTIVITY_FACTORS:
        for days in range(1, MAX_EXTRA_DAYS + 1):
            printed = str(float(factor) + float(Decimal(WORKOUT_DAY_BONUS) * days))
            exact = format((Decimal(factor) + Decimal(WORKOUT_DAY_BONUS) * days).normalize(), "f")
            if printed != exact:
                pairs.append((printed, exact))
    return pairs


def upgrade() -> None:
    for printed, exact in glitches():
        params = {"printed": f"= {printed}", "exact": f"= {exact}", "pattern": f"%= {printed}%"}
        op.execute(sa.text(
            "UPDATE meal_plans SET plan_rationale = replace(plan_rationale, :printed, :exact) "
            "WHERE plan_rationale LIKE :pattern"
        ).bindparams(**params))
        op.execute(sa.text(
            "UPDATE onboarding_states SET step_data = replace(step_data::text, :printed, :exact)::jsonb "
            "WHERE step_data::text LIKE :pattern"
        ).bindparams(**params))


def downgrade() -> None:
    """Nothing to undo: the new text says the same number."""
