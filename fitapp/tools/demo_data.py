"""Synthetic users for demos and for trying the admin pages: `python -m fitapp.cli demo-data`.

Made with Faker and a seeded random generator, so a seed gives the same people and the same
funnel. Every answer is built from the onboarding domain and validated by it (the same
validators the conversation uses), and the locked profiles are written with the row builders
of the confirm (the registry, `fitapp.services.profile_tables`) and snapshotted by `build_profile_snapshot`,
so a demo profile is indistinguishable from a real one. About `completed_share` of the users
finished and locked their plan; the others stopped at some step (every step, given enough
users), with the step events a real session records (shown / rejected / hidden / answered,
with realistic durations, a few returning after a day or more). Some finished users changed
their plan later (new versions, closed as migration 007 allows) and most log a weekly
lifestyle check-in. All of it is written in one transaction with bulk inserts.

Demo accounts are local accounts on `DEMO_EMAIL_DOMAIN` sharing the password DEMO_PASSWORD.
"""

from __future__ import annotations

import random
import re
import time as clock
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from faker import Faker
from sqlalchemy import Table, insert, text
from sqlmodel import Session, SQLModel, select

from fitapp.core.db import get_engine, session_scope
from fitapp.core.security import hash_password
from fitapp.domain import (
    REVIEW_STEP,
    ReferenceData,
    StepContext,
    StepRejected,
    step_data_from_answers,
    suggested_meals,
    validate_answer,
)
from fitapp.domain.accounts import device_type_from_user_agent
from fitapp.domain.choices import WEEKDAYS, values
from fitapp.domain.clock import today_for
from fitapp.domain.diff import changed_fields
from fitapp.models import (
    AuditLog,
    HydrationPreference,
    LifestyleBaseline,
    OnboardingState,
    OnboardingStepEvent,
    User,
    UserCredential,
    UserProfile,
    UserProfileVersion,
)
from fitapp.services.profile_lock import CHANGE_REASON
from fitapp.services.profile_tables import (
    BY_SECTION,
    about_metadata,
    build_rows,
    copy_columns,
    lifestyle_row,
    profile_fields,
)
from fitapp.services.reference import load_reference_data
from fitapp.services.snapshot import build_profile_snapshot, json_value
from fitapp.services.versions import append_version

DEMO_PASSWORD = "demo coach 2024"
DEMO_EMAIL_DOMAIN = "demo.example.com"
FLOW_VERSION = "1.0"
MAX_USERS = 100_000
ANALYZED_TABLES = ("users", "onboarding_states", "onboarding_step_events", "user_profiles", "user_profile_versions",
                   "lifestyle_baselines", "audit_log")

# Median seconds a step is on screen, and how the unfinished spread over the steps.
STEP_SECONDS = (70, 15, 50, 45, 25, 35, 60, 40, 45, 20, 25, 30)
DROP_WEIGHTS = (20, 6, 12, 8, 5, 7, 10, 12, 7, 4, 4, 5)
REJECT_CHANCE = (0.06, 0.02, 0.25, 0.05, 0.05, 0.12, 0.10, 0.18, 0.20, 0.04, 0.08, 0.0)
HIDE_CHANCE = 0.12
RETURN_CHANCE = 0.15  # of users: one break of a day or more, after some step
CHANGE_CHANCE = 0.35
REJECTION_MESSAGES = {
    0: "Height must be between 100 and 250 cm.",
    2: "A safe pace is at most 1 % of your body weight a week.",
    5: "Your workout can't be longer than the longest workout you gave.",
    7: "Protein, carbs and fat must add up to your calorie target (within 50 kcal).",
    8: "Meal windows must not overlap.",
    10: "The reminder window must start before it ends.",
}
USER_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
)
CUISINES = ["italian", "indian", "mexican", "japanese", "thai", "greek"]
TIME_ZONES = ("Europe/Berlin", "Europe/London", "America/New_York", "America/Chicago", "America/Los_Angeles",
              "Asia/Tokyo", "Australia/Sydney", "Europe/Madrid")
