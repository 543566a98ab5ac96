"""Changing a locked profile: a reasoned request that becomes a new, immutable version.

A confirmed plan never changes silently (seed 6.3 "no silent changes", 6.4, PATCH profile in
section 10). A change names a topic and a reason, is validated exactly like the onboarding
answer it edits, and is saved in one transaction: the profile is unlocked, the affected
tables are updated, the profile's version is incremented and it is relocked; the previous
version is closed and a new version with the complete snapshot is inserted; audit rows hold
the old and new values. A rollback is the same kind of change, whose answers are an earlier
version's: history is only ever appended to.

Every version's snapshot carries the answers the tables were built from (section
``answers``), so an edit starts from the current answers and a rollback rebuilds the tables
from old ones. ``onboarding_states`` keeps what was confirmed and is not touched here.

Concurrency: the user_profiles row is locked FOR UPDATE before anything is compared, and
the request names the version it was edited from (``base_version``). Of two saves from the
same version the first wins; the second waits for the lock, then finds a newer version and
is refused with the current plan (``ProfileChangedMeanwhile``). Version numbers therefore
grow by exactly one per change; UNIQUE (user_id, version) is the backstop.
"""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, SQLModel, select

from fitapp.core.cache import forget_profiles
from fitapp.core.db import NO_KEY_UPDATE, member_scope
from fitapp.core.metrics import UPDATE_ATTEMPT, UPDATE_FAILED, get_metrics
from fitapp.domain import StepRejected
from fitapp.domain.clock import today_for
from fitapp.domain.diff import changed_fields, diff_snapshots
from fitapp.domain.profile_change import (  # noqa: F401 - the refusals and topics, importable from the service too
    TOPICS,
    Answers,
    InvalidChangeRequest,
    ProfileChangeError,
    ReasonRequired,
    Topic,
    checked_change_reason,
    plan_change,
    topic_edits,
)
from fitapp.domain.errors import Conflict, NotFound, UserFacingError
from fitapp.models import User, UserProfile, UserProfileVersion
from fitapp.services import audit
from fitapp.services.profile_lock import CHANGED_BY
from fitapp.services.profile_tables import (
    BY_SECTION,
    PROFILE_TABLES,
    TIME_SERIES,
    ProfileTable,
    about_metadata,
    build_rows,
    copy_columns,
    profile_fields,
)
from fitapp.services.profile_views import ProfileView, profile_document, profile_view, version_answers, version_row
from fitapp.services.reference import load_reference_data
from fitapp.services.snapshot import build_profile_snapshot, json_value
from fitapp.services.versions import append_version



# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class ChangeResult:
    """The new version's number and changed fields, and the profile document it wrote (the
    shape of ``profile_views.load_locked_profile``), so that nobody reads it again."""

    version: int
    changed_fields: list[str]
    profile: dict[str, Any] | None = field(default=None, compare=False, repr=False)


class NoChange(ProfileChangeError):
    def __init__(self, message: str = "That is what your plan already says; nothing was changed.") -> None:
        super().__init__(message)


class ProfileChangedMeanwhile(Conflict, ProfileChangeError):
    """Saved from an older version; ``current`` is the plan as it is now."""

    def __init__(self, current: ProfileView) -> None:
        self.current = current
        super().__init__(
            f"Your plan was changed meanwhile (now version {current.version}). "
            "Here is the current plan; make your change again."
        )


class VersionNotFound(NotFound, ProfileChangeError):
    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__(f"There is no version {version} of your plan.")


class ProfileNotFound(NotFound, ProfileChangeError):
    def __init__(self) -> None:
        super().__init__("Your plan isn't confirmed yet; finish the onboarding to lock it first.")


# ---------------------------------------------------------------- changing


def _counted_as_update(save: Callable[..., ChangeResult]) -> Callable[..., ChangeResult]:
    """Attempts and failures for the seed's alert on failed profile updates (> 1 %).

    A refusal of the input (no reason, a rejected answer, nothing changed) is the user's to
    fix, not a failure; losing a race to another save, or any error, is.
    """

    @functools.wraps(save)
    def counted(*args: Any, **kwargs: Any) -> ChangeResult:
        metrics = get_metrics()
        metrics.count(UPDATE_ATTEMPT)
        try:
            return save(*args, **kwargs)
        except ProfileChangedMeanwhile:
            metrics.count(UPDATE_FAILED)
            raise
        except (UserFacingError, StepRejected):
            raise
        except Exception:
            metrics.count(UPDATE_FAILED)
            raise

    return counted


