"""Migration 005: reference data (seed 6.13)

The lookup tables and their rows. The rows are written out here rather than imported from
the application so that this migration means the same thing forever.

Revision ID: 005
Revises: 004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "005"
down_revision: str | None = "004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FITNESS_LEVELS = [
    ("beginner", "Beginner", "New to fitness or returning after long break", 1),
    ("intermediate", "Intermediate", "Consistent training for 6+ months", 2),
    ("advanced", "Advanced", "Years of training experience", 3),
]

# user_profiles.primary_goal admits only the first three, so only they are primary-compatible.
GOAL_CATEGORIES = [
    ("fat_loss", "Lose fat", "Reduce body fat while keeping muscle, through a calorie deficit and training.", True, True),
    ("muscle_gain", "Build muscle", "Add lean muscle with progressive strength training and a small calorie surplus.", True, True),
    ("general_fitness", "General fitness", "Feel fitter and healthier overall: strength, stamina and mobility in balance.", True, True),
    ("strength", "Get stronger", "Lift heavier: focus on the big compound lifts and low-rep strength work.", False, True),
    ("endurance", "Endurance", "Go longer: build aerobic capacity for running, cycling, swimming or hiking.", False, True),
    ("flexibility", "Flexibility & mobility", "Move freely: improve range of motion, posture and joint health.", False, True),
    ("athletic_performance", "Athletic performance", "Perform better in a sport: power, speed, agility and conditioning.", False, True),
]

DIET_TYPES = [
    ("omnivore", "Omnivore", "Eats everything; no food group excluded.", []),
    ("vegetarian", "Vegetarian", "No meat, poultry or fish; dairy and eggs are fine.", ["meat", "poultry", "fish", "shellfish"]),
    ("vegan", "Vegan", "Plants only: no animal products at all.", ["meat", "poultry", "fish", "shellfish", "dairy", "eggs", "honey", "gelatin"]),
    ("pescatarian", "Pescatarian", "Vegetarian plus fish and seafood.", ["meat", "poultry"]),
    ("keto", "Keto", "Very low carbohydrate, high fat, to stay in ketosis.", ["grains", "sugar", "starchy_vegetables", "legumes", "most_fruit"]),
    ("paleo", "Paleo", "Whole foods: meat, fish, vegetables, fruit, nuts; no grains, legumes or dairy.", ["grains", "legumes", "dairy", "refined_sugar", "processed_foods"]),
    ("mediterranean", "Mediterranean", "Vegetables, olive oil, fish, whole grains and legumes; little red meat or sugar.", ["processed_meat", "refined_sugar"]),
    ("other", "Other", "Another pattern, described in the user's own words.", []),
]

EQUIPMENT_TYPES = [
    ("dumbbells", "Dumbbells", "free_weights", ["home", "gym"]),
    ("barbell", "Barbell & plates", "free_weights", ["gym", "home"]),
    ("kettlebell", "Kettlebell", "free_weights", ["home", "gym", "outdoor"]),
    ("ez_curl_bar", "EZ curl bar", "free_weights", ["gym"]),
    ("resistance_bands", "Resistance bands", "accessories", ["home", "gym", "outdoor"]),
    ("pull_up_bar", "Pull-up bar", "bodyweight", ["home", "gym", "outdoor"]),
    ("dip_station", "Dip station / parallel bars", "bodyweight", ["gym", "outdoor"]),
    ("suspension_trainer", "Suspension trainer (TRX)", "bodyweight", ["home", "gym", "outdoor"]),
    ("bench", "Adjustable bench", "furniture", ["home", "gym"]),
    ("squat_rack", "Squat rack / power rack", "furniture", ["gym", "home"]),
    ("cable_machine", "Cable machine", "machines", ["gym"]),
    ("smith_machine", "Smith machine", "machines", ["gym"]),
    ("leg_press", "Leg press", "machines", ["gym"]),
    ("treadmill", "Treadmill", "cardio", ["gym", "home"]),
    ("stationary_bike", "Stationary bike", "cardio", ["gym", "home"]),
    ("rowing_machine", "Rowing machine", "cardio", ["gym", "home"]),
    ("elliptical", "Elliptical trainer", "cardio", ["gym"]),
    ("jump_rope", "Jump rope", "cardio", ["home", "outdoor", "gym"]),
    ("yoga_mat", "Yoga mat", "accessories", ["home", "gym", "outdoor"]),
    ("medicine_ball", "Medicine ball", "accessories", ["gym", "home"]),
    ("foam_roller", "Foam roller", "recovery", ["home", "gym"]),
    ("stability_ball", "Stability ball", "accessories", ["home", "gym"]),
    ("plyo_box", "Plyometric box", "accessories", ["gym"]),
]


def upgrade() -> None:
    op.create_table(
        "ref_fitness_levels",
        sa.Column('code', sa.String(length=50), nullable=False),
        sa.Column('display_name', sa.String(length=100), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('code'),
    )
    op.create_table(
        "ref_goal_categories",
        sa.Column('code', sa.String(length=50), nullable=False),
        sa.Column('display_name', sa.String(length=100), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('compatible_with_primary', sa.Boolean(), server_default=sa.text('true'), nullable=True),
        sa.Column('compatible_with_secondary', sa.Boolean(), server_default=sa.text('true'), nullable=True),
        sa.PrimaryKeyConstraint('code'),
    )
    op.create_table(
        "ref_diet_types",
        sa.Column('code', sa.String(length=50), nullable=False),
        sa.Column('display_name', sa.String(length=100), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('excludes_food_groups', postgresql.ARRAY(sa.Text()), nullable=True),
        sa.PrimaryKeyConstraint('code'),
    )
    op.create_table(
        "ref_equipment_types",
        sa.Column('code', sa.String(length=50), nullable=False),
        sa.Column('display_name', sa.String(length=100), nullable=False),
        sa.Column('category', sa.String(length=50), nullable=True),
        sa.Column('typical_locations', postgresql.ARRAY(sa.Text()), nullable=True),
        sa.PrimaryKeyConstraint('code'),
    )
    op.bulk_insert(
        sa.table("ref_fitness_levels", sa.column("code"), sa.column("display_name"), sa.column("description"), sa.column("sort_order")),
        [dict(zip(("code", "display_name", "description", "sort_order"), row)) for row in FITNESS_LEVELS],
    )
    op.bulk_insert(
        sa.table(
            "ref_goal_categories",
            sa.column("code"),
            sa.column("display_name"),
            sa.column("description"),
            sa.column("compatible_with_primary"),
            sa.column("compatible_with_secondary"),
        ),
        [
            dict(zip(("code", "display_name", "description", "compatible_with_primary", "compatible_with_secondary"), row))
            for row in GOAL_CATEGORIES
        ],
    )
    op.bulk_insert(
        sa.table(
            "ref_diet_types",
            sa.column("code"),
            sa.column("display_name"),
            sa.column("description"),
            sa.column("excludes_food_groups", postgresql.ARRAY(sa.Text())),
        ),
        [dict(zip(("code", "display_name", "description", "excludes_food_groups"), row)) for row in DIET_TYPES],
    )
    op.bulk_insert(
        sa.table(
            "ref_equipment_types",
            sa.column("code"),
            sa.column("display_name"),
            sa.column("category"),
            sa.column("typical_locations", postgresql.ARRAY(sa.Text())),
        ),
        [dict(zip(("code", "display_name", "category", "typical_locations"), row)) for row in EQUIPMENT_TYPES],
    )


def downgrade() -> None:
    op.drop_table("ref_equipment_types")
    op.drop_table("ref_diet_types")
    op.drop_table("ref_goal_categories")
    op.drop_table("ref_fitness_levels")
