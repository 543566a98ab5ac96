"""What the browser's actions leave in the database: confirm, change, erasure, and the admin's CSV export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, text

from tests.e2e.conftest import DESKTOP

from tests.e2e.steps import PASSWORD, confirmed_user, random_email, sign_up
from tests.e2e.test_admin import make_admin
from tests.e2e.test_profile_changes import adjust_meal_plan, open_meal_plan_change

# The e2e person's plan, worked out by hand (tests/e2e/steps.py: 62.5 kg, 168 cm, 36 years, female,
# moderately active, 3 workout days, fat loss): (10·62.5 + 6.25·168 − 5·36 − 161) · 1.55 · 0.8 = 1654 kcal.
HAND_WORKED_KCAL = 1654


@pytest.fixture
def viewport() -> dict:
    """The database does not depend on the screen: one width is enough here."""
    return DESKTOP


def _one(engine: Engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).one()


def test_confirm_then_a_change_are_versions_1_and_2_in_the_database(page: Page, engine: Engine):
    email = confirmed_user(page)
    locked = _one(engine, """
        SELECT u.onboarding_completed, s.completed_at IS NOT NULL AS closed, p.version, p.is_locked,
               m.daily_calories_target, (SELECT count(*) FROM user_profile_versions v WHERE v.user_id = u.id) AS versions
        FROM users u JOIN onboarding_states s ON s.user_id = u.id JOIN user_profiles p ON p.user_id = u.id
        JOIN meal_plans m ON m.user_id = u.id WHERE u.email = :email""", email=email)
    assert tuple(locked) == (True, True, 1, True, HAND_WORKED_KCAL, 1)

    open_meal_plan_change(page)
    adjust_meal_plan(page)
    page.get_by_label("Why are you changing this? (required)").fill("My dietitian set these numbers")
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_role("heading", name="Version 2", level=3)).to_be_visible()
    changed = _one(engine, """
        SELECT p.version, m.daily_calories_target, m.protein_grams_target, v.change_reason, v.changed_by
        FROM users u JOIN user_profiles p ON p.user_id = u.id JOIN meal_plans m ON m.user_id = u.id
        JOIN user_profile_versions v ON v.user_id = u.id AND v.version = 2 WHERE u.email = :email""", email=email)
    assert (changed.version, changed.daily_calories_target, float(changed.protein_grams_target)) == (2, 2000, 150.0)
    assert (changed.change_reason, changed.changed_by) == ("My dietitian set these numbers", "user")


def test_deleting_my_account_anonymizes_it_in_the_database(page: Page, engine: Engine):
    email = confirmed_user(page)
    user_id = _one(engine, "SELECT id FROM users WHERE email = :email", email=email).id
    page.get_by_role("button", name="Delete my account").click()
    dialog = page.get_by_role("alertdialog", name="Delete your account?")
    dialog.get_by_label("Your password").fill(PASSWORD)
    dialog.get_by_role("button", name="Delete permanently").click()
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    erased = _one(engine, """
        SELECT u.email, u.account_status AS status, u.deleted_at IS NOT NULL AS deleted,
               (SELECT count(*) FROM user_credentials c WHERE c.user_id = u.id) AS credentials,
               (SELECT count(*) FROM auth_sessions a WHERE a.user_id = u.id AND a.revoked_at IS NULL) AS live_sessions
        FROM users u WHERE u.id = :user_id""", user_id=user_id)
    assert erased.email == f"deleted_{user_id}@anonymized.local" and erased.status == "deleted" and erased.deleted
    assert (erased.credentials, erased.live_sessions) == (0, 0)


def test_the_admins_csv_export_holds_every_unfinished_onboarding_not_just_one_page(page: Page, engine: Engine,
                                                                                    database_url: str):
    for _ in range(27):  # more than the list's 25 rows a page
        sign_up(page, random_email())
        page.get_by_role("button", name="Sign out", exact=True).click()
        expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    make_admin(database_url, admin := sign_up(page))
    unfinished = _one(engine, "SELECT count(*) AS n FROM onboarding_states WHERE completed_at IS NULL").n
    page.goto("/admin")
    expect(page.get_by_role("heading", name="Incomplete onboardings")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) >= 28 and len(rows) <= unfinished + 1  # other tests may add users meanwhile
    assert admin in {row["email"] for row in rows}
