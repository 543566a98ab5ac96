"""How a moment is written on screen: always in UTC, since admins and members may be anywhere."""

from __future__ import annotations

from datetime import datetime, timezone

NOT_YET = "—"


def admin_moment(moment: datetime | None) -> str:
    """To the minute, sortable as text: for the admin's tables."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if moment else NOT_YET


def member_moment(moment: datetime | None) -> str:
    """To the second, in words: a member's versions may be seconds apart."""
    return moment.astimezone(timezone.utc).strftime("%-d %b %Y, %H:%M:%S UTC") if moment else ""
