"""Every page under the production Content-Security-Policy, in Chromium: nothing is blocked.

Also the headers on the pages Reflex serves and CORS on the running app (same origin only).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Browser, Page, expect

from fitapp.services import admin
from fitapp.services.profile_lock import confirm_and_lock
from tests.e2e.conftest import DESKTOP
from tests.support.factories import random_email, sign_up_new_user
from tests.support.onboarding import complete_onboarding_answers

# Recorded by the page itself, before any of the app's scripts run.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
});
"""


class CspWatch:
    """CSP refusals seen on a page: the page's own event and Chromium's console messages."""

    def __init__(self, page: Page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", lambda message: self.console.append(message.text)
                if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations") + self.console


def open_page(page: Page, path: str, visible) -> dict[str, str]:
    """Load `path` as a first visit; once `visible` shows, the page has rendered and its socket runs."""
    response = page.goto(path)
    assert response is not None and response.ok, path
    expect(visible(page)).to_be_visible()
    return response.headers


def sign_in(page: Page, email: str) -> None:
    from tests.e2e.steps import PASSWORD

    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def desktop_page(browser: Browser, base_url: str):
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    yield context.new_page()
    context.close()


def heading(name: str):
    return lambda page: page.get_by_role("heading", name=name).first


def check_headers(path: str, headers: dict[str, str]) -> None:
    csp = headers.get("content-security-policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives.get("frame-ancestors") == ["'none'"], (path, csp)
    assert "'unsafe-inline'" not in directives["script-src"], (path, csp)  # inline scripts only by hash
    assert headers.get("x-content-type-options") == "nosniff", path
    assert headers.get("referrer-policy") == "no-referrer", path
    assert "camera=()" in headers.get("permissions-policy", ""), path


def test_every_page_loads_under_the_csp_without_a_violation(desktop_page: Page, app_database):
    page = desktop_page
    watch = CspWatch(page)
    member = sign_up_new_user(random_email("csp"))
    complete_onboarding_answers(member.user.user_id)
    confirm_and_lock(member.user.user_id)
    admin.grant_admin(member.user.email)
    visits = [
        ("/", heading("Your personal coach, set up in 4 minutes")),
        ("/signup", lambda p: p.get_by_role("button", name="Create account")),
        ("/signin", lambda p: p.get_by_role("button", name="Sign in")),
    ]
    for path, visible in visits:
        check_headers(path, open_page(page, path, visible))

    sign_in(page, member.user.email)
    # Argon2 on a loaded 2-core machine: the sign-in may take a few seconds.
    expect(page.get_by_role("heading", name="Your plan is locked")).to_be_visible(timeout=20_000)
    signed_in_visits = [
        ("/profile", heading("Your plan is locked")),
        ("/profile/change", heading("Request a change")),
        ("/profile/history", heading("Your plan's history")),
        ("/admin", heading("Incomplete onboardings")),
        ("/admin/analytics", heading("Funnel analytics")),
        ("/admin/system", heading("System health")),
        (f"/admin/user?id={member.user.user_id}", heading(member.user.email)),
    ]
    for path, visible in signed_in_visits:
        check_headers(path, open_page(page, path, visible))
    assert watch.violations() == []


def test_the_onboarding_runs_under_the_csp_and_reads_the_browser_time_zone(desktop_page: Page):
    """The onboarding asks the browser for its time zone through rx.call_script (Reflex's eval)."""
    from tests.e2e.steps import sign_up

    page = desktop_page
    watch = CspWatch(page)
    sign_up(page)
    expect(page.get_by_label("Time zone")).to_have_value(re.compile(r"\w+"))
    check_headers("/onboarding", open_page(page, "/onboarding", lambda p: p.get_by_label("Time zone")))
    assert watch.violations() == []


def test_a_weak_password_is_refused_on_the_web_sign_up_with_the_reason(desktop_page: Page):
    page = desktop_page
    page.goto("/signup")
    page.get_by_label("Email").fill(random_email("weak"))
    page.get_by_label("Password", exact=True).fill("qwertyuiop1")
    page.get_by_label("Repeat password").fill("qwertyuiop1")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(re.compile("too easy to guess"))).to_be_visible()


def _request(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()


def test_cors_is_same_origin_only_by_default(base_url: str):
    evil = {"Origin": "https://evil.example"}
    status, headers, _ = _request(f"{base_url}/api/v1/auth/sign-in", "OPTIONS",
                                  {**evil, "Access-Control-Request-Method": "POST"})
    assert status == 400 and "access-control-allow-origin" not in headers
    status, headers, body = _request(f"{base_url}/api/v1/health", headers=evil)
    assert status == 200 and "access-control-allow-origin" not in headers and json.loads(body)["status"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    # Reflex's own routes pass through the same middleware.
    status, headers, _ = _request(f"{base_url}/ping")
    assert status == 200 and "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_reflex_socket_refuses_another_sites_origin(base_url: str):
    query = "/_event/?EIO=4&transport=websocket"
    _, _, foreign = _request(base_url + query, headers={"Origin": "https://evil.example"})
    _, _, own = _request(base_url + query, headers={"Origin": base_url})
    assert "not an accepted origin" in foreign
    assert "not an accepted origin" not in own


def test_sign_out_everywhere_on_the_profile_page_ends_the_other_devices_session(browser: Browser, base_url: str,
                                                                               app_database):
    member = sign_up_new_user(random_email("devices"))
    complete_onboarding_answers(member.user.user_id)
    confirm_and_lock(member.user.user_id)
    devices = [browser.new_context(base_url=base_url, viewport=DESKTOP) for _ in range(2)]
    try:
        phone, laptop = (context.new_page() for context in devices)
        for page in (phone, laptop):
            sign_in(page, member.user.email)
            expect(page.get_by_role("heading", name="Your plan is locked")).to_be_visible(timeout=20_000)

        laptop.get_by_role("button", name="Sign out everywhere").click()
        expect(laptop.get_by_role("heading", name="Welcome back")).to_be_visible()

        phone.reload()
        expect(phone.get_by_role("heading", name="Welcome back")).to_be_visible()
    finally:
        for context in devices:
            context.close()
