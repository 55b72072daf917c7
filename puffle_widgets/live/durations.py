"""How long each kind of task takes, learned from the tasks this process watched.

A task's kind is its `task_status` (`chat_processing`, `generating_examples`, or one the docs
do not list). The estimate is a moving average of the durations seen, starting from a guess;
the scheduler uses it to poll a busy session more eagerly once it is near its expected end.
"""

from __future__ import annotations

from typing import Final

# Before any task of a kind finished: a turn or an examples run on the real API takes seconds.
FIRST_GUESS: Final = 5.0
# Weight of the newest duration in the moving average.
ALPHA: Final = 0.3


class Durations:
    """Expected task durations per kind, in seconds."""

    def __init__(self) -> None:
        self._mean: dict[str, float] = {}
        self.seen: dict[str, int] = {}

    def expected(self, kind: str) -> float:
        """The expected duration of a task of `kind`."""
        return self._mean.get(kind, FIRST_GUESS)

    def observe(self, kind: str, seconds: float) -> None:
        """A task of `kind` took `seconds` (from when it was first seen busy to when idle)."""
        if seconds < 0:
            return
        mean = self._mean.get(kind)
        self._mean[kind] = seconds if mean is None else mean + ALPHA * (seconds - mean)
        self.seen[kind] = self.seen.get(kind, 0) + 1

    def weight(self, kind: str, elapsed: float, interval: float) -> float:
        """How eagerly to poll a task of `kind` running for `elapsed` s: 2 near or past its
        expected end (within one interval), 0.5 in its first half, 1 in between."""
        expected = self.expected(kind)
        if elapsed >= expected - interval:
            return 2.0
        if elapsed < expected / 2:
            return 0.5
        return 1.0
