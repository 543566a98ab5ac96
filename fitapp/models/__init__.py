"""Every table, imported so that `SQLModel.metadata` is complete for Alembic."""

from sqlmodel import SQLModel

from fitapp.models.admin import UserRole  # noqa: F401  (in the metadata for Alembic)
from fitapp.models.auth import AuthSession, SignInAttempt, UserCredential
from fitapp.models.constraints import PhysicalConstraint
from fitapp.models.diet import DietaryPreference
from fitapp.models.events import OnboardingStepEvent
from fitapp.models.goals import FitnessGoal
from fitapp.models.lifestyle import BodyMeasurement, LifestyleBaseline
from fitapp.models.meals import MealPlan, MealSchedule
from fitapp.models.profile import UserProfile, UserProfileVersion
from fitapp.models.reference import RefDietType, RefEquipmentType, RefFitnessLevel, RefGoalCategory
from fitapp.models.schedules import HydrationPreference, WorkoutSchedule
from fitapp.models.user import AuditLog, OnboardingState, User

metadata = SQLModel.metadata

__all__ = [
    "AuthSession",
    "OnboardingStepEvent",
    "SignInAttempt",
    "UserCredential",
    "AuditLog",
    "BodyMeasurement",
    "DietaryPreference",
    "FitnessGoal",
    "HydrationPreference",
    "LifestyleBaseline",
    "MealPlan",
    "MealSchedule",
    "OnboardingState",
    "PhysicalConstraint",
    "RefDietType",
    "RefEquipmentType",
    "RefFitnessLevel",
    "RefGoalCategory",
    "User",
    "UserProfile",
    "UserProfileVersion",
    "WorkoutSchedule",
    "metadata",
]
