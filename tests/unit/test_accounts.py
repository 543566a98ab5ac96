"""Account rules: e-mail normalisation, password strength, sign-in throttling, device type."""

from datetime import datetime, timedelta, timezone

import pytest

from fitapp.domain.accounts import (
    AccountError,
    device_type_from_user_agent,
    normalize_email,
    password_problem,
    sign_in_throttle,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def test_email_is_trimmed_and_lower_cased():
    assert normalize_email("  Jane.Doe+fit@Example.COM ") == "jane.doe+fit@example.com"


@pytest.mark.parametrize("email", ["", "jane", "jane@", "@example.com", "jane@example", "ja ne@example.com"])
def test_malformed_email_is_refused(email):
    with pytest.raises(AccountError, match="does not look right"):
        normalize_email(email)


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("short", "at least 10"),
        ("password123", "too easy"),
        ("aaaaaaaaaaaaaa", "too easy"),
        ("janedoe-rocks-2026", "e-mail"),
        ("x" * 257, "at most"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, expected):
    assert expected in password_problem(password, "janedoe@example.com")


def test_a_long_mixed_password_is_accepted():
    assert password_problem("correct horse battery 42", "janedoe@example.com") is None


def test_four_failures_are_free_and_the_fifth_locks_for_thirty_seconds():
    four = [NOW - timedelta(seconds=s) for s in (1, 2, 3, 4)]
    assert sign_in_throttle(four, NOW).allowed
    five = [NOW - timedelta(seconds=s) for s in (1, 2, 3, 4, 5)]
    decision = sign_in_throttle(five, NOW)
    assert not decision.allowed and decision.retry_after_seconds == 30


def test_each_further_failure_doubles_the_wait_up_to_fifteen_minutes():
    seven = [NOW] * 7
    assert sign_in_throttle(seven, NOW).retry_after_seconds == 121
    many = [NOW] * 20
    assert sign_in_throttle(many, NOW).retry_after_seconds == 15 * 60 + 1


def test_the_wait_ends_and_old_failures_are_forgotten():
    five = [NOW - timedelta(seconds=31)] * 5
    assert sign_in_throttle(five, NOW).allowed
    stale = [NOW - timedelta(minutes=16)] * 10
    assert sign_in_throttle(stale, NOW).allowed


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148", "mobile"),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari", "mobile"),
        ("Mozilla/5.0 (iPad; CPU OS 17_0)", "tablet"),
        ("Mozilla/5.0 (X11; Linux x86_64) Chrome/156", "desktop"),
        (None, "unknown"),
    ],
)
def test_device_type_is_read_from_the_user_agent(agent, device):
    assert device_type_from_user_agent(agent) == device
