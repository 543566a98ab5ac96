"""The rule for a reason someone gives (a plan change, an admin's reset, an erasure): one rule, one cap."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fitapp.domain.answer_reader import control_character_problem

MAX_REASON_LENGTH = 500


def checked_reason(reason: Any, *, missing: str | None, refuse: Callable[[str], Exception]) -> str:
    """The reason with its whitespace collapsed, or ``refuse(message)`` raised.

    Too long is refused (it is stored in versions and the audit log, and shown in lists);
    an empty reason is refused with ``missing`` unless that is None (the reason is optional).
    """
    cleaned = " ".join(str(reason or "").split())
    if problem := control_character_problem(cleaned):
        raise refuse(f"The reason {problem}.")
    if len(cleaned) > MAX_REASON_LENGTH:
        raise refuse(f"Keep the reason under {MAX_REASON_LENGTH} characters.")
    if not cleaned and missing is not None:
        raise refuse(missing)
    return cleaned
