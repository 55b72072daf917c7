"""A request budget per API key: at most N requests in any window, spread out evenly.

Two rules, both kept: requests are paced `window / N` seconds apart (a small burst is allowed,
so a view that comes on screen is refreshed at once), and no more than N requests ever count
in any `window` seconds. A request counts from when it starts until `window` seconds after its
answer came back: the server counted it somewhere in between, so a budget kept this way never
goes over a server's sliding-window limit of the same size. Requests that do not wait for the
budget (a turn, a save) are counted too, so polls give way to them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Final

# Requests that may go out back to back before pacing applies.
BURST: Final = 2


class Budget:
    """When the next request may start, and the requests that count against the limit."""

    def __init__(self, per_window: Callable[[], int], window: Callable[[], float]) -> None:
        self._per_window = per_window
        self._window = window
        self._tat = -math.inf  # the "theoretical arrival time" of paced requests (GCRA)
        self._open: dict[int, float] = {}  # requests without an answer yet: id -> start
        self._ended: list[float] = []  # answer times of finished requests still counted
        self._ids = itertools.count()
        self.paused_until = -math.inf  # the server said 429: nothing before this

    def next_slot(self, now: float) -> float:
        """The earliest time (on the same clock as `now`) a paced request may start; `inf`
        while every counted request is still waiting for its answer."""
        window, limit = self._window(), self._per_window()
        self._forget(now, window)
        spacing = window / limit
        slot = max(now, self._tat - BURST * spacing, self.paused_until)
        if len(self._open) + len(self._ended) >= limit:
            if len(self._ended) + len(self._open) - limit >= len(self._ended):
                return math.inf  # only answers still to come can free a place
            # The oldest answers leave the window first.
            leaving = sorted(self._ended)[len(self._ended) + len(self._open) - limit]
            slot = max(slot, leaving + window)
        return slot

    def start(self, now: float) -> int:
        """Count a request starting now; returns the id to `finish` it with."""
        spacing = self._window() / self._per_window()
        self._tat = max(self._tat, now) + spacing
        request = next(self._ids)
        self._open[request] = now
        return request

    def finish(self, request: int, now: float) -> None:
        """The request's answer (or failure) arrived now."""
        if self._open.pop(request, None) is not None:
            self._ended.append(now)

    def pause(self, until: float) -> None:
        """Start nothing before `until` (the server asked us to slow down)."""
        self.paused_until = max(self.paused_until, until)

    @property
    def counted(self) -> int:
        """Requests that count against the limit right now (for tests and diagnostics)."""
        return len(self._open) + len(self._ended)

    def _forget(self, now: float, window: float) -> None:
        self._ended = [t for t in self._ended if t + window > now]
