"""Deltas for the long lists of a session widget: what the front end holds of each, and the
custom messages that bring it up to date.

traitlets sends a changed list trait whole, so one appended message would re-send the whole
transcript. The transcript, the two histories and the examples are therefore never synced by
traitlets after the first state (`traits.py` keeps them out of its automatic sync); each change
goes out as `{type: "delta", rev, base_rev, key, start, items}`: keep the first `start` items
and append `items` (`start` is 0 and `items` the whole list, or null, when the list did not
just grow). `rev` counts deltas; the front end (js/src/lib/deltas.ts) applies one only on top
of `base_rev`, and asks for the whole state again (`{type: "resync"}`) when it sees a gap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

# The synced lists sent as deltas (js/src/lib/deltas.ts DELTA_KEYS).
DELTA_KEYS: Final = (
    "messages",
    "skeleton_history",
    "draft_history",
    "generated_examples",
    "turn_changes",
)

Items = Sequence[Any] | None


@dataclass(frozen=True)
class Delta:
    """How to turn what the front end holds of `key` into the current list."""

    key: str
    start: int
    items: list[Any] | None

    def message(self, rev: int) -> dict[str, Any]:
        """The custom message that carries this delta as revision `rev`."""
        return {
            "type": "delta",
            "rev": rev,
            "base_rev": rev - 1,
            "key": self.key,
            "start": self.start,
            "items": self.items,
        }


def delta_of(key: str, held: Items, current: Items) -> Delta | None:
    """The delta from `held` to `current` (None when they are equal): an append when `current`
    starts with `held`, else the whole list."""
    if current is held:
        return None
    if held is not None and current is not None:
        n = len(held)
        # Compared item by item in C, stopping at the first difference: cheap even for
        # thousands of messages, and done only when the list was set anew.
        if len(current) >= n and current[:n] == held:
            return None if len(current) == n else Delta(key, n, list(current[n:]))
    return Delta(key, 0, None if current is None else list(current))


class ListSync:
    """The lists as the front end holds them (as of revision `rev`), and which changed since."""

    def __init__(self, lists: Mapping[str, Items]) -> None:
        self.rev = 0
        self._held: dict[str, Items] = dict(lists)
        self._dirty: set[str] = set()

    def changed(self, key: str) -> None:
        """`key` was set: its delta goes out with the next `take`."""
        self._dirty.add(key)

    def take(self, lists: Mapping[str, Items]) -> list[dict[str, Any]]:
        """The delta messages that bring the front end to `lists`, in order; from here on the
        front end is taken to hold `lists`."""
        messages = []
        for key in DELTA_KEYS:
            if key not in self._dirty:
                continue
            delta = delta_of(key, self._held.get(key), lists[key])
            self._held[key] = lists[key]
            if delta is not None:
                self.rev += 1
                messages.append(delta.message(self.rev))
        self._dirty.clear()
        return messages

    @property
    def dirty(self) -> frozenset[str]:
        """The lists changed since the front end last got them."""
        return frozenset(self._dirty)

    def held_whole(self, lists: Mapping[str, Items]) -> None:
        """The front end was sent `lists` whole (the first state, a resync, a flush)."""
        self._held.update(lists)
        self._dirty.difference_update(lists)
