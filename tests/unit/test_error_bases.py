"""Every refusal derives from one of four bases, each with one HTTP status and one UI treatment."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import fitapp.services
from fitapp.api.errors import install_error_handlers
from fitapp.domain.errors import Conflict, NotAllowed, NotFound, Refused, UserFacingError
from fitapp.services.admin import NotAllowed as AdminOnly
from fitapp.services.admin import ResetRefused, UserNotFound
from fitapp.services.privacy import AccountNotFound, AlreadyErased, WrongPassword
from fitapp.services.profile_changes import NoChange, ProfileNotFound, VersionNotFound
from fitapp.services.profile_lock import AlreadyConfirmed, OnboardingNotFound
from fitapp.state.refusals import treatment

BASES = (NotFound, Conflict, Refused, NotAllowed)


def _all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _all_subclasses(sub)
    return found


# Groups of one service's refusals, never raised themselves; each member picks its base.
FAMILIES = {"PrivacyError"}


def test_every_user_facing_error_takes_its_status_from_a_base():
    """The first base in an error's MRO is the one the API and the UI go by (a family such
    as ProfileChangeError is Refused, its ProfileNotFound is NotFound first)."""
    for module in pkgutil.iter_modules(fitapp.services.__path__):
        importlib.import_module(f"fitapp.services.{module.name}")
    for error in _all_subclasses(UserFacingError) - set(BASES):
        if error.__name__ in FAMILIES:
            assert not any(issubclass(error, base) for base in BASES), error
            continue
        assert any(base in error.__mro__ for base in BASES), f"{error.__module__}.{error.__name__}"


@pytest.mark.parametrize(("refusal", "status"), [
    (UserNotFound("There is no such user."), 404),
    (AccountNotFound("No such account."), 404),
    (OnboardingNotFound(), 404),
    (ProfileNotFound(), 404),
    (VersionNotFound(9), 404),
    (AlreadyConfirmed(), 409),
    (AlreadyErased("Already erased."), 409),
    (NoChange(), 422),
    (ResetRefused("Give a reason."), 422),
    (AdminOnly(), 403),
    (WrongPassword("That is not your password."), 403),
])
def test_each_base_has_one_status(refusal, status):
    api = FastAPI()
    install_error_handlers(api)

    @api.get("/boom")
    def boom():
        raise refusal

    response = TestClient(api).get("/boom")
    assert response.status_code == status
    detail = response.json()["detail"]
    assert refusal.message in (detail if isinstance(detail, str) else detail["messages"])


def test_each_base_has_one_ui_treatment():
    assert treatment(AdminOnly()) == "denied"
    assert treatment(AlreadyConfirmed()) == "message_and_reload"
    assert {treatment(e) for e in (ProfileNotFound(), NoChange(), ResetRefused("x"))} == {"message"}
