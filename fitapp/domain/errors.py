"""The base of refusals whose message is written for the person who asked."""

from __future__ import annotations


class UserFacingError(Exception):
    """A refused request; ``message`` says why, in words meant for the user or admin."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class AccountClosed(UserFacingError):
    """The account was erased (or never existed): nothing may be read or written for it any more."""

    def __init__(self, message: str = "This account has been deleted.") -> None:
        super().__init__(message)