CHANGE_REASONS = {
    9: ("Sleeping better since I changed jobs", "More stress at work lately", "Feeling more energetic"),
    10: ("I keep forgetting to drink", "Too many reminders", "Summer is here, drinking more"),
}


class DemoDataError(Exception):
    """The demo data could not be written (nothing was)."""


@dataclass
class DemoResult:
    users: int = 0
    completed: int = 0
    dropped_at_step: dict[int, int] = field(default_factory=dict)
    versions: int = 0
    lifestyle_rows: int = 0
    events: int = 0
    password: str = DEMO_PASSWORD
    sample_emails: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Person:
    user_id: uuid.UUID
    email: str
    answers: dict[int, dict[str, Any]]
    user_agent: str
    started_at: datetime
    drop_step: int | None  # None: finished and locked
    events: list[dict[str, Any]] = field(default_factory=list)
    completed_at: datetime | None = None

    @property
    def last_event_at(self) -> datetime:
        return self.events[-1]["occurred_at"] if self.events else self.started_at


# ---------------------------------------------------------------- answers


def _validated(step: int, candidates: Iterable[dict[str, Any]], answers: dict[int, dict[str, Any]],
               reference: ReferenceData, today: date) -> dict[str, Any]:
    """The first candidate the step's own validator accepts, normalized as it would be stored."""
    problems: list[str] = []
    for candidate in candidates:
        try:
            return validate_answer(step, candidate, StepContext(dict(answers), reference, today)).answer
        except StepRejected as rejected:
            problems = rejected.messages
    raise DemoDataError(f"no valid demo answer for step {step}: {problems}")


