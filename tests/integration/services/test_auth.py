"""Accounts against the real database: sign-up, sign-in, sessions, throttling."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from fitapp.core.security import hash_session_token
from fitapp.domain.accounts import SESSION_IDLE_TIMEOUT, SESSION_LIFETIME, AccountError
from fitapp.services import auth
from tests.support.factories import DEFAULT_PASSWORD, random_email, sign_up_new_user

pytestmark = pytest.mark.usefixtures("app_database")


def test_sign_up_stores_lower_cased_email_provider_qualified_id_argon2_hash_and_onboarding_state(engine):
    email = random_email("Mixed.Case").replace("mixed", "MiXeD")
    signed_in = auth.sign_up(email.upper(), DEFAULT_PASSWORD, user_agent="Mozilla/5.0 (iPhone) Mobile")
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT u.email, u.external_auth_id, c.password_hash, o.current_step, s.token_hash, s.device_type "
                "FROM users u JOIN user_credentials c ON c.user_id = u.id JOIN onboarding_states o ON o.user_id = u.id "
                "JOIN auth_sessions s ON s.user_id = u.id WHERE u.id = :id"
            ),
            {"id": signed_in.user.user_id},
        ).one()
    assert row.email == email.lower()
    assert row.external_auth_id.startswith("local|")
    assert row.password_hash.startswith("$argon2id$") and DEFAULT_PASSWORD not in row.password_hash
    assert row.current_step == 0
    assert row.token_hash == hash_session_token(signed_in.token) != signed_in.token
    assert row.device_type == "mobile"


def test_duplicate_email_in_any_case_is_refused_with_a_clear_message():
    email = random_email()
    sign_up_new_user(email)
    with pytest.raises(AccountError, match="already exists"):
        auth.sign_up(email.upper(), DEFAULT_PASSWORD)


@pytest.mark.parametrize("password", ["short1", "password123", "aaaaaaaaaaaa", "abcdefghij", "1234512345", "qwertyuiop1"])
def test_weak_password_is_refused_and_no_account_is_created(engine, password):
    email = random_email()
    with pytest.raises(AccountError):
        auth.sign_up(email, password)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users WHERE email = :e"), {"e": email}).scalar_one() == 0


def test_sign_in_with_the_right_password_opens_a_new_session_that_resolves_to_the_user():
    email = random_email()
    first = sign_up_new_user(email)
    second = auth.sign_in(email, DEFAULT_PASSWORD)
    assert second.token != first.token
    assert auth.current_user(second.token).user_id == first.user.user_id
    assert auth.current_user(first.token).user_id == first.user.user_id


def test_wrong_password_and_unknown_email_get_the_same_message():
    email = random_email()
    sign_up_new_user(email)
    with pytest.raises(AccountError, match="Wrong e-mail or password"):
        auth.sign_in(email, "not the password at all")
    with pytest.raises(AccountError, match="Wrong e-mail or password"):
        auth.sign_in(random_email(), DEFAULT_PASSWORD)


def test_repeated_failures_lock_sign_in_for_a_while_even_with_the_right_password():
    email = random_email()
    sign_up_new_user(email)
    for _ in range(5):
        with pytest.raises(AccountError, match="Wrong e-mail or password"):
            auth.sign_in(email, "wrong password here")
    with pytest.raises(AccountError, match="Too many failed sign-ins"):
        auth.sign_in(email, DEFAULT_PASSWORD)


def test_signed_out_expired_and_unknown_tokens_resolve_to_nobody(engine):
    signed_in = sign_up_new_user()
    assert auth.current_user(signed_in.token) is not None
    auth.sign_out(signed_in.token)
    assert auth.current_user(signed_in.token) is None
    assert auth.current_user("made-up-token") is None
    assert auth.current_user(None) is None

    other = auth.sign_in(signed_in.user.email, DEFAULT_PASSWORD)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE auth_sessions SET expires_at = :t WHERE token_hash = :h"),
            {"t": datetime.now(timezone.utc) - timedelta(seconds=1), "h": hash_session_token(other.token)},
        )
    assert auth.current_user(other.token) is None


def _age_session(engine, token: str, **ago: timedelta) -> None:
    """Move a session's bookkeeping into the past (sign-in at `created`, last use at `seen`)."""
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE auth_sessions SET created_at = :created, last_seen_at = :seen, expires_at = :expires "
                 "WHERE token_hash = :h"),
            {"created": now - ago["created"], "seen": now - ago["seen"],
             "expires": now - ago["created"] + SESSION_LIFETIME, "h": hash_session_token(token)},
        )


def test_a_session_unused_for_longer_than_the_idle_timeout_stops_working(engine):
    signed_in = sign_up_new_user()
    _age_session(engine, signed_in.token, created=timedelta(days=5), seen=SESSION_IDLE_TIMEOUT + timedelta(minutes=1))
    assert auth.current_user(signed_in.token) is None


def test_a_session_in_use_lives_until_its_absolute_lifetime(engine):
    signed_in = sign_up_new_user()
    _age_session(engine, signed_in.token, created=timedelta(days=29), seen=timedelta(hours=2))
    assert auth.current_user(signed_in.token) is not None
    # Used just now, so last_seen_at moved: the idle clock restarted.
    with engine.connect() as conn:
        seen = conn.execute(text("SELECT last_seen_at FROM auth_sessions WHERE token_hash = :h"),
                            {"h": hash_session_token(signed_in.token)}).scalar_one()
    assert datetime.now(timezone.utc) - seen < timedelta(minutes=1)
    _age_session(engine, signed_in.token, created=SESSION_LIFETIME + timedelta(minutes=1), seen=timedelta(minutes=1))
    assert auth.current_user(signed_in.token) is None


def test_signing_in_again_from_the_same_browser_replaces_its_old_session():
    email = random_email()
    old = sign_up_new_user(email)
    new = auth.sign_in(email, DEFAULT_PASSWORD, replaces_token=old.token)
    assert new.token != old.token
    assert auth.current_user(old.token) is None
    assert auth.current_user(new.token).user_id == old.user.user_id


def test_a_wrong_password_does_not_end_the_session_it_would_have_replaced():
    email = random_email()
    old = sign_up_new_user(email)
    with pytest.raises(AccountError):
        auth.sign_in(email, "not the password at all", replaces_token=old.token)
    assert auth.current_user(old.token) is not None


def test_sign_out_everywhere_ends_every_session_of_that_person_only():
    email = random_email()
    phone = sign_up_new_user(email)
    laptop = auth.sign_in(email, DEFAULT_PASSWORD)
    someone_else = sign_up_new_user()

    assert auth.sign_out_everywhere(laptop.token) == 2

    assert auth.current_user(phone.token) is None and auth.current_user(laptop.token) is None
    assert auth.current_user(someone_else.token) is not None
    assert auth.sign_out_everywhere(laptop.token) == 0  # a dead token revokes nothing
