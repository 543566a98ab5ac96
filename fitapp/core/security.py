"""Password hashing (Argon2id) and session tokens (random, stored only as a keyed hash).

Hashing is CPU work on purpose. It is bounded per process: at most `password_slots()` hashes
run at once (a thread semaphore, for every caller), and async callers first wait their turn in
a FIFO line on the event loop (`password_turn`), so a rush of sign-ins holds neither threads
of the pool nor database connections while it waits, and answers keep their share of the cores.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import secrets
import threading
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from fitapp.core.config import get_settings


@lru_cache
def _hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib,
                          parallelism=settings.argon2_parallelism)


@lru_cache
def password_slots() -> int:
    """How many hashes this process runs at once: the setting, or its share of the cores."""
    configured = get_settings().password_hash_concurrency
    if configured > 0:
        return configured
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = int(os.environ.get("GRANIAN_WORKERS", "1") or 1)
    return max(1, cores // max(1, workers))


@lru_cache
def _thread_slots() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(password_slots())


@lru_cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both paths cost the same time."""
    return _hasher().hash("not-a-real-password-0")


def hash_password(password: str) -> str:
    with _thread_slots():
        return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    dummy = _dummy_hash()
    try:
        with _thread_slots():
            return _hasher().verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


class PasswordQueueFull(Exception):
    """The line for a password check was longer than `password_queue_wait_s`."""


# One line per event loop (a worker process has one, serving Reflex and the API alike).
_lines: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def _line() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    if loop not in _lines:
        _lines[loop] = asyncio.Semaphore(password_slots())
    return _lines[loop]


@asynccontextmanager
async def password_turn() -> AsyncIterator[None]:
    """Wait on the event loop (first come, first served) until a hashing slot is free.

    asyncio.Semaphore wakes its waiters in order; the wait is bounded, so under a rush a
    person hears "busy, try again in a moment" instead of a request that hangs for 30 s.
    """
    line = _line()
    try:
        await asyncio.wait_for(line.acquire(), get_settings().password_queue_wait_s)
    except TimeoutError:
        raise PasswordQueueFull() from None
    try:
        yield
    finally:
        line.release()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def hash_session_token(token: str) -> str:
    return hmac.new(get_settings().secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()
