"""Security headers on every HTTP response the backend sends: pages, assets and the REST API.

In production Reflex serves the built frontend from the same ASGI app that the REST API wraps
(``rx.App(api_transformer=create_api())`` mounts Reflex's app inside this FastAPI app), so one
middleware here covers the pages, their assets, ``/ping`` and ``/api/v1``. The headers come
from the ``secure`` library; this module only chooses their values.

The Content-Security-Policy is as strict as Reflex's production build allows:
- scripts: the app's own files, plus the inline bootstrap scripts React Router writes into
  each prerendered page, allowed one by one by their SHA-256 (read from the build), never
  ``'unsafe-inline'``. ``'unsafe-eval'`` stays because Reflex runs scripts a handler sends
  (``rx.scroll_to`` after an answer) and their callbacks through ``eval``;
- styles: ``'unsafe-inline'``, because Emotion (Reflex's CSS-in-JS) inserts ``<style>``
  elements at run time and Radix sets ``style`` attributes;
- connections: ``'self'`` only, which covers Reflex's same-origin websocket (``/_event``);
- no frames around the app (``frame-ancestors 'none'``), no plugins, no ``<base>``.
The Swagger UI page (``/api/v1/docs``) loads its script from jsDelivr and gets its own policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from secure import (
    CacheControl,
    ContentSecurityPolicy,
    CrossOriginOpenerPolicy,
    PermissionsPolicy,
    ReferrerPolicy,
    Secure,
    StrictTransportSecurity,
    XContentTypeOptions,
    XFrameOptions,
)
from reflex.config import get_config
from reflex.utils.exec import is_prod_mode
from secure.middleware import SecureASGIMiddleware

from fitapp.core.config import get_settings

API_PREFIX = "/api/v1"
DOCS_PATHS = (f"{API_PREFIX}/docs", f"{API_PREFIX}/docs/oauth2-redirect")
SWAGGER_CDN = "https://cdn.jsdelivr.net"

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def build_dir() -> Path:
    """Where `reflex export`/`reflex run --env prod` put the prerendered pages."""
    from reflex import constants
    from reflex.utils.prerequisites import get_web_dir

    return get_web_dir() / constants.Dirs.STATIC


def inline_script_hashes(build_dir: Path) -> list[str]:
    """CSP sources for every inline script in the built pages (sorted, without repeats)."""
    hashes = set()
    for page in build_dir.rglob("*.html") if build_dir.is_dir() else ():
        for body in _INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if body:
                digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
                hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def app_csp(script_hashes: Iterable[str]) -> ContentSecurityPolicy:
    return (
        ContentSecurityPolicy()
        .default_src("'self'")
        .script_src("'self'", *script_hashes, "'unsafe-eval'")
        .style_src("'self'", "'unsafe-inline'")
        .img_src("'self'", "data:")
        .font_src("'self'", "data:")
        .connect_src("'self'")
        .object_src("'none'")
        .base_uri("'none'")
        .form_action("'self'")
        .frame_ancestors("'none'")
    )


def api_csp() -> ContentSecurityPolicy:
    """JSON needs nothing: should a response ever be rendered as a page, it can load nothing."""
    return ContentSecurityPolicy().default_src("'none'").frame_ancestors("'none'")


def docs_csp() -> ContentSecurityPolicy:
    return (
        ContentSecurityPolicy()
        .default_src("'self'")
        .script_src("'self'", SWAGGER_CDN, "'unsafe-inline'")
        .style_src("'self'", SWAGGER_CDN, "'unsafe-inline'")
        .img_src("'self'", "data:", "https://fastapi.tiangolo.com")
        .connect_src("'self'")
        .object_src("'none'")
        .base_uri("'none'")
        .frame_ancestors("'none'")
    )


def _secure(csp: ContentSecurityPolicy, *, https: bool, no_store: bool) -> Secure:
    return Secure(
        csp=csp,
        hsts=StrictTransportSecurity().max_age(365 * 24 * 3600) if https else None,
        xcto=XContentTypeOptions().nosniff(),
        xfo=XFrameOptions().deny(),
        referrer=ReferrerPolicy().no_referrer(),
        coop=CrossOriginOpenerPolicy().same_origin(),
        permissions=PermissionsPolicy().geolocation().camera().microphone().payment().usb().accelerometer()
        .gyroscope().magnetometer().browsing_topics(),
        # API responses hold health data or tokens: no browser or proxy keeps a copy.
        cache=CacheControl().no_store() if no_store else None,
    )


class SecurityHeadersMiddleware:
    """Picks the header set by path and lets ``SecureASGIMiddleware`` write it.

    The policies are built on the first request, when the production build exists.
    """

    def __init__(self, app):
        self.app = app

    @cached_property
    def _variants(self) -> dict[str, SecureASGIMiddleware]:
        https = get_settings().public_url.lower().startswith("https://")
        page = _secure(app_csp(inline_script_hashes(build_dir())), https=https, no_store=False)
        return {
            "page": SecureASGIMiddleware(self.app, secure=page),
            "api": SecureASGIMiddleware(self.app, secure=_secure(api_csp(), https=https, no_store=True)),
            "docs": SecureASGIMiddleware(self.app, secure=_secure(docs_csp(), https=https, no_store=False)),
        }

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        kind = "docs" if path in DOCS_PATHS else "api" if path.startswith(API_PREFIX) else "page"
        await self._variants[kind](scope, receive, send)


def websocket_origin_allowed(origin: str | None, environ: dict) -> bool:
    """For Reflex's Socket.IO server: the page's own origin, or one in CORS_ALLOWED_ORIGINS.

    Browsers apply no CORS to websockets, so the server checks Origin itself; comparing hosts
    (not schemes) because the socket is ``ws://`` while the page is ``http://``.
    """
    if not origin:
        return True  # not a browser
    if origin.rstrip("/") in get_config().cors_allowed_origins:
        return True
    origin_host = urlsplit(origin).netloc.lower()
    host = environ.get("HTTP_X_FORWARDED_HOST") or environ.get("HTTP_HOST", "")
    if origin_host == host.split(",")[0].strip().lower():
        return True
    # `reflex run` in development serves the pages from Vite on another local port.
    return not is_prod_mode() and urlsplit(origin).hostname in ("localhost", "127.0.0.1")
