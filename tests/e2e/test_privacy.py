"""GDPR in the browser: download my data, then delete my account with my password."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.steps import PASSWORD, complete_through, confirmed_user, expect_step, sign_in, sign_up


def test_a_user_downloads_their_data_then_deletes_their_account_and_cannot_sign_in_again(page: Page):
    email = confirmed_user(page)
    expect(page.get_by_role("heading", name="Your data")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename == "fitapp-data.json"
    exported = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert exported["tables"]["users"][0]["email"] == email
    assert exported["tables"]["user_profile_versions"][0]["version"] == 1
    assert "password_hash" not in json.dumps(exported)

    page.get_by_role("button", name="Delete my account").click()
    dialog = page.get_by_role("alertdialog", name="Delete your account?")
    expect(dialog).to_contain_text("can't be undone")
    dialog.get_by_label("Your password").fill("not my password at all")
    dialog.get_by_role("button", name="Delete permanently").click()
    expect(dialog.get_by_role("alert")).to_contain_text("That password is not right")

    dialog.get_by_label("Your password").fill(PASSWORD)
    dialog.get_by_label("Why are you leaving? (optional)").fill("Trying another app")
    dialog.get_by_role("button", name="Delete permanently").click()
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your account has been deleted")

    sign_in(page, email)
    expect(page.get_by_role("alert")).to_contain_text("Wrong e-mail or password")


def test_a_user_can_leave_in_the_middle_of_the_onboarding(page: Page):
    email = sign_up(page)
    complete_through(page, 1)
    expect_step(page, 2)

    page.get_by_role("button", name="Delete my account").click()
    dialog = page.get_by_role("alertdialog", name="Delete your account?")
    dialog.get_by_label("Your password").fill(PASSWORD)
    dialog.get_by_role("button", name="Delete permanently").click()
    expect(page.get_by_role("status")).to_contain_text("Your account has been deleted")

    sign_in(page, email)
    expect(page.get_by_role("alert")).to_contain_text("Wrong e-mail or password")
