"""Request bodies, read lazily and bounded: nothing is read before the handler asks for it.

The routes check the key first and only then read the body, so a request with a bad key is
answered 401 without its body being read. A body larger than the limit is refused with 413 as
soon as that is known: from Content-Length before reading anything, or while it streams in.
"""

from __future__ import annotations

from typing import Final

from starlette.types import Message, Receive, Scope

DEFAULT_MAX_BODY: Final = 2 * 1024 * 1024


class BodyTooLarge(Exception):
    """A request body over the limit; the app answers 413."""

    def __init__(self, limit: int, size: int, *, declared: bool) -> None:
        where = "Content-Length" if declared else "at least"
        super().__init__(
            f"Request body too large: {where} {size} bytes, and the limit is {limit} bytes. "
            "Send a smaller body."
        )
        self.limit = limit
        self.size = size


def declared_length(scope: Scope) -> int | None:
    """The request's Content-Length, or None when absent or not a number."""
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyReader:
    """The ASGI `receive` the app gets: it counts the body, keeps up to `keep` bytes of it for
    the request log, and raises BodyTooLarge past `limit` bytes."""

    def __init__(self, receive: Receive, scope: Scope, *, limit: int, keep: int) -> None:
        self._receive = receive
        self._limit = limit
        self._keep = keep
        self._declared = declared_length(scope)
        self._chunks: list[bytes] = []
        self._overflow = False
        self.size = 0
        self.complete = False
        self.disconnected = False  # the client went away before the body was complete

    async def __call__(self) -> Message:
        """The next ASGI message, checked against the limit."""
        if not self.complete and self._declared is not None and self._declared > self._limit:
            raise BodyTooLarge(self._limit, self._declared, declared=True)
        message = await self._receive()
        if message["type"] == "http.disconnect" and not self.complete:
            self.disconnected = True
        if message["type"] == "http.request" and not self.complete:
            chunk = message.get("body", b"")
            self.size += len(chunk)
            if self.size > self._limit:
                raise BodyTooLarge(self._limit, self.size, declared=False)
            if not self._overflow:
                if self.size <= self._keep:
                    self._chunks.append(chunk)
                else:
                    self._overflow, self._chunks = True, []
            self.complete = not message.get("more_body", False)
        return message

    async def drain(self) -> None:
        """Read the rest of the body (for a request answered without its handler); a body over
        the limit is left unread."""
        try:
            while not self.complete:
                if (await self())["type"] != "http.request":
                    return
        except BodyTooLarge:
            return

    def kept(self) -> bytes | None:
        """The whole body read so far, or None when it was larger than `keep` or is unfinished."""
        if self._overflow or not self.complete:
            return None
        return b"".join(self._chunks)
