"""A cap on request bodies: a larger one is a 413 before any route reads it.

Pure ASGI: a declared Content-Length over the cap is refused at once; otherwise the body is
read here, at most the cap (a chunked body is refused once it passes it), and handed on.
Only /api/v1 is capped: Reflex's own routes (/_event is a websocket, /_upload is not used by
fitapp) keep Reflex's limits.
"""

from __future__ import annotations

import json
from typing import Any

# The largest honest answer is step 6 (five lists of 50 items of 100 characters, notes of
# 2,000): about 30 kB, or 150 kB if every character were written as a \\u escape.
MAX_BODY_BYTES = 256 * 1024
TOO_LARGE = (f"This request is larger than {MAX_BODY_BYTES // 1024} KiB, the most this API accepts; "
             "nothing was stored.")


class BodyLimitMiddleware:
    def __init__(self, app: Any, max_bytes: int = MAX_BODY_BYTES, prefix: str = "/api/") -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.prefix = prefix

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _refuse(send)
            return
        # Read the body here (at most the cap) and hand it on: the route never sees a larger one.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)  # the client went away
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_bytes:
                await _refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([body], receive), send)


def _replay(messages: list[dict], receive: Any) -> Any:
    async def replayed() -> dict:
        return messages.pop(0) if messages else await receive()

    return replayed


def _content_length(scope: dict) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Any) -> None:
    body = json.dumps({"detail": {"messages": [TOO_LARGE], "fields": []}}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
