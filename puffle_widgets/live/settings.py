"""How often live views poll, and how many requests they may spend: one set of numbers per
process, changed with `configure()`.

The defaults follow the issue's promises: a busy session is polled about every second while
the budget allows; an idle session whose view is on screen is re-read every 20 s; an idle
session whose views are all hidden (tab in the background, scrolled away) at most once per
5 minutes; an idle session nobody displays never. Every interval can be changed (tests and
demos shorten them: nobody waits minutes).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from puffle_widgets.client import MAX_RETRY_AFTER


@dataclass(frozen=True)
class LiveSettings:
    """The numbers behind live polling (seconds, and requests per `budget_window`)."""

    # Requests the poll scheduler may start per key in any `budget_window` seconds. The docs
    # give 100 requests/minute per key on the partner API; 60 leaves room for turns and saves.
    budget_per_minute: int = 60
    budget_window: float = 60.0
    # A busy session: at most this long between polls (the budget may stretch it).
    busy_interval: float = 1.0
    # An idle session: re-read this often while a view of it is visible, and while all of its
    # views are hidden. Idle sessions that nothing displays are not polled.
    idle_visible: float = 20.0
    idle_hidden: float = 300.0
    # After a lost answer to POST /turn: poll from `lost_first` s, growing 1.5x up to
    # `lost_max` s, until the message shows in the transcript or `lost_window` s passed.
    lost_first: float = 0.5
    lost_max: float = 10.0
    lost_window: float = 120.0
    # A view that has not reported for this long no longer counts as visible (a tab closed
    # without telling); one not heard of for `view_forget` s no longer counts at all.
    view_ttl: float = 90.0
    view_forget: float = 3600.0
    # Turns and saves that meet 429 are retried this many times (after Retry-After).
    action_retries: int = 5
    # Cap on any automatic wait before a retry.
    max_retry_after: float = MAX_RETRY_AFTER

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{f.name} must be a number, got {value!r}.")
            if not math.isfinite(value) or value <= 0:
                raise ValueError(f"{f.name} must be a finite number > 0, got {value!r}.")
        if not isinstance(self.budget_per_minute, int):
            raise ValueError(
                f"budget_per_minute must be a whole number, got {self.budget_per_minute!r}."
            )
        if not isinstance(self.action_retries, int):
            raise ValueError(f"action_retries must be a whole number, got {self.action_retries!r}.")

    @property
    def spacing(self) -> float:
        """Seconds between two scheduled requests when the budget is spent evenly."""
        return self.budget_window / self.budget_per_minute


_current = LiveSettings()


def configure(**changes: Any) -> LiveSettings:
    """Change live polling for this process, e.g. `configure(budget_per_minute=30)`; returns
    the settings now in force. Unknown names raise `TypeError`, bad values `ValueError`."""
    global _current
    known = {f.name for f in dataclasses.fields(LiveSettings)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise TypeError(
            f"configure() got unknown setting(s) {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(sorted(known))}."
        )
    _current = dataclasses.replace(_current, **changes)
    return _current


def settings() -> LiveSettings:
    """The live settings in force."""
    return _current


def reset() -> LiveSettings:
    """Back to the defaults (for tests)."""
    global _current
    _current = LiveSettings()
    return _current
