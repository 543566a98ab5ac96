"""Admin test fixtures: an admin and an ordinary member, made through the real services."""

from __future__ import annotations

import uuid

import pytest

from fitapp.services import admin
from tests.support.factories import random_email, sign_up_new_user


def new_admin() -> uuid.UUID:
    email = random_email("admin")
    user_id = sign_up_new_user(email).user.user_id
    assert admin.grant_admin(email) == user_id
    return user_id


@pytest.fixture
def admin_id(app_database) -> uuid.UUID:
    return new_admin()


@pytest.fixture
def member_id(app_database) -> uuid.UUID:
    return sign_up_new_user().user.user_id
