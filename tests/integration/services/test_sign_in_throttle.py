"""Sign-in throttling under parallel attack, against the real Redis (and without it).

Every test uses its own random client IPs and e-mails, so counters left in Redis by an
earlier run (they expire within the hour) cannot touch it.
"""

from __future__ import annotations

import random
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from sqlalchemy import text

from fitapp.core.throttle import LocalThrottle, RedisThrottle, get_throttle, redis_client
from fitapp.domain.accounts import ACCOUNT_IP_POLICY, IP_POLICY, AccountError, SignInThrottled
from fitapp.services import auth
from tests.support.factories import DEFAULT_PASSWORD, random_email, sign_up_new_user
from tests.support.servers import free_port


def random_ip() -> str:
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def attempt(email: str, password: str, ip: str) -> str:
    """'ok', 'wrong' (the password was checked) or 'throttled' (it was not)."""
    try:
        auth.sign_in(email, password, user_agent="pytest", client_ip=ip)
    except SignInThrottled:
        return "throttled"
    except AccountError:
        return "wrong"
    return "ok"


def in_parallel(calls) -> list[str]:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def checked_attempts(engine, email: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM sign_in_attempts WHERE email = :e"), {"e": email}).scalar_one()


@pytest.fixture(params=["redis", "no-redis"])
def throttle_store(request, app_database, redis_url, monkeypatch):
    """The service's own throttle: Redis (REDIS_URL set) or this process's fallback."""
    from fitapp.core import config

    if request.param == "redis":
        monkeypatch.setenv("REDIS_URL", redis_url)
    else:
        monkeypatch.delenv("REDIS_URL", raising=False)
    config.get_settings.cache_clear()
    get_throttle.cache_clear()
    yield get_throttle()
    monkeypatch.undo()
    config.get_settings.cache_clear()
    get_throttle.cache_clear()


def test_thirty_parallel_wrong_passwords_get_only_the_free_checks(throttle_store, engine):
    email = sign_up_new_user().user.email
    ip = random_ip()

    outcomes = in_parallel([lambda: attempt(email, "not the password at all", ip)] * 30)

    assert outcomes.count("wrong") == ACCOUNT_IP_POLICY.free_attempts
    assert outcomes.count("throttled") == 30 - ACCOUNT_IP_POLICY.free_attempts
    # What the database saw: exactly that many passwords were checked.
    assert checked_attempts(engine, email) == ACCOUNT_IP_POLICY.free_attempts


def test_forty_wrong_passwords_on_forty_emails_from_one_ip_are_throttled(throttle_store, engine):
    emails = [random_email("spray") for _ in range(40)]
    ip = random_ip()

    outcomes = in_parallel([lambda e=e: attempt(e, "Winter2026 password!", ip) for e in emails])

    assert outcomes.count("wrong") == IP_POLICY.free_attempts
    assert outcomes.count("throttled") == 40 - IP_POLICY.free_attempts
    assert sum(checked_attempts(engine, e) for e in emails) == IP_POLICY.free_attempts


def test_the_owner_signs_in_from_their_own_ip_while_someone_else_is_locked_out(throttle_store):
    email = sign_up_new_user().user.email
    attacker, owner = random_ip(), random_ip()

    in_parallel([lambda: attempt(email, "guess number one", attacker)] * 30)

    assert attempt(email, DEFAULT_PASSWORD, attacker) == "throttled"  # even the right password waits there
    assert attempt(email, DEFAULT_PASSWORD, owner) == "ok"
    assert attempt(email, "guess number two", attacker) == "throttled"


def test_a_right_password_gives_the_ip_its_attempt_back_and_clears_the_pair(throttle_store):
    email = sign_up_new_user().user.email
    ip = random_ip()
    for _ in range(ACCOUNT_IP_POLICY.free_attempts - 1):
        assert attempt(email, "a wrong guess here", ip) == "wrong"
    assert attempt(email, DEFAULT_PASSWORD, ip) == "ok"
    # The pair starts afresh: the full number of free attempts again.
    outcomes = [attempt(email, "a wrong guess here", ip) for _ in range(ACCOUNT_IP_POLICY.free_attempts + 1)]
    assert outcomes == ["wrong"] * ACCOUNT_IP_POLICY.free_attempts + ["throttled"]


def test_the_refusal_says_how_long_to_wait(throttle_store):
    email = sign_up_new_user().user.email
    ip = random_ip()
    for _ in range(ACCOUNT_IP_POLICY.free_attempts):
        attempt(email, "a wrong guess here", ip)
    with pytest.raises(SignInThrottled, match=r"wait 30 s") as refused:
        auth.sign_in(email, DEFAULT_PASSWORD, client_ip=ip)
    assert refused.value.retry_after_seconds == 30


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_redis_and_the_local_fallback_delay_alike(redis_url):
    """The Lua script and the Python policy are one rule: the same attempts, the same answers."""
    clock = Clock()
    client = redis.Redis.from_url(redis_url)
    stores = [RedisThrottle(client, prefix=f"test:{uuid.uuid4().hex}:", clock=clock), LocalThrottle(clock)]
    checks = [("pair", ACCOUNT_IP_POLICY), ("ip", IP_POLICY)]
    answers: list[list[tuple[bool, int]]] = [[], []]
    # Attempts every 7 s, then a pause longer than the 15-minute window, then more.
    for step in [0] + [7] * 14 + [901] + [1] * 6:
        clock.now += step
        for store, seen in zip(stores, answers):
            decision = store.reserve(checks)
            seen.append((decision.allowed, decision.retry_after_seconds))
    client.close()

    assert answers[0] == answers[1]
    allowed = [a for a, _ in answers[0]]
    assert allowed[:5] == [True] * 5 and allowed[5:9] == [False] * 4 and allowed[9]  # 30 s after the 5th
    assert allowed[15:20] == [True] * 5 and not allowed[20]  # forgotten after the window


def test_a_redis_that_does_not_answer_falls_back_to_counting_in_the_process():
    store = RedisThrottle(redis_client(f"redis://127.0.0.1:{free_port()}/0"), prefix="test:")
    decisions = [store.reserve([("pair", ACCOUNT_IP_POLICY)]) for _ in range(ACCOUNT_IP_POLICY.free_attempts + 1)]
    assert [d.allowed for d in decisions] == [True] * ACCOUNT_IP_POLICY.free_attempts + [False]


def test_sign_ups_from_one_ip_are_throttled_but_tools_without_an_ip_are_not(app_database):
    ip = random_ip()
    for _ in range(10):
        auth.sign_up(random_email("burst"), DEFAULT_PASSWORD, client_ip=ip)
    with pytest.raises(SignInThrottled, match="Too many accounts"):
        auth.sign_up(random_email("burst"), DEFAULT_PASSWORD, client_ip=ip)
    assert auth.sign_up(random_email("cli"), DEFAULT_PASSWORD).token
