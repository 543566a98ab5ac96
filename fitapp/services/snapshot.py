"""A user's complete current configuration as one plain JSON document.

Stored as `user_profile_versions.profile_snapshot`, shown on the profile page and diffed
between versions, so it must be JSON-safe, deterministic, and flat per table: each section
is named after its table and holds that table's columns (ids and bookkeeping timestamps left
out, because they would show up as noise in every diff).

Rows are read with Core selects rather than ORM entities, so the snapshot is what the
database holds (after the caller's flush), never an unflushed Python value.

Besides the tables, the section ``answers`` keeps the onboarding answers (steps 0–10, keyed
"0".."10") the tables were built from: a change request edits them with the onboarding's
own validation, and a rollback rebuilds the tables from an old version's answers. They live
only in the versions (onboarding_states is left as it was at confirmation), so a snapshot
built without explicit answers takes them from the user's latest version.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, select
from sqlmodel import Session, SQLModel

from fitapp.domain.diff import ANSWERS_SECTION
from fitapp.models import User, UserProfileVersion
from fitapp.services.profile_tables import PROFILE_TABLES, TABLE_SECTIONS, USERS_SECTION

# Never part of a snapshot: identities and row bookkeeping, not configuration.
NOISE_COLUMNS = frozenset({"id", "user_id", "meal_plan_id", "previous_version_id", "created_at", "updated_at"})
# The profile keys of users.metadata (other keys there are not configuration).
METADATA_KEYS = ("birth_date", "consent_given_at", "sex", "time_zone", "units")

# Every key of a snapshot, in its (alphabetical) order.
SECTIONS: tuple[str, ...] = tuple(sorted((ANSWERS_SECTION, *TABLE_SECTIONS)))


def json_value(value: Any) -> Any:
    """One value in its snapshot form: decimals as floats, times "HH:MM", datetimes ISO UTC."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, (Decimal, float)):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): json_value(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    raise TypeError(f"no snapshot form for {type(value).__name__}")


def _row(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {key: json_value(mapping[key]) for key in sorted(mapping)}


def _columns(model: type[SQLModel]) -> list[Column]:
    return [column for column in model.__table__.columns if column.name not in NOISE_COLUMNS]


def _rows(db: Session, model: type[SQLModel], user_id: uuid.UUID, order_by: Iterable[Any] = ()) -> list[dict[str, Any]]:
    table = model.__table__
    query = select(*_columns(model)).where(table.c.user_id == user_id).order_by(*order_by)
    return [_row(row) for row in db.execute(query).mappings()]


def _one(db: Session, model: type[SQLModel], user_id: uuid.UUID, order_by: Iterable[Any] = ()) -> dict[str, Any] | None:
    """The single (or, for time series, the latest by ``order_by``) row of a user."""
    rows = _rows(db, model, user_id, order_by)
    return rows[0] if rows else None


def sorted_rows(rows: list[dict[str, Any]], *fields: str) -> list[dict[str, Any]]:
    """Order by ``fields`` and break ties by the whole row, so equal data gives equal lists."""
    return sorted(
        rows,
        key=lambda row: (
            *((row[f] is not None, row[f] if row[f] is not None else "") for f in fields),
            json.dumps(row, sort_keys=True),
        ),
    )


def _user_metadata(db: Session, user_id: uuid.UUID) -> dict[str, Any] | None:
    metadata = db.execute(select(User.__table__.c.metadata).where(User.__table__.c.id == user_id)).scalar_one_or_none()
    if metadata is None:
        return None
    return _row({key: metadata.get(key) for key in METADATA_KEYS})


def answers_section(answers: Mapping[int, Mapping[str, Any]] | None) -> dict[str, Any] | None:
    """Answers by step number as the snapshot's ``answers`` section ({"0": {...}, ...})."""
    if answers is None:
        return None
    return json_value({str(step): answer for step, answer in answers.items()})


def answers_from_snapshot(snapshot: Mapping[str, Any] | None) -> dict[int, dict[str, Any]] | None:
    """The ``answers`` section by step number; None for a snapshot taken without them."""
    section = (snapshot or {}).get(ANSWERS_SECTION)
    if not isinstance(section, Mapping):
        return None
    return {int(step): dict(answer) for step, answer in section.items() if str(step).isdigit()}


def _latest_answers(db: Session, user_id: uuid.UUID) -> dict[str, Any] | None:
    versions = UserProfileVersion.__table__.c
    query = (
        select(versions.profile_snapshot[ANSWERS_SECTION])
        .where(versions.user_id == user_id)
        .order_by(versions.version.desc())
        .limit(1)
    )
    answers = db.execute(query).scalar()
    return None if answers is None else json_value(answers)  # jsonb keeps its own key order


def build_profile_snapshot(
    db: Session, user_id: uuid.UUID, answers: Mapping[int, Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """Every section of the user's current configuration, in a fixed key order.

    One per table of ``profile_tables.PROFILE_TABLES``: single-row tables are an object (None
    when absent), multi-row tables a list in a fixed order; time series (lifestyle, body
    measurements) contribute their latest row only.
    ``answers`` are the answers the tables now hold (given when they are being written);
    without them the latest version's are used.
    """
    sections: dict[str, Any] = {USERS_SECTION: _user_metadata(db, user_id)}
    for table in PROFILE_TABLES:
        columns = table.model.__table__.c
        if table.kind == "many":
            sections[table.section] = sorted_rows(_rows(db, table.model, user_id), *table.snapshot_order)
        elif table.kind == "series":
            sections[table.section] = _one(db, table.model, user_id,
                                           (columns.recorded_at.desc(), columns.created_at.desc()))
        else:
            sections[table.section] = _one(db, table.model, user_id)
    sections[ANSWERS_SECTION] = answers_section(answers) if answers is not None else _latest_answers(db, user_id)
    return {name: sections[name] for name in SECTIONS}
