"""GDPR rules: anonymous identities, erasure reasons, retention dates, and the scrub list's fit to the models."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import ARRAY, String
from sqlalchemy.dialects.postgresql import JSONB

from fitapp.domain.privacy import (
    DEFAULT_USER_REASON,
    MAX_REASON_LENGTH,
    SCRUBBED_COLUMNS,
    SECRET_COLUMNS,
    ErasureRefused,
    anonymized_email,
    anonymized_external_auth_id,
    erased_before,
    erasure_reason,
    years_before,
)
from fitapp.models import metadata
from fitapp.models.user import EMAIL_PATTERN

USER_ID = uuid.UUID("1b4e28ba-2fa1-11d2-883f-0016d3cca427")


def test_anonymous_identity_is_the_seeds_and_passes_the_email_check():
    assert anonymized_email(USER_ID) == f"deleted_{USER_ID}@anonymized.local"
    assert anonymized_external_auth_id(USER_ID) == f"deleted_{USER_ID}"
    assert re.match(EMAIL_PATTERN, anonymized_email(USER_ID), re.IGNORECASE)


def test_a_person_deleting_their_own_account_needs_no_reason():
    assert erasure_reason(None, "user") == DEFAULT_USER_REASON
    assert erasure_reason("  ", "user") == DEFAULT_USER_REASON
    assert erasure_reason(" moving\n to another app ", "user") == "moving to another app"


@pytest.mark.parametrize("requested_by", ["admin", "operator"])
def test_erasing_someone_elses_account_needs_a_reason(requested_by):
    with pytest.raises(ErasureRefused, match="Give a reason"):
        erasure_reason("", requested_by)
    assert erasure_reason("GDPR request by e-mail #42", requested_by) == "GDPR request by e-mail #42"


def test_overlong_reasons_and_unknown_requesters_are_refused():
    with pytest.raises(ErasureRefused, match="under"):
        erasure_reason("x" * (MAX_REASON_LENGTH + 1), "admin")
    with pytest.raises(ErasureRefused, match="Unknown requester"):
        erasure_reason("because", "browser")


def test_retention_cutoff_is_90_days_by_default_and_never_in_the_future():
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    assert erased_before(now, timedelta(days=90)) == datetime(2026, 1, 31, 12, tzinfo=UTC)
    assert erased_before(now, timedelta(0)) == now
    with pytest.raises(ValueError):
        erased_before(now, timedelta(days=-1))


def test_years_before_keeps_the_calendar_date_and_handles_29_february():
    assert years_before(datetime(2026, 3, 10, 8, tzinfo=UTC), 2) == datetime(2024, 3, 10, 8, tzinfo=UTC)
    assert years_before(datetime(2028, 2, 29, tzinfo=UTC), 2) == datetime(2026, 2, 28, tzinfo=UTC)
    with pytest.raises(ValueError):
        years_before(datetime(2026, 1, 1, tzinfo=UTC), -1)


def test_every_scrubbed_column_exists_and_may_hold_its_replacement():
    for table_name, replacements in SCRUBBED_COLUMNS.items():
        table = metadata.tables[table_name]
        assert "user_id" in table.c, table_name
        for column, value in replacements.items():
            assert column in table.c, f"{table_name}.{column}"
            assert value is not None or table.c[column].nullable, f"{table_name}.{column} is NOT NULL"


# Text-like columns (VARCHAR, TEXT, arrays, JSONB) of user-owned tables that erasure keeps,
# each for a reason: a value from a fixed list (CHECKed), an identity replaced by the erasure
# itself, a row the erasure deletes, or the immutable versions (kept until the hard delete).
KEPT_TEXT_LIKE = {
    ("audit_log", "table_name"), ("audit_log", "operation"), ("audit_log", "changed_by"),
    ("audit_log", "old_values"), ("audit_log", "new_values"),  # blanked to ERASED_AUDIT_VALUES
    ("users", "external_auth_id"), ("users", "email"), ("users", "account_status"),  # replaced
    ("users", "metadata"),  # emptied by the erasure itself
    ("auth_sessions", "token_hash"), ("auth_sessions", "device_type"),
    ("user_credentials", "password_hash"), ("user_roles", "role"), ("user_roles", "granted_by"),  # deleted
    ("body_measurements", "source"),
    ("dietary_preferences", "diet_type"), ("dietary_preferences", "cooking_skill_level"),
    ("dietary_preferences", "meal_prep_willingness"),
    ("fitness_goals", "goal_type"), ("fitness_goals", "goal_category"), ("fitness_goals", "status"),
    ("hydration_preferences", "reminder_tone"),
    ("lifestyle_baselines", "energy_level"), ("lifestyle_baselines", "stress_level"),
    ("lifestyle_baselines", "sleep_quality"), ("lifestyle_baselines", "data_source"),
    ("onboarding_states", "completed_steps"), ("onboarding_states", "flow_version"),
    ("onboarding_states", "device_type"),
    ("onboarding_step_events", "event"), ("onboarding_step_events", "flow_version"),
    ("physical_constraints", "constraint_type"), ("physical_constraints", "constraint_category"),
    ("physical_constraints", "severity"), ("physical_constraints", "workout_location"),
    ("physical_constraints", "available_equipment"), ("physical_constraints", "available_time_slots"),
    ("user_profile_versions", "profile_snapshot"), ("user_profile_versions", "changed_fields"),
    ("user_profile_versions", "change_reason"), ("user_profile_versions", "changed_by"),
    ("workout_schedules", "rest_day_preference"),
    ("user_profiles", "fitness_level"), ("user_profiles", "primary_goal"), ("user_profiles", "secondary_goal"),
    ("user_profiles", "energy_level"), ("user_profiles", "stress_level"), ("user_profiles", "sleep_quality"),
    ("user_profiles", "last_modified_by"),
}


def test_every_text_like_column_of_a_user_owned_table_is_scrubbed_or_known_to_be_kept():
    """A new VARCHAR, TEXT, array or JSONB column on a user's table must be classified here,
    or erasure would miss the words it may hold."""
    text_like = {
        (table.name, column.name)
        for table in metadata.tables.values() if "user_id" in table.c or table.name == "users"
        for column in table.c if isinstance(column.type, (String, ARRAY, JSONB))
    }
    scrubbed = {(table, column) for table, columns in SCRUBBED_COLUMNS.items() for column in columns}
    assert text_like - KEPT_TEXT_LIKE == scrubbed - {("audit_log", "ip_address")}
    assert KEPT_TEXT_LIKE <= text_like  # no stale entry


def test_secret_columns_exist():
    for table_name, columns in SECRET_COLUMNS.items():
        assert columns <= set(metadata.tables[table_name].c.keys())


def test_every_column_that_looks_like_a_secret_is_kept_out_of_the_export():
    """The export leaves out SECRET_COLUMNS: a hash, token or secret column added later must join them."""
    import re

    from fitapp.domain.privacy import SECRET_COLUMNS
    from fitapp.models import metadata

    looks_secret = re.compile(r"^(?!.*_at$).*(hash|secret|token|password|otp)", re.IGNORECASE)  # not timestamps
    found = {(table.name, column.name) for table in metadata.sorted_tables for column in table.columns
             if looks_secret.search(column.name)}
    listed = {(table, column) for table, columns in SECRET_COLUMNS.items() for column in columns}
    assert found == listed