@_counted_as_update
def request_change(
    user_id: uuid.UUID,
    *,
    topic: str,
    base_version: int,
    changes: Mapping[int | str, Mapping[str, Any]],
    reason: str,
    changed_by: str = "user",
    user_agent: str | None = None,
) -> ChangeResult:
    """Save a change of one topic as the next version, or refuse it and write nothing.

    ``changes`` holds the edited answers of the topic's steps ({2: {...}}), each laid over
    the current answer of that step, so a whole form or just the edited keys both work.
    Refusals: ``ReasonRequired``, ``StepRejected`` (the onboarding's own messages),
    ``ProfileChangedMeanwhile``, ``NoChange``, ``ProfileNotFound``, ``InvalidChangeRequest``.
    """
    reason = checked_change_reason(reason)
    _check_changed_by(changed_by)
    chosen = TOPICS.get(topic)
    if chosen is None:
        raise InvalidChangeRequest(f"There is no topic {topic!r} to change.")
    edits = topic_edits(chosen, changes)
    reference = load_reference_data()  # its own session, before the row lock is taken
    with member_scope(user_id) as db:
        profile, current = _lock_current(db, user_id, base_version)
        old_answers = version_answers(db, user_id, current.profile_snapshot)
        new_answers, _ = plan_change(chosen, old_answers, edits, reference, today_for(old_answers))
        if new_answers == old_answers:
            raise NoChange()
        result = _save_version(
            db,
            profile,
            current,
            old_answers,
            new_answers,
            change_reason=reason,
            plan_reason=f"Recalculated after a change to {chosen.title}: {reason}",
            changed_by=changed_by,
            user_agent=user_agent,
        )
    forget_profiles(user_id)
    return result


@_counted_as_update
def restore_version(
    user_id: uuid.UUID,
    *,
    version: int,
    base_version: int,
    reason: str,
    changed_by: str = "user",
    user_agent: str | None = None,
) -> ChangeResult:
    """Make an earlier version's configuration current again, as a new version.

    The tables are rebuilt from that version's answers (and its latest measurements), so the
    new snapshot equals the restored one except for the volatile fields of
    ``fitapp.domain.diff.VOLATILE_FIELDS``. The old answers are not validated again: they
    were valid when that version was made, and a rollback must reproduce it exactly.
    """
    reason = checked_change_reason(reason)
    _check_changed_by(changed_by)
    with member_scope(user_id) as db:
        profile, current = _lock_current(db, user_id, base_version)
        target = version_row(db, user_id, version)
        if target is None:
            raise VersionNotFound(version)
        old_answers = version_answers(db, user_id, current.profile_snapshot)
        new_answers = version_answers(db, user_id, target.profile_snapshot)
        if version == current.version or new_answers == old_answers:
            raise NoChange(f"Your plan already is what version {version} says; nothing was changed.")
        change_reason = f"restored version {version}: {reason}"
        result = _save_version(
            db,
            profile,
            current,
            old_answers,
            new_answers,
            change_reason=change_reason,
            plan_reason=change_reason,
            changed_by=changed_by,
            user_agent=user_agent,
            measurements=json_value(target.profile_snapshot),
        )
    forget_profiles(user_id)
    return result


def _check_changed_by(changed_by: str) -> None:
    if changed_by not in CHANGED_BY:
        raise InvalidChangeRequest(f"changed_by must be one of {', '.join(CHANGED_BY)}.")


# ---------------------------------------------------------------- the transaction


