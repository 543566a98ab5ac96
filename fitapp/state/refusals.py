"""One UI treatment per refusal base (``fitapp.domain.errors``), for every state.

- ``NotAllowed``: the page shows "Not allowed" instead of its content (``denied``);
- ``NotFound``, ``Conflict``, ``Refused``: the service's message is shown next to the form or
  list it is about (``error``), and nothing on the page changes; a ``Conflict`` also reloads
  what the page shows, since the state it was drawn from is out of date.
"""

from __future__ import annotations

from typing import Literal

from fitapp.domain.errors import Conflict, NotAllowed, UserFacingError

Treatment = Literal["denied", "message", "message_and_reload"]


def treatment(refusal: UserFacingError) -> Treatment:
    if isinstance(refusal, NotAllowed):
        return "denied"
    if isinstance(refusal, Conflict):
        return "message_and_reload"
    return "message"