def _answers(rng: random.Random, fake: Faker, reference: ReferenceData, now: datetime) -> dict[int, dict[str, Any]]:
    """A varied, valid set of answers to steps 0–10."""
    sex = rng.choices(("female", "male", "unspecified"), (48, 48, 4))[0]
    height = round(rng.gauss(165 if sex == "female" else 178, 7), 1)
    weight = round(max(45.0, rng.gauss(68 if sex == "female" else 82, 12)), 1)
    zone = rng.choice(TIME_ZONES)
    today = today_for({0: {"time_zone": zone}}, now)
    birth = fake.date_of_birth(minimum_age=18, maximum_age=68)
    answers: dict[int, dict[str, Any]] = {}

    def add(step: int, *candidates: dict[str, Any]) -> None:
        answers[step] = _validated(step, candidates, answers, reference, today)

    add(0, {"consent": True, "units": rng.choice(("metric", "metric", "imperial")), "sex": sex,
            "birth_date": birth.isoformat(), "height_cm": min(max(height, 140.0), 210.0), "weight_kg": weight,
            "time_zone": zone})
    add(1, {"fitness_level": rng.choices(("beginner", "intermediate", "advanced"), (5, 4, 1))[0],
            "activity_level": rng.choice(("sedentary", "light", "moderate", "very_active"))})
    primary = rng.choices(("fat_loss", "muscle_gain", "general_fitness"), (5, 3, 3))[0]
    secondary_options = [code for code in reference.secondary_goal_codes
                         if code != primary and {code, primary} != {"fat_loss", "muscle_gain"}]
    secondary = rng.choice(secondary_options) if secondary_options and rng.random() < 0.6 else None
    weeks = rng.choice((8, 12, 16, 24, None))
    if primary == "fat_loss":
        target = round(weight * rng.uniform(0.85, 0.97), 1)
    elif primary == "muscle_gain":
        target = round(weight + rng.uniform(1, 5), 1)
    else:
        target = None
    goal = {"primary_goal": primary, "secondary_goal": secondary, "target_weight_kg": target,
            "target_body_fat_percentage": rng.choice((None, None, 18.0, 22.0, 25.0)),
            "target_muscle_gain_kg": rng.choice((None, 2.0, 3.0)) if primary == "muscle_gain" else None,
            "target_timeline_weeks": weeks,
            "user_explanation": rng.choice((None, fake.sentence(nb_words=8)))}
    add(2, goal, {**goal, "target_timeline_weeks": None},
        {**goal, "target_weight_kg": None, "target_muscle_gain_kg": None, "target_timeline_weeks": None})
    parq = dict.fromkeys(("heart_condition", "chest_pain_activity", "chest_pain_rest", "dizziness", "bone_joint",
                          "bp_medication", "other_reason"), False)
    if rng.random() < 0.1:
        parq[rng.choice(list(parq))] = True
    injuries = [] if rng.random() < 0.7 else [{
        "area": rng.choice(("knee", "back", "shoulder", "hip", "ankle")),
        "severity": rng.choice(("mild", "mild", "moderate", "severe")),
        "description": rng.choice(("Old sports injury", "Hurts after long runs", "Recovering from surgery")),
    }]
    limitations = [] if rng.random() < 0.85 else ["Limited time in the mornings"]
    add(3, {"parq": parq, "injuries": injuries, "limitations": limitations})
    location = rng.choice(("home", "gym", "outdoor", "hybrid"))
    equipment = sorted(reference.equipment_codes)
    chosen = rng.sample(equipment, k=min(len(equipment), rng.randint(0, 4))) if location != "gym" else equipment[:6]
    longest = rng.choice((30, 45, 60, 75, 90))
    add(4, {"workout_location": location, "available_equipment": chosen, "max_workout_duration_minutes": longest})
    days = sorted(rng.sample(values(WEEKDAYS), k=rng.randint(2, 5)), key=values(WEEKDAYS).index)
    add(5, {"workout_days": days,
            "preferred_workout_time": rng.choice(("06:30", "07:00", "12:00", "17:30", "18:00", "19:30")),
            "preferred_workout_duration_minutes": rng.choice([m for m in (20, 30, 45, 60) if m <= longest]),
            "workout_reminder_enabled": rng.random() < 0.8, "reminder_offset_minutes": rng.choice((-60, -30, -15)),
            "rest_day_preference": rng.choice(("fixed", "flexible", "auto"))})
    diet = rng.choices(("omnivore", "vegetarian", "vegan", "pescatarian", "keto", "mediterranean", "paleo", "other"),
                       (40, 15, 7, 8, 6, 12, 5, 2))[0]
    add(6, {"diet_type": diet, "diet_type_other": "Low FODMAP" if diet == "other" else None,
            "allergies": rng.choice(([], [], [], ["peanuts"], ["shellfish"], ["gluten"])),
            "intolerances": rng.choice(([], [], ["lactose"])), "dislikes": rng.choice(([], ["olives"], ["mushrooms"])),
            "religious_restrictions": rng.choice(([], [], [], ["halal"], ["kosher"])),
            "preferred_cuisines": rng.sample(CUISINES, k=rng.randint(0, 3)),
            "cooking_skill_level": rng.choice(("beginner", "intermediate", "advanced", None)),
            "meal_prep_willingness": rng.choice(("none", "minimal", "moderate", "extensive", None)),
            "max_meal_prep_time_minutes": rng.choice((15, 30, 45, 60, None)),
            "budget_per_day_usd": rng.choice((10.0, 15.0, 20.0, 30.0, None)),
            "additional_notes": None if rng.random() < 0.85 else fake.sentence(nb_words=6)})
    meals = rng.choices((3, 4, 5, 2), (50, 25, 15, 10))[0]
    add(7, {"meals_per_day": meals, "accept_proposal": True})
    add(8, {"meals": suggested_meals(meals)})
    add(9, _lifestyle(rng))
    add(10, {"daily_water_target_ml": int(round(weight * 35 / 100) * 100), "reminder_enabled": rng.random() < 0.8,
             "reminder_frequency_minutes": rng.choice((30, 60, 90, 120)), "reminder_start_time": "08:00",
             "reminder_end_time": rng.choice(("20:00", "21:00", "22:00")),
             "reminder_tone": rng.choice(("gentle", "motivational", "minimal")),
             "auto_remind_with_meals": rng.random() < 0.6})
    return answers


