"""API test fixtures: the FastAPI app against the migrated test database, and users made
through the real services (the Redis profile cache fixture is in tests/conftest.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from fitapp.api import create_api
from fitapp.services import admin, auth
from fitapp.services.profile_lock import confirm_and_lock
from tests.support.factories import random_email, sign_up_new_user
from tests.support.onboarding import complete_onboarding_answers


@dataclass(frozen=True)
class ApiUser:
    user_id: uuid.UUID
    token: str
    email: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def new_member(prefix: str = "member") -> ApiUser:
    email = random_email(prefix)
    signed: auth.SignedIn = sign_up_new_user(email)
    return ApiUser(signed.user.user_id, signed.token, email)


def answered_member() -> ApiUser:
    """A member who has answered steps 0–10 but not confirmed."""
    user = new_member()
    complete_onboarding_answers(user.user_id)
    return user


def confirmed_member() -> ApiUser:
    """A member whose plan is confirmed and locked (version 1)."""
    user = answered_member()
    confirm_and_lock(user.user_id)
    return user


def new_admin() -> ApiUser:
    user = new_member("admin")
    admin.grant_admin(user.email)
    return user


@pytest.fixture
def client(app_database) -> Iterator[TestClient]:
    with TestClient(create_api()) as test_client:
        yield test_client


@pytest.fixture
def member(app_database) -> ApiUser:
    return new_member()


@pytest.fixture
def confirmed(app_database) -> ApiUser:
    return confirmed_member()


@pytest.fixture
def admin_user(app_database) -> ApiUser:
    return new_admin()
