"""What a tab is told when an event failed because PostgreSQL or Redis is not answering.

With Redis down, Reflex cannot even load the state: no handler runs, so no var can carry the
coach's message, and Reflex's own answer would be "An error occurred. Contact the website
administrator.". The page is not re-drawn, so what the user typed is still in the form.
"""

from __future__ import annotations

import logging

import reflex as rx
from reflex.app import default_backend_exception_handler
from reflex_base.event import EventSpec

from fitapp.core.outages import OUTAGES

logger = logging.getLogger(__name__)

OUTAGE_NOTICE = "I couldn't save that just now; what you typed is still here. Send it again in a moment."


def _is_outage(exception: BaseException | None) -> bool:
    seen = 0
    while exception is not None and seen < 10:  # the outage may be the cause of Reflex's own error
        if isinstance(exception, OUTAGES):
            return True
        exception, seen = exception.__cause__ or exception.__context__, seen + 1
    return False


def backend_exception(exception: Exception) -> EventSpec | None:
    """Reflex's backend exception handler: an outage gets words a person understands."""
    if _is_outage(exception):
        logger.warning("an event failed during an outage: %r", exception)
        return rx.toast.warning(OUTAGE_NOTICE, id="outage", position="top-center", duration=15_000)
    return default_backend_exception_handler(exception)