def _lifestyle(rng: random.Random) -> dict[str, Any]:
    return {"energy_level": rng.choice(("low", "medium", "medium", "high")),
            "stress_level": rng.choice(("low", "medium", "medium", "high")),
            "sleep_quality": rng.choice(("poor", "fair", "good", "good", "excellent")),
            "sleep_hours_last_night": None if rng.random() < 0.2 else round(rng.uniform(5, 9) * 2) / 2}


# ---------------------------------------------------------------- sessions


def _duration(rng: random.Random, step: int) -> timedelta:
    return timedelta(seconds=max(3.0, rng.lognormvariate(0, 0.5) * STEP_SECONDS[step]))


def _event(person: _Person, step: int, event: str, at: datetime, session_id: str,
           details: dict[str, Any] | None = None) -> None:
    # Strictly increasing times, as the services write them (durations never overlap).
    if person.events and at <= person.events[-1]["occurred_at"]:
        at = person.events[-1]["occurred_at"] + timedelta(microseconds=1)
    row = {"id": uuid.uuid4(), "user_id": person.user_id, "step": step, "event": event, "flow_version": FLOW_VERSION,
           "session_id": session_id, "occurred_at": at}
    if details is not None:
        row["details"] = details
    person.events.append(row)


def _play_session(rng: random.Random, person: _Person) -> None:
    """The events of going through the steps up to the drop step (or the confirm)."""
    last = REVIEW_STEP if person.drop_step is None else person.drop_step
    session = uuid.uuid4().hex
    at = person.started_at + timedelta(seconds=rng.uniform(1, 5))
    break_after = rng.randrange(last) if last and rng.random() < RETURN_CHANCE else None
    for step in range(last + 1):
        _event(person, step, "shown", at, session)
        on_screen = _duration(rng, step)
        if rng.random() < HIDE_CHANCE:  # switched tabs for a while
            hidden_at = at + on_screen * rng.uniform(0.2, 0.8)
            _event(person, step, "hidden", hidden_at, session)
            at = hidden_at + timedelta(seconds=rng.uniform(10, 900))
            _event(person, step, "shown", at, session)
        if rng.random() < REJECT_CHANCE[step]:
            message = REJECTION_MESSAGES.get(step, "Please check this answer.")
            _event(person, step, "rejected", at + on_screen * 0.6, session, {"messages": [message]})
            on_screen *= 1.5
        at += on_screen
        if step == last:
            if person.drop_step is None:
                person.completed_at = at  # confirm and lock: no step event, completed_at says it
            elif rng.random() < 0.5:
                _event(person, step, "hidden", at, session)
            return
        _event(person, step, "answered", at, session)
        if step == break_after:  # left after answering and came back days later
            _event(person, step + 1, "shown", at, session)
            _event(person, step + 1, "hidden", at + timedelta(seconds=rng.uniform(2, 20)), session)
            at += timedelta(days=rng.uniform(1.1, 4), seconds=rng.uniform(0, 3600))
            session = uuid.uuid4().hex
        at += timedelta(microseconds=1)


def _fit_before(person: _Person, now: datetime) -> None:
    """Move a session that would end in the future back in time, keeping its shape."""
    end = person.completed_at or person.last_event_at
    overshoot = end - (now - timedelta(minutes=5))
    if overshoot > timedelta(0):
        person.started_at -= overshoot
        for row in person.events:
            row["occurred_at"] -= overshoot
        if person.completed_at is not None:
            person.completed_at -= overshoot


