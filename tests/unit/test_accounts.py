"""Account rules: e-mail normalisation, password strength, sign-in throttling, device type."""

import pytest

from fitapp.domain.accounts import (
    ACCOUNT_IP_POLICY,
    IP_POLICY,
    AccountError,
    ThrottlePolicy,
    device_type_from_user_agent,
    normalize_email,
    password_problem,
)

NOW = 1_800_000_000.0


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
        # NIST SP 800-63B: sequences, repeats, keyboard walks and common passwords are refused.
        ("abcdefghij", "too easy"),
        ("1234512345", "too easy"),
        ("qwertyuiop1", "too easy"),
        ("Password2024!", "too easy"),
        ("janedoe-rocks-2026", "e-mail"),
        ("x" * 257, "at most"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, expected):
    assert expected in password_problem(password, "janedoe@example.com")


@pytest.mark.parametrize("password", ["correct horse battery 42", "plum tractor velvet", "x" * 3 + "Tq9#vLm2Pw"])
def test_a_hard_to_guess_password_is_accepted(password):
    assert password_problem(password, "janedoe@example.com") is None


def test_the_refusal_says_why_in_words():
    message = password_problem("qwertyuiop1", "janedoe@example.com")
    assert "similar to a commonly used password" in message and "sentence" in message


def test_a_password_longer_than_zxcvbn_reads_is_judged_on_its_start():
    assert password_problem("correct horse battery 42 " * 9, "janedoe@example.com") is None


def test_five_attempts_per_email_and_ip_are_free_and_the_sixth_waits_thirty_seconds():
    assert ACCOUNT_IP_POLICY.decide(4, NOW - 1, NOW).allowed
    decision = ACCOUNT_IP_POLICY.decide(5, NOW, NOW)
    assert not decision.allowed and decision.retry_after_seconds == 30
    assert not ACCOUNT_IP_POLICY.decide(5, NOW - 29.5, NOW).allowed
    assert ACCOUNT_IP_POLICY.decide(5, NOW - 30, NOW).allowed


def test_each_further_attempt_doubles_the_wait_up_to_fifteen_minutes():
    assert [ACCOUNT_IP_POLICY.wait_after(n) for n in range(4, 11)] == [0, 30, 60, 120, 240, 480, 900]
    assert ACCOUNT_IP_POLICY.decide(20, NOW, NOW).retry_after_seconds == 15 * 60


def test_an_ip_gets_twenty_free_attempts_then_a_minute_doubling_to_an_hour():
    assert IP_POLICY.decide(19, NOW, NOW).allowed
    assert IP_POLICY.decide(20, NOW, NOW).retry_after_seconds == 60
    assert IP_POLICY.decide(40, NOW, NOW).retry_after_seconds == 3600


def test_attempts_are_forgotten_a_window_after_the_last_one():
    assert ACCOUNT_IP_POLICY.decide(12, NOW - 15 * 60 - 1, NOW).allowed


def test_a_window_shorter_than_the_longest_wait_is_a_mistake():
    with pytest.raises(ValueError):
        ThrottlePolicy("x", free_attempts=1, first_wait_seconds=60, max_wait_seconds=3600, window_seconds=60)


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
