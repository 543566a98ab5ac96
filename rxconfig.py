"""Reflex configuration. Secrets and URLs come from the environment, never from this file."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

_redis_url = os.environ.get("REDIS_URL") or None

config = rx.Config(
    app_name="fitapp",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # With Redis, several backend workers share one state store; without it, one worker on disk.
    redis_url=_redis_url,
    state_manager_mode="redis" if _redis_url else "disk",
    # The app talks to PostgreSQL through fitapp.core.db, not through rx.Model.
    db_url=None,
    # A private app: nothing to list for crawlers.
    disable_plugins=[SitemapPlugin],
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="grass", gray_color="sand", radius="large"))],
)
