"""Being an admin is a row the server holds; every admin function checks it before anything else."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import text

from fitapp import cli
from fitapp.services import admin
from fitapp.services.admin import IncompleteFilter, NotAllowed
from tests.support.factories import random_email, sign_up_new_user
from tests.support.onboarding import audit_rows

pytestmark = pytest.mark.usefixtures("app_database")

ADMIN_CALLS = {
    "list_incomplete": lambda caller, target: admin.list_incomplete(caller, IncompleteFilter(), 1, 10),
    "incomplete_csv": lambda caller, target: admin.incomplete_csv(caller, IncompleteFilter()),
    "user_detail": lambda caller, target: admin.user_detail(caller, target),
    "reset_onboarding": lambda caller, target: admin.reset_onboarding(
        caller, target, reason="", consent_confirmed=False),
    "funnel": lambda caller, target: admin.funnel(caller, date(2031, 3, 1), date(2031, 3, 10)),
    "data_quality": lambda caller, target: admin.data_quality(caller),
    "flow_versions": lambda caller, target: admin.flow_versions(caller),
}


def test_a_new_account_is_not_an_admin_until_granted(member_id):
    assert admin.is_admin(member_id) is False
    assert admin.is_admin(None) is False
    assert admin.is_admin(uuid.uuid4()) is False


def test_grant_admin_is_idempotent_and_audited(engine):
    email = random_email("boss")
    user_id = sign_up_new_user(email).user.user_id
    assert admin.grant_admin(email.upper()) == user_id  # e-mail matched as sign-in does
    assert admin.grant_admin(email) == user_id
    assert admin.is_admin(user_id)
    grants = [r for r in audit_rows(engine, user_id) if r.table_name == "user_roles"]
    assert [(r.operation, r.changed_by, r.new_values["role"]) for r in grants] == [("INSERT", "system", "admin")]


def test_grant_admin_to_an_unknown_email_creates_nothing(engine):
    email = random_email("nobody")
    with pytest.raises(admin.UserNotFound, match="no account"):
        admin.grant_admin(email)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users WHERE email = :e"), {"e": email}).scalar_one() == 0


def test_a_suspended_or_revoked_admin_is_no_admin(admin_id, engine):
    with engine.begin() as conn:
        conn.execute(text("UPDATE users SET account_status = 'suspended' WHERE id = :u"), {"u": admin_id})
    assert not admin.is_admin(admin_id)
    with engine.begin() as conn:
        conn.execute(text("UPDATE users SET account_status = 'active' WHERE id = :u"), {"u": admin_id})
        email = conn.execute(text("SELECT email FROM users WHERE id = :u"), {"u": admin_id}).scalar_one()
    assert admin.is_admin(admin_id)
    assert admin.revoke_admin(email) is True
    assert not admin.is_admin(admin_id)
    assert admin.revoke_admin(email) is False


@pytest.mark.parametrize("call", ADMIN_CALLS.values(), ids=ADMIN_CALLS.keys())
def test_every_admin_function_refuses_a_non_admin(call, member_id):
    target = sign_up_new_user().user.user_id
    with pytest.raises(NotAllowed):
        call(member_id, target)
    with pytest.raises(NotAllowed):
        call(None, target)


def test_the_role_check_comes_before_anything_else(member_id, engine):
    """A non-admin learns nothing: no 'user not found', no validation message."""
    with pytest.raises(NotAllowed):
        admin.user_detail(member_id, uuid.uuid4())
    with pytest.raises(NotAllowed):
        admin.list_incomplete(member_id, IncompleteFilter(step=99), page=0, page_size=0)


# ---------------------------------------------------------------- the command line


def test_cli_make_admin_of_an_unknown_email_fails_and_creates_nothing(engine, capsys):
    email = random_email("cli")
    assert cli.main(["make-admin", email]) == 1
    assert "no account" in capsys.readouterr().err
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users WHERE email = :e"), {"e": email}).scalar_one() == 0


def test_cli_make_admin_create_makes_the_account_with_the_env_password(monkeypatch, capsys):
    from fitapp.services import auth

    email = random_email("cli")
    monkeypatch.setenv("FITAPP_ADMIN_PASSWORD", "a long admin passphrase 7")
    assert cli.main(["make-admin", email, "--create"]) == 0
    assert "created and granted admin" in capsys.readouterr().out
    signed_in = auth.sign_in(email, "a long admin passphrase 7")
    assert admin.is_admin(signed_in.user.user_id)
    # Run again: the account exists, the role is kept, nothing fails.
    assert cli.main(["make-admin", email, "--create"]) == 0
    assert cli.main(["revoke-admin", email]) == 0
    assert not admin.is_admin(signed_in.user.user_id)


def test_cli_make_admin_create_refuses_a_weak_password(monkeypatch, capsys, engine):
    email = random_email("cli")
    monkeypatch.setenv("FITAPP_ADMIN_PASSWORD", "short")
    assert cli.main(["make-admin", email, "--create"]) == 1
    assert "at least" in capsys.readouterr().err
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users WHERE email = :e"), {"e": email}).scalar_one() == 0


def test_find_user_by_email_is_for_admins_and_ignores_case():
    email = random_email()
    member = sign_up_new_user(email).user.user_id
    boss_email = random_email("boss")
    sign_up_new_user(boss_email)
    boss = admin.grant_admin(boss_email)
    assert admin.find_user(boss, email.upper()) == member
    assert admin.find_user(boss, f"nobody-{uuid.uuid4().hex[:6]}@example.com") is None
    with pytest.raises(NotAllowed):
        admin.find_user(member, email)
