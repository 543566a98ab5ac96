"""The CSP's script hashes and the websocket's origin check, without a server."""

from __future__ import annotations

import base64
import hashlib

from fitapp.api.security_headers import app_csp, inline_script_hashes, websocket_origin_allowed


def test_each_inline_script_of_the_build_is_allowed_by_its_sha256_and_files_are_not_hashed(tmp_path):
    body = 'window.__ctx = {"a": 1};'
    (tmp_path / "signin").mkdir()
    (tmp_path / "index.html").write_text(f'<html><script>{body}</script><script type="module" src="/a.js"></script>')
    (tmp_path / "signin" / "index.html").write_text(f"<script>{body}</script><script>\n1</script>")
    expected = {f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'" for text in (body, "\n1")}

    assert set(inline_script_hashes(tmp_path)) == expected
    assert inline_script_hashes(tmp_path / "missing") == []


def test_the_page_policy_gives_scripts_no_unsafe_inline_and_forbids_framing():
    policy = app_csp(["'sha256-abc'"]).header_value
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";")}
    assert directives["script-src"] == ["'self'", "'sha256-abc'", "'unsafe-eval'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]


def test_the_socket_accepts_its_own_page_and_refuses_another_site():
    environ = {"HTTP_HOST": "fitapp.example.com"}
    assert websocket_origin_allowed("https://fitapp.example.com", environ)
    assert not websocket_origin_allowed("https://evil.example", environ)
    assert websocket_origin_allowed(None, environ)  # not a browser: no Origin to check
    behind_proxy = {"HTTP_HOST": "app:3000", "HTTP_X_FORWARDED_HOST": "fitapp.example.com"}
    assert websocket_origin_allowed("https://fitapp.example.com", behind_proxy)
