"""The rendered HTML of a transcript's messages, kept per view of a session.

A session's static view is rebuilt when it changes, and the markdown of every message is the
costly part (a millisecond or so each). A process-wide LRU cache misses on every message once a
transcript is longer than the cache, so the cost jumps at that length; this cache instead holds
exactly the transcript last rendered, keyed by content, so a re-render renders only the
messages that are new, at any length.

It is kept small, since every displayed widget has one: the HTML sits in zlib-compressed chunks
of `CHUNK` messages (a few times smaller than the text), each message known by a hash of its
role and content. An appended message recompresses only the last, partly filled chunk.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from puffle_widgets.models import Message

CHUNK = 128


@dataclass(frozen=True)
class _Chunk:
    keys: tuple[int, ...]  # hash((role, content)) of each message
    blob: bytes  # zlib of the messages' HTML, joined

    def html(self) -> str:
        return zlib.decompress(self.blob).decode()

    @classmethod
    def of(cls, keys: Sequence[int], html: str) -> _Chunk:
        return cls(tuple(keys), zlib.compress(html.encode(), 1))


class RenderedMessages:
    """The HTML of the messages last rendered, by content, compressed."""

    def __init__(self) -> None:
        self._chunks: list[_Chunk] = []

    def __len__(self) -> int:
        return sum(len(chunk.keys) for chunk in self._chunks)

    def render(self, messages: Sequence[Message], one: Callable[[Message], str]) -> str:
        """The HTML of `messages`, joined (`one` renders a message not held); from now on the
        cache holds these messages only. Chunks are reused while the transcript starts with
        them (it only grows in a chat); from the first difference on, messages are rendered."""
        keys = [hash((m.role, m.content)) for m in messages]
        chunks: list[_Chunk] = []
        done = 0
        for chunk in self._chunks:
            n = len(chunk.keys)
            if tuple(keys[done : done + n]) != chunk.keys:
                break
            chunks.append(chunk)
            done += n
        pending_keys: list[int] = []
        pending_html: list[str] = []
        if chunks and len(chunks[-1].keys) < CHUNK and done < len(keys):
            # A partly filled last chunk takes the new messages in (no re-render).
            last = chunks.pop()
            pending_keys, pending_html = list(last.keys), [last.html()]
        for key, message in zip(keys[done:], messages[done:], strict=True):
            pending_keys.append(key)
            pending_html.append(one(message))
            if len(pending_keys) == CHUNK:
                chunks.append(_Chunk.of(pending_keys, "".join(pending_html)))
                pending_keys, pending_html = [], []
        if pending_keys:
            chunks.append(_Chunk.of(pending_keys, "".join(pending_html)))
        self._chunks = chunks
        return "".join(chunk.html() for chunk in chunks)
