"""How often to poll a busy session: the docs advise every 2-5 s."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class PollSchedule:
    """Delays between polls: `initial`, growing by `factor` up to `maximum`."""

    initial: float = 2.0
    maximum: float = 5.0
    factor: float = 1.5

    def __post_init__(self) -> None:
        finite = all(math.isfinite(v) for v in (self.initial, self.maximum, self.factor))
        if not (finite and self.initial > 0 and self.maximum >= self.initial and self.factor >= 1):
            raise ValueError(
                "A poll schedule needs finite numbers with 0 < initial <= maximum and factor >= 1, "
                "got "
                f"initial={self.initial}, maximum={self.maximum}, factor={self.factor}."
            )

    @classmethod
    def from_interval(
        cls, interval: float | PollSchedule | None, *, name: str = "interval"
    ) -> PollSchedule:
        """None: the documented 2 s -> 5 s schedule; a number: that fixed delay. `name` is the
        option the value came from, for the error message."""
        if interval is None:
            return cls()
        if isinstance(interval, PollSchedule):
            return interval
        if (
            isinstance(interval, bool)
            or not isinstance(interval, (int, float))
            or not math.isfinite(interval)
            or interval <= 0
        ):
            raise ValueError(
                f"{name} must be a finite number of seconds > 0 (or a PollSchedule), "
                f"got {interval!r}."
            )
        return cls(initial=float(interval), maximum=float(interval), factor=1.0)

    def delays(self) -> Iterator[float]:
        """The delay before each successive poll, forever."""
        delay = self.initial
        while True:
            yield delay
            delay = min(self.maximum, delay * self.factor)
