"""The rendered HTML of a transcript's messages, kept per view of a session.

A session's static view is rebuilt when it changes, and the markdown of every message is the
costly part. A process-wide LRU cache misses on every message once a transcript is longer than
the cache (a full re-render each time: the cost jumps at that length); this cache instead holds
exactly the messages of the transcript last rendered, keyed by their content, so a re-render
costs one dictionary lookup per message and renders only the new ones, at any length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from puffle_widgets.models import Message

_Key = tuple[str, str]


class RenderedMessages:
    """HTML of the messages last rendered, by (role, content)."""

    def __init__(self) -> None:
        self._html: dict[_Key, str] = {}

    def __len__(self) -> int:
        return len(self._html)

    def render(self, messages: Sequence[Message], one: Callable[[Message], str]) -> list[str]:
        """The HTML of each message (`one` renders a message not seen last time); from now on
        the cache holds these messages only."""
        held, kept = self._html, dict[_Key, str]()
        out = []
        for message in messages:
            key = (message.role, message.content)
            text = kept.get(key) or held.get(key)
            if text is None:
                text = one(message)
            kept[key] = text
            out.append(text)
        self._html = kept
        return out
