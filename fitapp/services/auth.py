"""Sign up, sign in, sign out, and resolving a browser's session token to a user."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from sqlmodel import Session, select

from fitapp.core.db import session_scope
from fitapp.core.security import (
    hash_password,
    hash_session_token,
    new_session_token,
    password_needs_rehash,
    verify_password,
)
from fitapp.domain.accounts import (
    AccountError,
    SignInThrottled,
    device_type_from_user_agent,
    normalize_email,
    password_problem,
    sign_in_throttle,
)
from fitapp.models import AuthSession, OnboardingState, SignInAttempt, User, UserCredential
from fitapp.services import audit

SESSION_LIFETIME = timedelta(days=30)
SESSION_TOUCH_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True)
class CurrentUser:
    """What the UI may know about the signed-in person."""

    user_id: uuid.UUID
    email: str
    onboarding_completed: bool
    session_id: uuid.UUID


@dataclass(frozen=True)
class SignedIn:
    user: CurrentUser
    token: str


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _open_session(db, user: User, user_agent: str | None) -> SignedIn:
    token = new_session_token()
    auth_session = AuthSession(
        user_id=user.id,
        token_hash=hash_session_token(token),
        expires_at=_now() + SESSION_LIFETIME,
        device_type=device_type_from_user_agent(user_agent),
        user_agent=user_agent,
    )
    db.add(auth_session)
    db.flush()
    current = CurrentUser(user.id, user.email, bool(user.onboarding_completed), auth_session.id)
    return SignedIn(current, token)


def sign_up(email: str, password: str, *, user_agent: str | None = None) -> SignedIn:
    """Create the account, its credentials, its onboarding state and a session, in one transaction."""
    email = normalize_email(email)
    if problem := password_problem(password, email):
        raise AccountError(problem)
    try:
        with session_scope() as db:
            if db.exec(select(User.id).where(User.email == email)).first():
                raise AccountError("An account with this e-mail already exists. Sign in instead.")
            user = User(external_auth_id=f"local|{uuid.uuid4()}", email=email, metadata_={})
            db.add(user)
            db.flush()
            db.add(UserCredential(user_id=user.id, password_hash=hash_password(password)))
            db.add(OnboardingState(user_id=user.id, current_step=0, completed_steps=[], step_data={}))
            audit.record(
                db, user_id=user.id, table_name="users", operation="INSERT", changed_by="user",
                new_values={"email": email, "external_auth_id": user.external_auth_id}, user_agent=user_agent,
            )
            return _open_session(db, user, user_agent)
    except IntegrityError:
        # Two sign-ups with the same e-mail at once: the UNIQUE constraint decided.
        raise AccountError("An account with this e-mail already exists. Sign in instead.") from None


def sign_in(email: str, password: str, *, user_agent: str | None = None) -> SignedIn:
    try:
        email = normalize_email(email)
    except AccountError:
        raise AccountError("Wrong e-mail or password.") from None
    with session_scope() as db:
        _check_throttle(db, email)
        row = db.exec(
            select(User, UserCredential.password_hash)
            .join(UserCredential, UserCredential.user_id == User.id, isouter=True)
            .where(User.email == email, User.deleted_at.is_(None))
        ).first()
        user, password_hash = row if row else (None, None)
        ok = verify_password(password_hash, password) and user is not None and user.account_status == "active"
        db.add(SignInAttempt(email=email, succeeded=ok))
        if ok:
            if password_needs_rehash(password_hash):
                db.execute(
                    update(UserCredential).where(UserCredential.user_id == user.id).values(password_hash=hash_password(password))
                )
            return _open_session(db, user, user_agent)
    # Raised after the block has committed, so the failed attempt counts towards the throttle.
    raise AccountError("Wrong e-mail or password.")


def password_confirmed(db: Session, user: User, password: str) -> bool:
    """Re-check a signed-in person's password before an irreversible act (erasing the account).

    A stolen session token must not be enough, and guessing here is slowed down exactly like
    signing in: a failure counts towards the e-mail's throttle. The caller commits the
    failed attempt (so it counts) and raises afterwards, as ``sign_in`` does.
    """
    _check_throttle(db, user.email)
    password_hash = db.exec(select(UserCredential.password_hash).where(UserCredential.user_id == user.id)).first()
    if verify_password(password_hash, password or ""):
        return True
    db.add(SignInAttempt(email=user.email, succeeded=False))
    return False


def _check_throttle(db, email: str) -> None:
    now = _now()
    attempts = db.exec(
        select(SignInAttempt.attempted_at, SignInAttempt.succeeded)
        .where(SignInAttempt.email == email, SignInAttempt.attempted_at > now - timedelta(minutes=15))
        .order_by(SignInAttempt.attempted_at.desc())
        .limit(50)
    ).all()
    failures = []
    for attempted_at, succeeded in attempts:
        if succeeded:
            break
        failures.append(attempted_at)
    decision = sign_in_throttle(failures, now)
    if not decision.allowed:
        minutes, seconds = divmod(decision.retry_after_seconds, 60)
        wait = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
        raise SignInThrottled(f"Too many failed sign-ins. Please wait {wait} and try again.", decision.retry_after_seconds)


def current_user(token: str | None) -> CurrentUser | None:
    """The user a browser token belongs to, or None when it is unknown, expired or revoked."""
    if not token:
        return None
    now = _now()
    with session_scope() as db:
        row = db.exec(
            select(AuthSession, User)
            .join(User, User.id == AuthSession.user_id)
            .where(
                AuthSession.token_hash == hash_session_token(token),
                AuthSession.revoked_at.is_(None),
                AuthSession.expires_at > now,
                User.deleted_at.is_(None),
                User.account_status == "active",
            )
        ).first()
        if row is None:
            return None
        auth_session, user = row
        if auth_session.last_seen_at is None or now - auth_session.last_seen_at > SESSION_TOUCH_INTERVAL:
            auth_session.last_seen_at = now
        return CurrentUser(user.id, user.email, bool(user.onboarding_completed), auth_session.id)


def sign_out(token: str | None) -> None:
    if not token:
        return
    with session_scope() as db:
        db.execute(
            update(AuthSession)
            .where(AuthSession.token_hash == hash_session_token(token), AuthSession.revoked_at.is_(None))
            .values(revoked_at=_now())
        )
