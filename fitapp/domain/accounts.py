"""Rules for accounts: what an acceptable e-mail and password are, and how sign-ins slow down."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
# zxcvbn's score 3 is "safely unguessable": about 10^8 guesses or more, which Argon2 makes
# years of work offline and the throttle below makes out of reach online.
MIN_PASSWORD_SCORE = 3
# zxcvbn refuses longer input; the characters beyond only add strength, never remove it.
_ZXCVBN_MAX_LENGTH = 72
# Words a person might build a password from that zxcvbn's dictionaries do not know.
_SITE_WORDS = ("fitapp", "fitness", "coach", "onboarding")

# Sessions: a token stops working 30 days after sign-in, or after 3 days without use.
SESSION_LIFETIME = timedelta(days=30)
SESSION_IDLE_TIMEOUT = timedelta(days=3)
# last_seen_at is written at most this often, so a busy session does not write on every request.
SESSION_TOUCH_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True)
class ThrottlePolicy:
    """Progressive delays for one kind of key (e-mail+IP pair, IP, sign-ups per IP).

    `free_attempts` attempts are counted without delay; after that each attempt must wait
    `first_wait_seconds`, doubling with every further attempt up to `max_wait_seconds`, after
    the previous one. A key is forgotten `window_seconds` after its last attempt.
    """

    name: str
    free_attempts: int
    first_wait_seconds: int
    max_wait_seconds: int
    window_seconds: int

    def __post_init__(self):
        if self.window_seconds < self.max_wait_seconds:
            raise ValueError("the window must outlast the longest wait, or a lock would expire early")

    def wait_after(self, attempts: int) -> int:
        """Seconds the next attempt must wait after the last one, when `attempts` are counted."""
        if attempts < self.free_attempts:
            return 0
        return min(self.first_wait_seconds * 2 ** (attempts - self.free_attempts), self.max_wait_seconds)

    def decide(self, attempts: int, last_at: float, now: float) -> "ThrottleDecision":
        """Whether one more attempt may be counted now; `last_at` and `now` are epoch seconds."""
        if attempts and now - last_at > self.window_seconds:
            attempts = 0  # forgotten
        remaining = last_at + self.wait_after(attempts) - now
        if attempts >= self.free_attempts and remaining > 0:
            return ThrottleDecision(False, math.ceil(remaining))
        return ThrottleDecision(True)


# Wrong passwords for one e-mail from one client IP: 5 free, then 30 s, 60 s, ... up to 15 min.
# The owner signing in from another IP is not slowed down by them.
ACCOUNT_IP_POLICY = ThrottlePolicy("e-mail and IP", free_attempts=5, first_wait_seconds=30,
                                   max_wait_seconds=15 * 60, window_seconds=15 * 60)
# Wrong passwords from one client IP, whatever the e-mail: 20 free, then 1 min doubling up to 1 h.
IP_POLICY = ThrottlePolicy("IP", free_attempts=20, first_wait_seconds=60, max_wait_seconds=3600,
                           window_seconds=3600)
# Sign-ups from one client IP: 10 free, then 1 min doubling up to 1 h.
SIGN_UP_IP_POLICY = ThrottlePolicy("sign-up IP", free_attempts=10, first_wait_seconds=60,
                                   max_wait_seconds=3600, window_seconds=3600)


class AccountError(ValueError):
    """A sign-up or sign-in refused with a message meant for the person."""


class SignUpRefused(AccountError):
    """The e-mail or password given cannot make an account; `field` names which."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


class EmailTaken(SignUpRefused):
    def __init__(self):
        super().__init__("An account with this e-mail already exists. Sign in instead.", "email")


class SignInThrottled(AccountError):
    """Too many recent failures: the person must wait `retry_after_seconds` before trying again."""

    def __init__(self, message: str, retry_after_seconds: int):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class SignInsBusy(AccountError):
    """Too many sign-ins or sign-ups at this moment: nothing was checked or written; try again soon."""

    def __init__(self, retry_after_seconds: int = 5):
        super().__init__("Many people are signing in right now, so we could not check your password. "
                         f"Please try again in {retry_after_seconds} seconds.")
        self.retry_after_seconds = retry_after_seconds


def normalize_email(raw: str) -> str:
    """RFC-checked and lower-cased, so one person cannot hold two accounts by case."""
    try:
        checked = validate_email((raw or "").strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise AccountError(f"That e-mail address does not look right: {error}") from None
    return checked.normalized.lower()


def password_problem(password: str, email: str = "") -> str | None:
    """Why a password is too weak, or None when it is acceptable (NIST SP 800-63B, 5.1.1.2).

    No composition rules: a length floor and a check against common, guessable and
    breached-style passwords (zxcvbn's dictionaries, keyboard patterns, sequences, repeats,
    dates), which also knows the person's own e-mail and this site's name.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters for your password."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters for your password."
    local_part = email.split("@")[0].lower()
    if local_part and len(local_part) >= 4 and local_part in password.lower():
        return "Your password should not contain your e-mail address."
    verdict = zxcvbn(password[:_ZXCVBN_MAX_LENGTH], user_inputs=[email, local_part, *_SITE_WORDS])
    if verdict["score"] < MIN_PASSWORD_SCORE:
        why = verdict["feedback"].get("warning") or "It is a pattern that is quick to guess."
        return (f"That password is too easy to guess. {why.rstrip('.')}. "
                "Try a short sentence of three or four words that are not a quote or a lyric.")
    return None


@dataclass(frozen=True)
class ThrottleDecision:
    allowed: bool
    retry_after_seconds: int = 0


def device_type_from_user_agent(user_agent: str | None) -> str:
    ua = (user_agent or "").lower()
    if "ipad" in ua or "tablet" in ua:
        return "tablet"
    if "mobi" in ua or "iphone" in ua or "android" in ua:
        return "mobile"
    return "desktop" if ua else "unknown"
