"""The database itself keeps user_profile_versions immutable (migration 007).

Only closing the current version is allowed; deleting the user (GDPR erasure) still
cascades to its versions.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.support.rows import insert_row, new_user

OPENED = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _version(conn, user_id, number=1, *, valid_until=None):
    return insert_row(
        conn,
        "user_profile_versions",
        {
            "user_id": user_id,
            "version": number,
            "profile_snapshot": {"user_profiles": {"fitness_level": "beginner"}},
            "changed_fields": ["user_profiles"],
            "change_reason": "Onboarding confirmed",
            "changed_by": "user",
            "valid_from": OPENED + timedelta(days=number - 1),
            "valid_until": valid_until,
        },
    )


def _refused(conn, sql, **params):
    """Run ``sql`` in a savepoint and return the database's refusal."""
    with pytest.raises(IntegrityError) as refused:
        with conn.begin_nested():
            conn.execute(text(sql), params)
    return str(refused.value.orig)


def _row(conn, version_id):
    return conn.execute(text("SELECT * FROM user_profile_versions WHERE id = :id"), {"id": version_id}).one()


def test_closing_the_current_version_is_the_one_update_allowed(db):
    version_id = _version(db, new_user(db))
    closed_at = OPENED + timedelta(days=3)

    db.execute(
        text("UPDATE user_profile_versions SET valid_until = :t WHERE id = :id"), {"t": closed_at, "id": version_id}
    )

    assert _row(db, version_id).valid_until == closed_at


@pytest.mark.parametrize(
    "assignment",
    [
        "change_reason = 'rewritten'",
        "changed_by = 'admin'",
        "profile_snapshot = '{}'::jsonb",
        "changed_fields = ARRAY['nothing']",
        "version = 7",
        "valid_from = valid_from - interval '1 day'",
    ],
)
def test_rewriting_any_other_column_of_a_version_is_refused(db, assignment):
    version_id = _version(db, new_user(db))
    before = _row(db, version_id)

    message = _refused(db, f"UPDATE user_profile_versions SET {assignment} WHERE id = :id", id=version_id)

    assert "immutable" in message
    assert _row(db, version_id) == before


def test_closing_and_rewriting_at_once_is_refused(db):
    version_id = _version(db, new_user(db))

    _refused(
        db,
        "UPDATE user_profile_versions SET valid_until = now(), change_reason = 'sneaky' WHERE id = :id",
        id=version_id,
    )


def test_a_closed_version_cannot_be_closed_again_or_reopened(db):
    version_id = _version(db, new_user(db), valid_until=OPENED + timedelta(days=1))

    _refused(db, "UPDATE user_profile_versions SET valid_until = now() WHERE id = :id", id=version_id)
    _refused(db, "UPDATE user_profile_versions SET valid_until = NULL WHERE id = :id", id=version_id)
    assert _row(db, version_id).valid_until == OPENED + timedelta(days=1)


def test_a_version_cannot_be_closed_before_it_began(db):
    version_id = _version(db, new_user(db))

    _refused(
        db, "UPDATE user_profile_versions SET valid_until = :t WHERE id = :id", t=OPENED - timedelta(seconds=1),
        id=version_id,
    )


def test_deleting_a_version_is_refused(db):
    user_id = new_user(db)
    _version(db, user_id, 1, valid_until=OPENED + timedelta(days=1))
    _version(db, user_id, 2)

    message = _refused(db, "DELETE FROM user_profile_versions WHERE user_id = :u AND version = 1", u=user_id)
    _refused(db, "DELETE FROM user_profile_versions WHERE user_id = :u", u=user_id)

    assert "immutable" in message
    count = db.execute(text("SELECT count(*) FROM user_profile_versions WHERE user_id = :u"), {"u": user_id})
    assert count.scalar_one() == 2


def test_deleting_the_user_still_deletes_their_versions(db):
    doomed, kept = new_user(db), new_user(db)
    for user_id in (doomed, kept):
        _version(db, user_id, 1, valid_until=OPENED + timedelta(days=1))
        _version(db, user_id, 2)

    db.execute(text("DELETE FROM users WHERE id = :u"), {"u": doomed})

    counts = dict(
        db.execute(
            text("SELECT user_id, count(*) FROM user_profile_versions WHERE user_id IN (:a, :b) GROUP BY user_id"),
            {"a": doomed, "b": kept},
        ).all()
    )
    assert counts == {kept: 2}


def test_both_triggers_are_installed(db):
    triggers = db.execute(
        text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'user_profile_versions'::regclass AND NOT tgisinternal "
            "AND tgname NOT LIKE 'funnel_touched_%' ORDER BY tgname"  # migration 014's marks for the reports
        )
    ).scalars().all()
    assert triggers == ["trg_user_profile_versions_no_delete", "trg_user_profile_versions_no_update"]