# ---------------------------------------------------------------- writing


def _bulk_insert(db: Session, table: Table, rows: list[dict[str, Any]], chunk: int = 2000) -> None:
    """executemany in chunks; rows are grouped by their keys so each statement is uniform."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    for group in groups.values():
        for offset in range(0, len(group), chunk):
            db.execute(insert(table), group[offset:offset + chunk])


def _stamp(rows: Iterable[SQLModel], at: datetime) -> list[SQLModel]:
    stamped = list(rows)
    for row in stamped:
        for name in ("created_at", "updated_at"):
            if name in type(row).__table__.columns:
                setattr(row, name, at)
    return stamped


def _profile_objects(person: _Person) -> tuple[UserProfile, list[SQLModel]]:
    """The rows confirm_and_lock would write, timed at the person's confirm."""
    answers, at, uid = person.answers, person.completed_at, person.user_id
    profile = UserProfile(id=uuid.uuid4(), user_id=uid, version=1, previous_version_id=None, **profile_fields(answers),
                          last_modified_by="user", modification_reason=CHANGE_REASON, is_locked=True, locked_at=at)
    rows: list[SQLModel] = [profile, *(row for _, built in build_rows(uid, answers, at) for row in built)]
    return profile, _stamp(rows, at)


def _email(fake: Faker, seed: int, index: int) -> str:
    first = re.sub(r"[^a-z]", "", fake.first_name().lower()) or "user"
    last = re.sub(r"[^a-z]", "", fake.last_name().lower()) or "demo"
    return f"{first}.{last}.{seed}.{index}@{DEMO_EMAIL_DOMAIN}"


def _drop_steps(rng: random.Random, count: int) -> list[int]:
    """Where the unfinished stop: every step once (as far as the count allows), then weighted."""
    steps = list(range(REVIEW_STEP + 1))[:count]
    steps += rng.choices(range(REVIEW_STEP + 1), DROP_WEIGHTS, k=max(0, count - len(steps)))
    rng.shuffle(steps)
    return steps


def generate(
    users: int, *, seed: int = 7, completed_share: float = 0.65, weeks: int = 6, now: datetime | None = None
) -> DemoResult:
    """Write ``users`` synthetic users whose onboardings started over the last ``weeks`` weeks."""
    if not 1 <= users <= MAX_USERS:
        raise DemoDataError(f"Choose between 1 and {MAX_USERS} users.")
    if not 0 <= completed_share <= 1:
        raise DemoDataError("The completed share is a fraction between 0 and 1.")
    if weeks < 1:
        raise DemoDataError("Spread the users over at least one week.")
    began = clock.monotonic()
    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    fake = Faker()
    fake.seed_instance(seed)
    reference = load_reference_data()

    finished = round(users * completed_share)
    fates: list[int | None] = [None] * finished + _drop_steps(rng, users - finished)
    rng.shuffle(fates)
    people = []
    for index, fate in enumerate(fates):
        started = now - timedelta(days=rng.uniform(0, weeks * 7))
        person = _Person(uuid.uuid4(), _email(fake, seed, index), _answers(rng, fake, reference, now),
                         rng.choice(USER_AGENTS), started, fate)
        _play_session(rng, person)
        _fit_before(person, now)
        people.append(person)

    result = DemoResult(users=len(people), completed=finished,
                        dropped_at_step=dict(sorted(Counter(f for f in fates if f is not None).items())),
                        sample_emails=[p.email for p in people[:3]])
    password_hash = hash_password(DEMO_PASSWORD)  # one hash: Argon2 is slow on purpose
    with session_scope() as db:
        emails = [p.email for p in people]
        taken = db.exec(select(User.email).where(User.email.in_(emails))).first()
        if taken:
            raise DemoDataError(f"Demo users of seed {seed} exist already (e.g. {taken}); choose another --seed.")
        _write_accounts(db, people, password_hash)
        result.events = sum(len(p.events) for p in people)
        _bulk_insert(db, OnboardingStepEvent.__table__, [row for p in people for row in p.events])
        finished_people = [p for p in people if p.drop_step is None]
        result.versions, result.lifestyle_rows = _write_profiles(db, rng, finished_people, now)
    with get_engine().connect() as conn:  # fresh planner statistics for the admin pages straight away
        conn.execute(text(f"ANALYZE {', '.join(ANALYZED_TABLES)}"))
        conn.commit()
    result.seconds = round(clock.monotonic() - began, 1)
    return result


