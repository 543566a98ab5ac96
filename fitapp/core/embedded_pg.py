"""The embedded PostgreSQL used when no DATABASE_URL is given.

pgserver runs a real PostgreSQL 16 from its wheel on a Unix socket; every process that
asks for the same data folder shares one server, which stops when the last one exits.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

_servers: dict[Path, object] = {}


def start_embedded_postgres(data_dir: Path) -> str:
    """Start (or join) the embedded server and return a SQLAlchemy URL for it."""
    import pgserver  # imported lazily: production never needs it

    data_dir = data_dir.resolve()
    if data_dir not in _servers:
        data_dir.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir.parent))
        _servers[data_dir] = pgserver.get_server(data_dir, cleanup_mode="stop")
        logger.info("embedded PostgreSQL running from %s", data_dir)
    return to_sqlalchemy_url(_servers[data_dir].get_uri())  # type: ignore[attr-defined]


def to_sqlalchemy_url(url: str) -> str:
    """Name the psycopg 3 driver explicitly, whatever form the URL came in."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
