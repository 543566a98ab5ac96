"""The refusals whose message is written for the person who asked, under four bases.

Each base has one HTTP status (``fitapp.api.errors``) and one treatment in the UI
(``fitapp.state.refusals``): a new error picks its base and needs no new row anywhere.

- ``NotFound`` (404): the thing asked about does not exist (or is not the caller's to see);
- ``Conflict`` (409): the request came too late or too early for the current state;
- ``Refused`` (422): the input is not acceptable; nothing was written;
- ``NotAllowed`` (403): the caller may not do this.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """A refused request; ``message`` says why, in words meant for the user or admin."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotFound(UserFacingError):
    """The user, account, onboarding, plan or version asked about does not exist."""


class Conflict(UserFacingError):
    """The request does not fit the current state (already done, changed meanwhile, closed)."""


class Refused(UserFacingError):
    """The input was refused as it stands; nothing was written."""


class NotAllowed(UserFacingError):
    """The caller may not do this; nothing was read or written."""


class AccountClosed(NotFound):
    """The account was erased (or never existed): nothing may be read or written for it any more."""

    def __init__(self, message: str = "This account has been deleted.") -> None:
        super().__init__(message)