def _write_accounts(db: Session, people: list[_Person], password_hash: str) -> None:
    users, credentials, states, trail = [], [], [], []
    for p in people:
        signed_up = p.started_at - timedelta(seconds=2)
        done = p.drop_step is None
        answered = p.answers if done else {step: p.answers[step] for step in range(p.drop_step)}
        metadata: dict[str, Any] = {}
        if done:
            consent_at = next(e["occurred_at"] for e in p.events if e["step"] == 0 and e["event"] == "answered")
            metadata = {"consent_given_at": json_value(consent_at), **about_metadata(p.answers[0])}
        users.append({"id": p.user_id, "external_auth_id": f"local|{uuid.uuid4()}", "email": p.email,
                      "email_verified": False, "account_status": "active", "onboarding_completed": done,
                      "onboarding_completed_at": p.completed_at, "created_at": signed_up,
                      "updated_at": p.completed_at or signed_up, "metadata": metadata})
        credentials.append({"user_id": p.user_id, "password_hash": password_hash, "password_updated_at": signed_up})
        states.append({"id": uuid.uuid4(), "user_id": p.user_id,
                       "current_step": REVIEW_STEP if done else p.drop_step, "completed_steps": sorted(answered),
                       "step_data": step_data_from_answers(answered), "flow_version": FLOW_VERSION,
                       "started_at": p.started_at, "last_activity_at": p.completed_at or p.last_event_at,
                       "completed_at": p.completed_at, "session_id": p.events[-1]["session_id"] if p.events else None,
                       "device_type": device_type_from_user_agent(p.user_agent), "user_agent": p.user_agent,
                       "created_at": signed_up, "updated_at": p.completed_at or p.last_event_at})
        trail.append({"user_id": p.user_id, "table_name": "users", "operation": "INSERT", "changed_by": "user",
                      "new_values": {"email": p.email, "source": "demo-data"}, "user_agent": p.user_agent,
                      "created_at": signed_up})
    _bulk_insert(db, User.__table__, users)
    _bulk_insert(db, UserCredential.__table__, credentials)
    _bulk_insert(db, OnboardingState.__table__, states)
    _bulk_insert(db, AuditLog.__table__, trail)


