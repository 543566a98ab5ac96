"""The measured median time per onboarding step, for the progress line's time-left estimate.

The funnel query reads every step event of the last weeks: far too slow to run while a user
waits for the next question (seconds at a million users). So each process keeps the last
medians it computed and refreshes them in a background thread at most every REFRESH_SECONDS;
a request only ever reads the kept figures (the spec's even share until the first refresh).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

from fitapp.domain.pace import time_left_text

REFRESH_SECONDS = 15 * 60
WINDOW_DAYS = 30

log = logging.getLogger(__name__)
_lock = threading.Lock()
_medians: dict[int, float | None] = {}
_refreshed_at = float("-inf")
_refreshing = False


def _refresh() -> None:
    global _medians, _refreshing
    from fitapp.services import analytics

    try:
        today = datetime.now(UTC).date()
        rows = analytics.per_step(today - timedelta(days=WINDOW_DAYS), today)
        _medians = {row.step: row.median_seconds for row in rows}
    except Exception:  # noqa: BLE001 - an estimate is never worth a failed page
        log.warning("could not refresh the median time per step; keeping the last figures", exc_info=True)
    finally:
        _refreshing = False


def medians() -> dict[int, float | None]:
    """The kept medians by step (possibly empty); starts a background refresh when they are stale."""
    global _refreshed_at, _refreshing
    with _lock:
        if not _refreshing and time.monotonic() - _refreshed_at > REFRESH_SECONDS:
            _refreshing, _refreshed_at = True, time.monotonic()
            threading.Thread(target=_refresh, name="pace-refresh", daemon=True).start()
    return _medians


def time_left(current_step: int) -> str:
    return time_left_text(current_step, medians())