def _lock_current(db: Session, user_id: uuid.UUID, base_version: int) -> tuple[UserProfile, UserProfileVersion]:
    """The profile row, locked until commit, and its current version; refuses a stale base."""
    profile = db.exec(
        select(UserProfile)
        .where(UserProfile.user_id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if profile is None:
        raise ProfileNotFound()
    current = version_row(db, user_id, profile.version)
    if current is None:
        raise ProfileNotFound()
    if profile.version != base_version:
        raise ProfileChangedMeanwhile(profile_view(db, profile, current))
    return profile, current


def _save_version(
    db: Session,
    profile: UserProfile,
    current: UserProfileVersion,
    old_answers: Answers,
    new_answers: Answers,
    *,
    change_reason: str,
    plan_reason: str,
    changed_by: str,
    user_agent: str | None,
    measurements: Mapping[str, Any] | None = None,
) -> ChangeResult:
    """Unlock, write the new answers' rows, relock as the next version, close the previous
    one, insert the new one and audit it; NoChange (rolling all of it back) if no table differs."""
    user_id = profile.user_id
    # Never before the version it follows, even if the clock stepped back.
    now = max(datetime.now(UTC), current.valid_from + timedelta(microseconds=1))
    old_snapshot = build_profile_snapshot(db, user_id, old_answers)
    profile_before = {
        "version": profile.version,
        "previous_version_id": profile.previous_version_id,
        "last_modified_by": profile.last_modified_by,
        "modification_reason": profile.modification_reason,
        "locked_at": profile.locked_at,
    }
    profile.is_locked = False
    db.flush()

    _write_tables(db, user_id, old_answers, new_answers, old_snapshot, now, plan_reason, measurements)
    for column, value in profile_fields(new_answers).items():
        setattr(profile, column, value)
    profile.version = current.version + 1
    profile.previous_version_id = current.id
    profile.last_modified_by = changed_by
    profile.modification_reason = change_reason
    profile.is_locked, profile.locked_at = True, now
    db.flush()

    new_snapshot = build_profile_snapshot(db, user_id, new_answers)
    fields = changed_fields(old_snapshot, new_snapshot)
    if not fields:
        raise NoChange()
    append_version(db, user_id=user_id, previous=current, version=profile.version, snapshot=new_snapshot,
                   changed_fields=fields, change_reason=change_reason, changed_by=changed_by, at=now)
    profile_after = {
        "version": profile.version,
        "previous_version_id": profile.previous_version_id,
        "last_modified_by": changed_by,
        "modification_reason": change_reason,
        "locked_at": now,
    }
    _audit(db, user_id, old_snapshot, new_snapshot, profile_before, profile_after, current, fields, change_reason,
           changed_by, user_agent, now)
    return ChangeResult(version=profile.version, changed_fields=fields,
                        profile=profile_document(new_snapshot, now, profile.version))


def _write_tables(
    db: Session,
    user_id: uuid.UUID,
    old: Answers,
    new: Answers,
    old_snapshot: Mapping[str, Any],
    now: datetime,
    plan_reason: str,
    measurements: Mapping[str, Any] | None,
) -> None:
    """Bring each table whose answers changed in line with ``new`` (the registry's tables):
    one-per-user rows are updated in place, multi-row tables replaced, time series get a new
    row (a rollback copies the restored version's latest one)."""
    if old.get(0) != new.get(0):
        user = db.get(User, user_id, with_for_update=NO_KEY_UPDATE)
        user.metadata_ = {**(user.metadata_ or {}), **about_metadata(new[0])}
    existing = _StoredRows(db, user_id)
    for table in PROFILE_TABLES:
        if table.build is None:
            continue  # user_profiles: the caller sets its fields with the version
        if table.kind == "series" and measurements is not None:
            row = _restored_series_row(table, user_id, old_snapshot, measurements, now)
            if row is not None:
                db.add(row)
            continue
        if not table.changed_by(old, new):
            continue
        [(_, rows)] = build_rows(user_id, new, now, tables=(table,), parents=existing, body_source="user_input")
        if table.kind == "one":
            copy_columns(existing[table.section][0], rows[0])
        elif table.kind == "many":
            db.execute(delete(table.model).where(table.model.user_id == user_id))
            db.add_all(rows)
            db.flush()
        else:
            db.add_all(rows)
    if BY_SECTION["meal_plans"].changed_by(old, new):
        plan = existing["meal_plans"][0]
        plan.last_recalculated_at, plan.recalculation_reason = now, plan_reason
    db.flush()


class _StoredRows(Mapping[str, list[SQLModel]]):
    """The user's current rows of a one-row table, read when first asked for: the row a
    change updates in place, or a parent a rebuilt table points at (the meal plan)."""

    def __init__(self, db: Session, user_id: uuid.UUID) -> None:
        self._db, self._user_id, self._rows = db, user_id, {}

    def __getitem__(self, section: str) -> list[SQLModel]:
        table = BY_SECTION.get(section)
        if table is None or table.kind != "one":
            raise KeyError(section)
        if section not in self._rows:
            model = table.model
            self._rows[section] = [self._db.exec(select(model).where(model.user_id == self._user_id)).one()]
        return self._rows[section]

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _restored_series_row(
    table: ProfileTable, user_id: uuid.UUID, old_snapshot: Mapping[str, Any], measurements: Mapping[str, Any],
    now: datetime,
) -> SQLModel | None:
    """For a rollback: a copy of the restored version's latest time-series row, if it differs."""
    wanted = measurements.get(table.section)
    if not wanted or not diff_snapshots({table.section: old_snapshot.get(table.section)}, {table.section: wanted}):
        return None
    values = {
        key: Decimal(str(value)) if isinstance(value, float) else value
        for key, value in wanted.items()
        if key != "recorded_at"
    }
    return table.model(user_id=user_id, **values, recorded_at=now)


def _audit(
    db: Session,
    user_id: uuid.UUID,
    old_snapshot: Mapping[str, Any],
    new_snapshot: Mapping[str, Any],
    profile_before: dict[str, Any],
    profile_after: dict[str, Any],
    closed: UserProfileVersion,
    fields: list[str],
    change_reason: str,
    changed_by: str,
    user_agent: str | None,
    now: datetime,
) -> None:
    """One audit row per changed table with only the changed values, plus the versioning."""
    old_values: dict[str, dict[str, Any]] = defaultdict(dict)
    new_values: dict[str, dict[str, Any]] = defaultdict(dict)
    for diff in diff_snapshots(old_snapshot, new_snapshot, include_volatile=True):
        old_values[diff.section][diff.field] = diff.before
        new_values[diff.section][diff.field] = diff.after
    old_values["user_profiles"].update(profile_before)
    new_values["user_profiles"].update(profile_after)
    entries = [
        (table, "INSERT" if table in TIME_SERIES else "UPDATE", old_values[table], new_values[table])
        for table in sorted(new_values)
    ]
    entries += [
        ("user_profile_versions", "UPDATE", {"version": closed.version, "valid_until": None},
         {"version": closed.version, "valid_until": now}),
        ("user_profile_versions", "INSERT", None,
         {"version": profile_after["version"], "change_reason": change_reason, "changed_fields": fields}),
    ]
    audit.record_all(db, entries, user_id=user_id, changed_by=changed_by, user_agent=user_agent)