def _write_profiles(db: Session, rng: random.Random, finished: list[_Person], now: datetime) -> tuple[int, int]:
    """Locked profiles with version 1, later changes as new versions, weekly lifestyle rows."""
    profiles: dict[uuid.UUID, UserProfile] = {}
    for person in finished:
        profile, rows = _profile_objects(person)
        profiles[person.user_id] = profile
        db.add_all(rows)
    db.flush()
    versions = 0
    lifestyle = len(finished)
    weekly: list[dict[str, Any]] = []
    trail: list[dict[str, Any]] = []
    for person in finished:
        current = _add_version(db, person, person.answers, person.completed_at, 1, CHANGE_REASON, None, None)
        trail.append(_version_audit(person, 1, CHANGE_REASON, person.completed_at))
        versions += 1
        answers = person.answers
        span = (now - person.completed_at).total_seconds()
        if span > 86400 and rng.random() < CHANGE_CHANCE:  # changes come a day or more after the lock
            moments = sorted(rng.uniform(0.1, 0.95) * span for _ in range(rng.randint(1, 3)))
            for seconds in moments:
                at = max(person.completed_at + timedelta(seconds=seconds), current.valid_from + timedelta(seconds=1))
                step = rng.choice((9, 10))
                answers, lifestyle_rows = _changed_answers(db, rng, person, answers, step, at, profiles[person.user_id])
                lifestyle += lifestyle_rows
                reason = rng.choice(CHANGE_REASONS[step])
                current = _add_version(db, person, answers, at, current.version + 1, reason, current,
                                       profiles[person.user_id])
                trail.append(_version_audit(person, current.version, reason, at))
                versions += 1
        checkin = person.completed_at + timedelta(days=7)
        while checkin < now:
            if rng.random() < 0.8:
                weekly.append({"id": uuid.uuid4(), "user_id": person.user_id, **_lifestyle(rng),
                               "recorded_at": checkin, "data_source": rng.choice(("user_input", "wearable")),
                               "created_at": checkin})
            checkin += timedelta(days=7, hours=rng.uniform(-12, 12))
    db.flush()
    for row in weekly:
        hours = row["sleep_hours_last_night"]
        row["sleep_hours_last_night"] = None if hours is None else Decimal(str(hours))
    _bulk_insert(db, LifestyleBaseline.__table__, weekly)
    _bulk_insert(db, AuditLog.__table__, trail)
    return versions, lifestyle + len(weekly)


def _changed_answers(db: Session, rng: random.Random, person: _Person, answers: Mapping[int, dict[str, Any]],
                     step: int, at: datetime, profile: UserProfile) -> tuple[dict[int, dict[str, Any]], int]:
    """A later change of lifestyle (step 9: a new time-series row) or hydration (step 10: the
    row updated in place), validated like the change request would; new answers, lifestyle rows."""
    new = {k: dict(v) for k, v in answers.items()}
    reference = load_reference_data()
    today = today_for(new, at)
    if step == 9:
        new[9] = _validated(9, [_lifestyle(rng)], new, reference, today)
        for column, value in profile_fields(new).items():
            setattr(profile, column, value)
        db.add(_stamp([lifestyle_row(person.user_id, new[9], at)], at)[0])
        return new, 1
    water = dict(new[10])
    water["daily_water_target_ml"] = max(500, water["daily_water_target_ml"] + rng.choice((-300, 300, 500)))
    water["reminder_frequency_minutes"] = rng.choice((45, 60, 90))
    new[10] = _validated(10, [water, new[10]], new, reference, today)
    row = db.exec(select(HydrationPreference).where(HydrationPreference.user_id == person.user_id)).one()
    [(_, built)] = build_rows(person.user_id, new, at, tables=(BY_SECTION["hydration_preferences"],))
    copy_columns(row, built[0])
    return new, 0


def _add_version(db: Session, person: _Person, answers: Mapping[int, Mapping[str, Any]], at: datetime, version: int,
                 reason: str, previous: UserProfileVersion | None, profile: UserProfile | None) -> UserProfileVersion:
    """Snapshot the tables as they now are and append the version (closing the previous one)."""
    if profile is not None:
        profile.version, profile.previous_version_id = version, previous.id if previous else None
        profile.modification_reason, profile.locked_at, profile.last_modified_by = reason, at, "user"
    db.flush()
    snapshot = build_profile_snapshot(db, person.user_id, answers)
    fields = list(snapshot) if previous is None else changed_fields(json_value(previous.profile_snapshot), snapshot)
    return append_version(db, user_id=person.user_id, previous=previous, version=version, snapshot=snapshot,
                          changed_fields=fields, change_reason=reason, changed_by="user", at=at, created_at=at)


def _version_audit(person: _Person, version: int, reason: str, at: datetime) -> dict[str, Any]:
    return {"user_id": person.user_id, "table_name": "user_profile_versions", "operation": "INSERT",
            "changed_by": "user", "new_values": {"version": version, "change_reason": reason},
            "user_agent": person.user_agent, "created_at": at}
