"""Rules for accounts: what an acceptable e-mail and password are, and how sign-ins slow down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
FREE_FAILED_ATTEMPTS = 5
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_LOCKOUT = timedelta(minutes=15)
COMMON_PASSWORDS = frozenset(
    {
        "password", "password1", "password123", "1234567890", "12345678910", "qwertyuiop", "letmein123",
        "iloveyou12", "abc1234567", "welcome123", "passw0rd12", "football12", "fitness123", "0123456789",
    }
)


class AccountError(ValueError):
    """A sign-up or sign-in refused with a message meant for the person."""


class SignInThrottled(AccountError):
    """Too many recent failures: the person must wait `retry_after_seconds` before trying again."""

    def __init__(self, message: str, retry_after_seconds: int):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


def normalize_email(raw: str) -> str:
    """RFC-checked and lower-cased, so one person cannot hold two accounts by case."""
    try:
        checked = validate_email((raw or "").strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise AccountError(f"That e-mail address does not look right: {error}") from None
    return checked.normalized.lower()


def password_problem(password: str, email: str = "") -> str | None:
    """Why a password is too weak, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters for your password."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters for your password."
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        return "That password is too easy to guess; try a short sentence or mix words and numbers."
    local_part = email.split("@")[0].lower()
    if local_part and len(local_part) >= 4 and local_part in password.lower():
        return "Your password should not contain your e-mail address."
    return None


@dataclass(frozen=True)
class ThrottleDecision:
    allowed: bool
    retry_after_seconds: int = 0


def sign_in_throttle(recent_failures: list[datetime], now: datetime) -> ThrottleDecision:
    """Allow a few free failures, then wait twice as long after each further one (up to 15 min).

    `recent_failures` are the failed attempts since the last success, newest first.
    """
    failures = [t for t in recent_failures if now - t <= THROTTLE_WINDOW]
    if len(failures) < FREE_FAILED_ATTEMPTS:
        return ThrottleDecision(True)
    wait = min(timedelta(seconds=30 * 2 ** (len(failures) - FREE_FAILED_ATTEMPTS)), MAX_LOCKOUT)
    remaining = (failures[0] + wait) - now
    if remaining <= timedelta(0):
        return ThrottleDecision(True)
    return ThrottleDecision(False, int(remaining.total_seconds()) + 1)


def device_type_from_user_agent(user_agent: str | None) -> str:
    ua = (user_agent or "").lower()
    if "ipad" in ua or "tablet" in ua:
        return "tablet"
    if "mobi" in ua or "iphone" in ua or "android" in ua:
        return "mobile"
    return "desktop" if ua else "unknown"
