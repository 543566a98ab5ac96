"""Every consumer of the profile's tables takes them from the one registry (services.profile_tables).

A new preference table is a model and a ProfileTable entry; each test here fails for a
consumer that keeps a list of its own.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fitapp.domain import QUESTION_STEPS
from fitapp.models import UserProfile
from fitapp.presenters import profile as profile_display
from fitapp.services import admin, privacy, profile_lock, snapshot
from fitapp.services.profile_tables import BY_SECTION, PROFILE_TABLES, RESET_ORDER, TABLE_SECTIONS
from fitapp.tools import demo_data
from tests.support.onboarding import PROFILE_TABLES as TEST_HELPER_TABLES
from tests.unit.answers_fixture import valid_answers

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# Written out by hand: the profile's tables as the seed has them.
EXPECTED = {
    "user_profiles", "fitness_goals", "physical_constraints", "dietary_preferences", "meal_plans",
    "meal_schedules", "workout_schedules", "hydration_preferences", "lifestyle_baselines", "body_measurements",
}


def test_the_registry_holds_the_profiles_tables_once():
    sections = [table.section for table in PROFILE_TABLES]
    assert len(sections) == len(set(sections)) and set(sections) == EXPECTED
    assert {t.section for t in PROFILE_TABLES if t.kind == "series"} == {"lifestyle_baselines", "body_measurements"}


def test_the_snapshot_has_a_section_per_registry_table_and_the_users_metadata():
    assert set(snapshot.SECTIONS) == set(BY_SECTION) | {"users", "answers"}
    assert TABLE_SECTIONS == tuple(sorted((*BY_SECTION, "users")))


def test_the_confirm_inserts_every_registry_table_parents_first():
    user_id = uuid.uuid4()
    profile = UserProfile(id=uuid.uuid4(), user_id=user_id, version=1)
    rows = profile_lock._profile_rows(user_id, valid_answers(NOW.date()), NOW, profile)
    assert [table for table, _ in rows] == [t.section for t in PROFILE_TABLES]
    by_table = dict(rows)
    assert {row.meal_plan_id for row in by_table["meal_schedules"]} == {by_table["meal_plans"][0].id}


def test_the_demo_data_writes_the_rows_of_every_registry_table():
    person = demo_data._Person(uuid.uuid4(), "someone@demo.example.com", valid_answers(NOW.date()), "agent", NOW, None,
                               completed_at=NOW)
    _, rows = demo_data._profile_objects(person)
    assert {type(row).__tablename__ for row in rows} == set(BY_SECTION)


def test_a_reset_removes_every_registry_table_but_the_time_series_children_first():
    removed = [name for name, _ in admin.RESET_TABLES]
    assert set(removed) == {t.section for t in PROFILE_TABLES if t.kind != "series"}
    assert removed.index("meal_schedules") < removed.index("meal_plans")
    assert removed[-1] == "user_profiles" and RESET_ORDER[-1].section == "user_profiles"


def test_the_display_has_a_title_for_every_snapshot_table_section():
    assert set(profile_display.SECTION_TITLES) == set(TABLE_SECTIONS)
    assert all(title.strip() for title in profile_display.SECTION_TITLES.values())


def test_the_export_includes_every_registry_table():
    assert set(BY_SECTION) <= {table.name for table in privacy.owned_tables()}


def test_a_change_can_reach_every_answer_through_some_table():
    """Every onboarding answer is held by a table a change rewrites (step 0 also by users.metadata)."""
    covered = {step for table in PROFILE_TABLES for step in table.steps}
    assert covered == set(QUESTION_STEPS)
    assert all(table.build is not None for table in PROFILE_TABLES if table.section != "user_profiles")


def test_the_test_helpers_count_the_registry_tables_and_the_versions():
    assert set(TEST_HELPER_TABLES) == set(BY_SECTION) | {"user_profile_versions"}
