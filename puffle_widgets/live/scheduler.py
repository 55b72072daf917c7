"""One poll scheduler per event loop and API key, shared by every session and campaign poller.

Pollers no longer run their own loops. Each says what it wants (`Want`: when its next request
is due, how often it would like one, how much it matters), and the scheduler starts their
requests one slot at a time within the key's request budget (budget.py). When more pollers are
due than the budget allows, the one most overdue, counted in its own intervals and weighted,
goes first: equal pollers take turns, a busy session on screen counts double, and one near the
expected end of its task (durations.py) counts double again. All methods run on the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from puffle_widgets.live.budget import Budget
from puffle_widgets.live.durations import Durations
from puffle_widgets.live.settings import settings

log = logging.getLogger("puffle_widgets.live")

# Re-check wants at least this often even if nobody wakes the scheduler (a safety net).
MAX_SLEEP = 30.0


@dataclass(frozen=True)
class Want:
    """A poller's wish: a request at `due` (loop time), every `interval` s, of this `weight`."""

    due: float
    interval: float
    weight: float = 1.0

    def score(self, now: float) -> float:
        """How overdue, in intervals, weighted: the most overdue poller goes first."""
        return self.weight * (now - self.due + self.interval) / self.interval


class Pollee(Protocol):
    """What the scheduler polls: a session poller or a campaign poller."""

    def want(self, now: float) -> Want | None:
        """The next request this poller wants, or None."""

    def poll(self) -> Awaitable[None]:
        """Make one request and take in its answer; never raises."""

    def polled(self) -> None:
        """The request is over and no longer counts as in flight."""


class PollScheduler:
    """Spends one key's request budget across its pollers."""

    def __init__(self) -> None:
        self.budget = Budget(lambda: settings().budget_per_minute, lambda: settings().budget_window)
        self.durations = Durations()
        self.started = 0  # polls started (for tests and diagnostics)
        self._pollees: list[Pollee] = []
        self._inflight: dict[Pollee, asyncio.Task[None]] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._loop = asyncio.get_running_loop()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop the scheduler runs on."""
        return self._loop

    def now(self) -> float:
        """The scheduler's clock (the loop's monotonic time)."""
        return self._loop.time()

    def add(self, pollee: Pollee) -> None:
        """Take `pollee` into the rotation."""
        if pollee not in self._pollees:
            self._pollees.append(pollee)
        self.wake()

    def remove(self, pollee: Pollee) -> None:
        """Drop `pollee` and cancel its request in flight, if any."""
        if pollee in self._pollees:
            self._pollees.remove(pollee)
        task = self._inflight.pop(pollee, None)
        if task is not None:
            task.cancel()
        self.wake()

    def wake(self) -> None:
        """A poller's wish changed: look again (starts the scheduler if it is not running)."""
        self._wake.set()
        if self._pollees and (self._task is None or self._task.done()):
            self._task = self._loop.create_task(self._run())

    def polling(self, pollee: Pollee) -> bool:
        """Whether a request of `pollee` is in flight."""
        return pollee in self._inflight

    # --- requests that do not wait for the budget ---------------------------------------------

    def counted(self) -> Callable[[], None]:
        """Count a request made outside the scheduler (a turn, a save) against the budget;
        call the returned function when its answer arrives."""
        request = self.budget.start(self.now())
        return lambda: self.budget.finish(request, self.now())

    def rate_limited(self, retry_after: float | None) -> None:
        """The server answered 429: pause every request of this key for a while."""
        pause = min(settings().max_retry_after, retry_after or settings().spacing * 2)
        self.budget.pause(self.now() + pause)
        self.wake()

    def delay_for_blocking(self) -> float:
        """Seconds a caller that blocks the loop must wait before its own paced request."""
        return max(0.0, self.budget.next_slot(self.now()) - self.now())

    # --- the rotation -------------------------------------------------------------------------

    def _choose(self, now: float) -> tuple[Pollee | None, float]:
        """The pollee to poll now, or None and how long to wait before looking again."""
        best: tuple[float, Pollee] | None = None
        next_due = math.inf
        for pollee in self._pollees:
            if pollee in self._inflight:
                continue
            want = pollee.want(now)
            if want is None:
                continue
            if want.due > now:
                next_due = min(next_due, want.due)
                continue
            score = want.score(now)
            if best is None or score > best[0]:
                best = (score, pollee)
        if best is None:
            return None, next_due - now
        slot = self.budget.next_slot(now)
        if slot > now:
            return None, slot - now
        return best[1], 0.0

    async def _run(self) -> None:
        while self._pollees:
            self._wake.clear()
            now = self.now()
            pollee, wait = self._choose(now)
            if pollee is None:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(min(wait, MAX_SLEEP)):
                        await self._wake.wait()
                continue
            request = self.budget.start(now)
            self.started += 1
            self._inflight[pollee] = self._loop.create_task(self._poll(pollee, request))

    async def _poll(self, pollee: Pollee, request: int) -> None:
        try:
            await pollee.poll()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("a poll failed unexpectedly")
        finally:
            self.budget.finish(request, self.now())
            if self._inflight.get(pollee) is asyncio.current_task():
                del self._inflight[pollee]
                pollee.polled()
            self.wake()
