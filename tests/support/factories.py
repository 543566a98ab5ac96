"""Helpers that create users through the real services, as a person signing up would."""

from __future__ import annotations

import uuid

from fitapp.services import auth

DEFAULT_PASSWORD = "correct horse battery 42"


def random_email(prefix: str = "member") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


def sign_up_new_user(email: str | None = None, password: str = DEFAULT_PASSWORD) -> auth.SignedIn:
    return auth.sign_up(email or random_email(), password, user_agent="pytest")
