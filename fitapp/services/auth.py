"""Sign up, sign in, sign out (here or everywhere), and resolving a session token to a user.

Throttling (policy in `domain.accounts`): every sign-in reserves an attempt against its
e-mail+IP pair and its IP before the password is checked; a success clears the pair and
gives the IP its attempt back. Sign-ups reserve against their IP. Callers that know no IP
(the CLI, demo data) pass none and are throttled by e-mail alone.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from dataclasses import replace
from datetime import datetime, timezone

from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError

from sqlmodel import Session, select

from fitapp.core.config import get_settings
from fitapp.core.db import get_engine, session_scope, writes_for
from fitapp.core.security import (
    PasswordQueueFull,
    hash_password,
    password_turn,
    hash_session_token,
    new_session_token,
    password_needs_rehash,
    verify_password,
)
from fitapp.core.throttle import get_throttle, throttle_key
from fitapp.domain.accounts import (
    ACCOUNT_IP_POLICY,
    IP_POLICY,
    SESSION_IDLE_TIMEOUT,
    SESSION_LIFETIME,
    SESSION_TOUCH_INTERVAL,
    SIGN_UP_IP_POLICY,
    AccountError,
    EmailTaken,
    SignInsBusy,
    SignInThrottled,
    SignUpRefused,
    device_type_from_user_agent,
    normalize_email,
    password_problem,
)
from fitapp.models import AuthSession, OnboardingState, SignInAttempt, User, UserCredential
from fitapp.services import audit

NO_IP = "-"


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
    expires_at: datetime


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _open_session(db, user: User, user_agent: str | None) -> SignedIn:
    token = new_session_token()
    now = _now()
    auth_session = AuthSession(
        user_id=user.id,
        token_hash=hash_session_token(token),
        expires_at=now + SESSION_LIFETIME,
        last_seen_at=now,
        device_type=device_type_from_user_agent(user_agent),
        user_agent=user_agent,
    )
    db.add(auth_session)
    db.flush()
    current = CurrentUser(user.id, user.email, bool(user.onboarding_completed), auth_session.id)
    return SignedIn(current, token, auth_session.expires_at)


def sign_up(email: str, password: str, *, user_agent: str | None = None, client_ip: str | None = None) -> SignedIn:
    """Create the account, its credentials, its onboarding state and a session, in one transaction.

    The web form and POST /api/v1/auth/sign-up both come here. With a client IP, sign-ups
    from that IP are throttled (they could otherwise probe which e-mails have accounts).
    The password is hashed before the transaction opens: no connection waits on Argon2.
    """
    try:
        email = normalize_email(email)
    except AccountError as error:
        raise SignUpRefused(str(error), "email") from None
    if problem := password_problem(password, email):
        raise SignUpRefused(problem, "password")
    if client_ip:
        policy = replace(SIGN_UP_IP_POLICY, free_attempts=get_settings().sign_ups_per_ip)
        _raise_if_refused(get_throttle().reserve([(throttle_key("sign-up-ip", client_ip), policy)]),
                          "Too many accounts were created from your network.")
    password_hash = hash_password(password)  # also when the e-mail is taken: both answers take as long
    try:
        with session_scope() as db:
            if db.exec(select(User.id).where(User.email == email)).first():
                raise EmailTaken()
            user = User(external_auth_id=f"local|{uuid.uuid4()}", email=email, metadata_={})
            db.add(user)
            db.flush()
            writes_for(db, user.id)  # a replica that has not replayed the sign-up is not asked about it
            db.add(UserCredential(user_id=user.id, password_hash=password_hash))
            db.add(OnboardingState(user_id=user.id, current_step=0, completed_steps=[], step_data={}))
            audit.record(
                db, user_id=user.id, table_name="users", operation="INSERT", changed_by="user",
                new_values={"email": email, "external_auth_id": user.external_auth_id}, user_agent=user_agent,
            )
            return _open_session(db, user, user_agent)
    except IntegrityError:
        # Two sign-ups with the same e-mail at once: the UNIQUE constraint decided.
        raise EmailTaken() from None


def sign_in(email: str, password: str, *, user_agent: str | None = None, client_ip: str | None = None,
            replaces_token: str | None = None) -> SignedIn:
    """Check the password and open a new session (a new token every time: rotation).

    Two short transactions around the Argon2 check, which holds no connection: the first reads
    the account and its hash, the second records the attempt and, on success, opens the session
    (checking again that the account is still open). `replaces_token` is the session this client
    held before, if any; it is revoked in that second transaction, so one browser never holds
    two live sessions.
    """
    try:
        email = normalize_email(email)
    except AccountError:
        raise AccountError("Wrong e-mail or password.") from None
    pair_key, ip_key = _reserve_sign_in(email, client_ip)
    with session_scope() as db:
        row = db.exec(
            select(User.id, UserCredential.password_hash)
            .join(UserCredential, UserCredential.user_id == User.id, isouter=True)
            .where(User.email == email, User.deleted_at.is_(None), User.account_status == "active")
        ).first()
    user_id, password_hash = row if row else (None, None)
    ok = verify_password(password_hash, password) and user_id is not None
    new_hash = hash_password(password) if ok and password_needs_rehash(password_hash) else None
    with session_scope() as db:
        db.add(SignInAttempt(email=email, succeeded=ok))
        user = None
        if ok:
            user = db.exec(select(User).where(User.id == user_id, User.deleted_at.is_(None),
                                              User.account_status == "active")).first()
        if user is not None:
            if new_hash:
                db.execute(update(UserCredential).where(UserCredential.user_id == user.id).values(password_hash=new_hash))
            if replaces_token:
                _revoke(db, AuthSession.token_hash == hash_session_token(replaces_token))
            signed_in = _open_session(db, user, user_agent)
    if user is None:
        # Raised after the block has committed the attempt row (kept for the person's export).
        raise AccountError("Wrong e-mail or password.")
    _forgive_sign_in(pair_key, ip_key)
    return signed_in


async def _in_line(function, *args, **kwargs):
    """Run a password-hashing use case in a thread once its turn comes (`security.password_turn`)."""
    try:
        async with password_turn():
            return await asyncio.to_thread(function, *args, **kwargs)
    except PasswordQueueFull:
        raise SignInsBusy() from None


async def sign_up_queued(email: str, password: str, **kwargs) -> SignedIn:
    """`sign_up` for async callers (Reflex handlers, API routes): waits its turn, off the event loop."""
    return await _in_line(sign_up, email, password, **kwargs)


async def sign_in_queued(email: str, password: str, **kwargs) -> SignedIn:
    """`sign_in` for async callers: waits its turn for a hashing slot, off the event loop."""
    return await _in_line(sign_in, email, password, **kwargs)


def password_confirmed(db: Session, user: User, password: str, *, client_ip: str | None = None) -> bool:
    """Re-check a signed-in person's password before an irreversible act (erasing the account).

    A stolen session token must not be enough, and guessing here is slowed down exactly like
    signing in: the attempt is reserved against the same e-mail+IP throttle. The caller
    commits the failed attempt row and raises afterwards, as ``sign_in`` does.
    """
    pair_key, ip_key = _reserve_sign_in(user.email, client_ip)
    password_hash = db.exec(select(UserCredential.password_hash).where(UserCredential.user_id == user.id)).first()
    if verify_password(password_hash, password or ""):
        _forgive_sign_in(pair_key, ip_key)
        return True
    db.add(SignInAttempt(email=user.email, succeeded=False))
    return False


def _reserve_sign_in(email: str, client_ip: str | None) -> tuple[str, str | None]:
    """Count this attempt before the password is checked; raise when the pair or the IP must wait."""
    pair_key = throttle_key("sign-in-pair", email, client_ip or NO_IP)
    checks = [(pair_key, ACCOUNT_IP_POLICY)]
    ip_key = None
    if client_ip:
        ip_key = throttle_key("sign-in-ip", client_ip)
        checks.append((ip_key, replace(IP_POLICY, free_attempts=get_settings().sign_in_failures_per_ip)))
    _raise_if_refused(get_throttle().reserve(checks), "Too many failed sign-ins.")
    return pair_key, ip_key


def _forgive_sign_in(pair_key: str, ip_key: str | None) -> None:
    """A right password: this e-mail+IP starts afresh, and the IP gets its attempt back."""
    throttle = get_throttle()
    throttle.clear(pair_key)
    if ip_key:
        throttle.forgive(ip_key)


def _raise_if_refused(decision, what: str) -> None:
    if decision.allowed:
        return
    minutes, seconds = divmod(decision.retry_after_seconds, 60)
    wait = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
    raise SignInThrottled(f"{what} Please wait {wait} and try again.", decision.retry_after_seconds)


def current_user(token: str | None) -> CurrentUser | None:
    """The user a browser token belongs to, or None when it is unknown, expired or revoked.

    Every request and UI event asks this first, so it is one autocommit statement (one round
    trip, no transaction): the match, and the session's last-seen touch when it is due (at most
    every SESSION_TOUCH_INTERVAL; a touch that updates no row writes nothing)."""
    if not token:
        return None
    now = _now()
    with get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        row = conn.execute(_CURRENT_USER_SQL, {
            "token_hash": hash_session_token(token), "now": now, "idle_after": now - SESSION_IDLE_TIMEOUT,
            "touch_before": now - SESSION_TOUCH_INTERVAL}).first()
    return None if row is None else CurrentUser(row.user_id, row.email, bool(row.onboarding_completed), row.session_id)


_CURRENT_USER_SQL = text(
    "WITH found AS (SELECT s.id AS session_id, s.last_seen_at, u.id AS user_id, u.email, u.onboarding_completed "
    "FROM auth_sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = :token_hash AND s.revoked_at IS NULL AND s.expires_at > :now "
    "AND coalesce(s.last_seen_at, s.created_at) > :idle_after "
    "AND u.deleted_at IS NULL AND u.account_status = 'active'), "
    "touched AS (UPDATE auth_sessions SET last_seen_at = :now WHERE id IN "
    "(SELECT session_id FROM found WHERE last_seen_at IS NULL OR last_seen_at < :touch_before)) "
    "SELECT user_id, email, onboarding_completed, session_id FROM found"
)


def _revoke(db, *where) -> int:
    result = db.execute(update(AuthSession).where(AuthSession.revoked_at.is_(None), *where).values(revoked_at=_now()))
    return result.rowcount


def sign_out(token: str | None) -> None:
    if not token:
        return
    with session_scope() as db:
        _revoke(db, AuthSession.token_hash == hash_session_token(token))


def sign_out_everywhere(token: str | None) -> int:
    """Revoke every live session of the token's owner, this one included (a lost phone, a shared
    computer); returns how many were revoked. An unknown or dead token revokes nothing."""
    user = current_user(token)
    if user is None:
        return 0
    with session_scope() as db:
        return _revoke(db, AuthSession.user_id == user.user_id)
