"""A per-key rate limit, off unless asked for: `Emulator(rate_limit=60)` or `--rate-limit 60`.

A sliding window: a key may make at most `limit` requests in any `window` seconds (60 by
default). A request over the limit is answered 429 with a Retry-After header saying in how many
whole seconds the oldest counted request leaves the window, and does not count itself. Every
request to one of the seven operations that carries a bearer token counts, answered or not.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Final

DEFAULT_WINDOW: Final = 60.0
# Tokens nobody uses any more are forgotten once this many are tracked (random bad keys).
_MAX_KEYS: Final = 10_000


def check_limit(limit: int | None) -> int | None:
    """`limit` if it is None or a positive int; ValueError naming the option otherwise."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ValueError(f"rate_limit must be a positive number of requests or None, not {limit!r}")
    return limit


class RateLimiter:
    """At most `limit` requests per key in any `window` seconds; `refused` counts the 429s."""

    def __init__(
        self,
        limit: int | None = None,
        *,
        window: float = DEFAULT_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not window > 0:
            raise ValueError("the rate-limit window must be a positive number of seconds")
        self._limit = check_limit(limit)
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}
        self._refused = 0

    @property
    def limit(self) -> int | None:
        """Requests allowed per key per window; None: no limit."""
        return self._limit

    @limit.setter
    def limit(self, value: int | None) -> None:
        with self._lock:
            self._limit = check_limit(value)
            self._seen.clear()

    @property
    def refused(self) -> int:
        """How many requests were answered 429 by the limit (not by injected faults)."""
        with self._lock:
            return self._refused

    def reset(self) -> None:
        """Forget every counted request and set `refused` back to 0."""
        with self._lock:
            self._seen.clear()
            self._refused = 0

    def check(self, key: str) -> int | None:
        """Count a request of `key` and return None, or return the seconds to wait (>= 1) and
        count it as refused."""
        with self._lock:
            if self._limit is None:
                return None
            now = self._clock()
            if len(self._seen) > _MAX_KEYS:
                self._forget_idle(now)
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) < self._limit:
                seen.append(now)
                return None
            self._refused += 1
            return max(1, math.ceil(seen[0] + self.window - now))

    def _forget_idle(self, now: float) -> None:
        idle = [
            key for key, seen in self._seen.items() if not seen or seen[-1] <= now - self.window
        ]
        for key in idle:
            del self._seen[key]
