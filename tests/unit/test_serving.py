"""The frontend is rebuilt when, and only when, one of its inputs changed."""

from __future__ import annotations

from fitapp.core import serving


def _project(tmp_path, monkeypatch):
    (tmp_path / "fitapp").mkdir()
    (tmp_path / "fitapp" / "page.py").write_text("TITLE = 'a'\n")
    (tmp_path / "rxconfig.py").write_text("config = 1\n")
    monkeypatch.setattr(serving, "PROJECT_ROOT", tmp_path)
    return tmp_path


def test_the_fingerprint_is_stable_while_nothing_changes(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    assert serving.frontend_fingerprint(3000, {}) == serving.frontend_fingerprint(3000, {})


def test_a_source_change_the_port_or_the_api_url_changes_the_fingerprint(tmp_path, monkeypatch):
    root = _project(tmp_path, monkeypatch)
    first = serving.frontend_fingerprint(3000, {})
    assert serving.frontend_fingerprint(3001, {}) != first  # the bundle embeds the backend's URL
    assert serving.frontend_fingerprint(3000, {"REFLEX_API_URL": "https://fit.example"}) != first
    (root / "fitapp" / "page.py").write_text("TITLE = 'b'\n")
    assert serving.frontend_fingerprint(3000, {}) != first


def test_bytecode_caches_do_not_count(tmp_path, monkeypatch):
    root = _project(tmp_path, monkeypatch)
    first = serving.frontend_fingerprint(3000, {})
    (root / "fitapp" / "__pycache__").mkdir()
    (root / "fitapp" / "__pycache__" / "page.cpython-311.pyc").write_bytes(b"\0")
    assert serving.frontend_fingerprint(3000, {}) == first
