"""The exceptions that mean PostgreSQL or Redis is not answering (down, frozen past its deadline,
a timeout, no pooled connection free): the request did not happen, and may be sent again."""

from __future__ import annotations

import redis
from sqlalchemy import exc as sa_exc

OUTAGES: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    sa_exc.DisconnectionError,
    redis.ConnectionError,
    redis.TimeoutError,
    redis.exceptions.ReadOnlyError,
)
