"""Password hashing holds no database connection, and a rush of sign-ins waits in a bounded line."""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest

from fitapp.core import security
from fitapp.core.db import get_engine
from fitapp.domain.accounts import SignInsBusy
from fitapp.services import auth
from tests.support.factories import DEFAULT_PASSWORD, random_email, sign_up_new_user

pytestmark = pytest.mark.usefixtures("app_database")


@pytest.fixture
def connections_seen_while_hashing(monkeypatch):
    """Wraps the real Argon2 calls and notes how many pooled connections were checked out meanwhile."""
    seen: list[int] = []
    real_hash, real_verify = security.hash_password, security.verify_password

    def hash_password(password):
        seen.append(get_engine().pool.checkedout())
        return real_hash(password)

    def verify_password(password_hash, password):
        seen.append(get_engine().pool.checkedout())
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth, "hash_password", hash_password)
    monkeypatch.setattr(auth, "verify_password", verify_password)
    return seen


def run_in_own_loop(make_coroutine):
    """asyncio.run in a thread of its own: pytest-playwright's sync API keeps an event loop
    running in the main thread once an e2e test has run in the same process."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def test_sign_up_and_sign_in_hash_with_no_connection_checked_out(connections_seen_while_hashing):
    email = random_email()
    auth.sign_up(email, DEFAULT_PASSWORD)
    signed_in = auth.sign_in(email, DEFAULT_PASSWORD)
    with pytest.raises(Exception, match="Wrong e-mail or password"):
        auth.sign_in(email, DEFAULT_PASSWORD + "x")
    assert auth.current_user(signed_in.token).email == email
    assert len(connections_seen_while_hashing) == 3
    assert connections_seen_while_hashing == [0, 0, 0]


def test_a_sign_in_that_waits_too_long_for_its_turn_is_told_to_retry(monkeypatch):
    email = random_email()
    sign_up_new_user(email)
    monkeypatch.setattr(security, "password_slots", lambda: 1)
    monkeypatch.setattr(security.get_settings(), "password_queue_wait_s", 0.2)

    async def rush():
        async with security.password_turn():  # someone else holds the only slot
            with pytest.raises(SignInsBusy, match="try again"):
                await auth.sign_in_queued(email, DEFAULT_PASSWORD)
        return await auth.sign_in_queued(email, DEFAULT_PASSWORD)  # the slot is free again

    signed_in = run_in_own_loop(rush)
    assert auth.current_user(signed_in.token).email == email


def test_queued_sign_ins_run_at_most_the_slots_at_once(monkeypatch):
    emails = [random_email() for _ in range(4)]
    for email in emails:
        sign_up_new_user(email)
    monkeypatch.setattr(security, "password_slots", lambda: 1)
    running, most = 0, 0
    real_verify = auth.verify_password

    def verify_password(password_hash, password):
        nonlocal running, most
        running += 1
        most = max(most, running)
        try:
            return real_verify(password_hash, password)
        finally:
            running -= 1

    monkeypatch.setattr(auth, "verify_password", verify_password)

    async def rush():
        return await asyncio.gather(*(auth.sign_in_queued(email, DEFAULT_PASSWORD) for email in emails))

    results = run_in_own_loop(rush)
    assert [r.user.email for r in results] == emails
    assert most == 1
