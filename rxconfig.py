"""Reflex configuration. Secrets and URLs come from the environment, never from this file."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

_redis_url = os.environ.get("REDIS_URL") or None
# CORS_ALLOWED_ORIGINS: browser origins besides the app's own (comma-separated); none by default.
_cors_origins = tuple(o.strip().rstrip("/") for o in os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",") if o.strip())

config = rx.Config(
    app_name="fitapp",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # With Redis, several backend workers share one state store; without it, one worker on disk.
    redis_url=_redis_url,
    state_manager_mode="redis" if _redis_url else "disk",
    # The app talks to PostgreSQL through fitapp.core.db, not through rx.Model.
    db_url=None,
    # CORS for the REST API and Reflex's routes: an allow-list, empty by default (same origin only).
    cors_allowed_origins=_cors_origins,
    # Reverse proxies whose X-Forwarded-For names the client (the sign-in throttle keys on it).
    trusted_proxy_hops=int(os.environ.get("TRUSTED_PROXY_HOPS", "0")),
    # A private app: nothing to list for crawlers.
    disable_plugins=[SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="grass", gray_color="sand", radius="large"))],
)
