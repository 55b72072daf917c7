"""One campaign's session list, polled through the kernel-wide scheduler.

Like `SessionPoller`, it makes no requests of its own accord: it wants a list while it has
none, about every second while any session is busy, every 20 s while idle with a view on
screen, every 5 minutes while its views are hidden, and never while nothing displays it.
Each list goes to its one listener with the sequence number of its request. All its methods
run on its loop's thread.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from puffle_widgets.client import AsyncPuffle
from puffle_widgets.errors import RateLimitError
from puffle_widgets.live.backoff import TRANSIENT, error_delay
from puffle_widgets.live.observed import next_seq
from puffle_widgets.live.scheduler import PollScheduler, Want
from puffle_widgets.live.settings import settings
from puffle_widgets.live.updates import Presence
from puffle_widgets.models import Session


@dataclass(frozen=True)
class CampaignUpdate:
    """What a poll found: the sessions (with the `seq` of the list request), a transient
    failure (`retry_at`: epoch seconds of the next try), or a fatal one (polling stops)."""

    kind: Literal["sessions", "reconnecting", "fatal"]
    sessions: list[Session] = field(default_factory=list)
    error: Exception | None = None
    seq: int = 0
    retry_at: float | None = None


class CampaignPoller:
    """Lists one campaign when the scheduler says so, telling `listener` each result."""

    def __init__(
        self,
        client: AsyncPuffle,
        campaign_id: str,
        listener: Callable[[CampaignUpdate], None],
        scheduler: PollScheduler,
        presence: Callable[[], Presence] = lambda: "none",
    ) -> None:
        self.client = client
        self.campaign_id = campaign_id
        self.scheduler = scheduler
        self.last: list[Session] | None = None  # the latest list, from a poll or `publish`
        self.fatal: Exception | None = None  # what stopped polling, until a list arrives
        self.failures = 0
        self._listener = listener
        self._presence = presence
        self._urgent = False
        self._urgent_since = -math.inf
        self._started = False
        self._closed = False
        self._last_attempt = -math.inf
        self._last_read = -math.inf
        self._last_error: Exception = RuntimeError("not polled yet")
        self._changed = asyncio.Event()

    @property
    def running(self) -> bool:
        """True while polling is active (a list awaited, a busy session, a failure)."""
        if self._closed or not self._started or self.fatal is not None:
            return False
        return self.wanted or self._urgent or self.failures > 0 or self.scheduler.polling(self)

    @property
    def wanted(self) -> bool:
        """Whether there is something to wait for: no list yet, or a busy session in it."""
        return self.last is None or any(s.is_busy for s in self.last)

    def publish(self, sessions: list[Session]) -> None:
        """A list got elsewhere (a refresh, an opened session's news); polls while it is busy."""
        self.last, self.fatal, self.failures = sessions, None, 0
        self._last_read = self.scheduler.now()
        self.start()
        self._pulse()

    def start(self) -> None:
        """Join the scheduler's rotation; nothing happens once closed."""
        if not self._closed:
            self._started = True
            self.scheduler.add(self)

    def poke(self) -> None:
        """List as soon as the budget allows (a refresh, a view coming into view)."""
        if not self._closed:
            if not self._urgent:
                self._urgent_since = self.scheduler.now()
            self._urgent = True
            self.start()
            self.scheduler.wake()

    def presence_changed(self, *, appeared: bool) -> None:
        """The views' visibility changed; one coming into view lists at once."""
        if appeared and self.scheduler.now() - self._last_read > settings().busy_interval:
            self.poke()
        else:
            self.scheduler.wake()

    def close(self) -> None:
        """Stop polling for good."""
        self._closed = True
        self.scheduler.remove(self)
        self._pulse()

    async def wait(self) -> None:
        """Return once no session is busy (and a list is known); raise the error that stopped
        polling, if any."""
        while self.running:
            await self._changed.wait()
        if self.fatal is not None:
            raise self.fatal

    def want(self, now: float) -> Want | None:
        """The next list this poller wants."""
        if self._closed or not self._started or (self.fatal is not None and not self._urgent):
            return None
        busy_interval = min(settings().busy_interval, self.client.poll_schedule.initial)
        presence = self._presence()
        if self._urgent:
            want = Want(self._urgent_since, busy_interval, 4.0)
        elif self.wanted:
            want = Want(self._last_attempt + busy_interval, busy_interval, 2.0)
        elif presence == "none" and self.failures == 0:
            return None
        else:
            interval = settings().idle_visible if presence == "visible" else settings().idle_hidden
            want = Want(max(self._last_read, self._last_attempt) + interval, interval, 1.0)
        if self.failures:
            backoff = error_delay(self.client.poll_schedule, self.failures, self._last_error)
            return Want(max(want.due, self._last_attempt + backoff), want.interval, want.weight)
        return want

    async def poll(self) -> None:
        """One list request; its answer goes to the listener."""
        seq = next_seq()
        self._urgent = False
        self._last_attempt = self.scheduler.now()
        try:
            sessions = await self.client.sessions.list(self.campaign_id)
        except TRANSIENT as error:
            self.failures += 1
            self._last_error = error
            if isinstance(error, RateLimitError):
                self.scheduler.rate_limited(error.retry_after)
            delay = error_delay(self.client.poll_schedule, self.failures, error)
            self._listener(
                CampaignUpdate("reconnecting", error=error, retry_at=time.time() + delay)
            )
        except Exception as error:
            # 401/403/404 and anything unexpected: say so, and stop rather than hammer.
            self.fatal = error
            self._listener(CampaignUpdate("fatal", error=error))
        else:
            self.failures = 0
            self.last, self.fatal = sessions, None
            self._last_read = self.scheduler.now()
            self._listener(CampaignUpdate("sessions", sessions=sessions, seq=seq))

    def polled(self) -> None:
        """The request is over: waiters re-check."""
        self._pulse()

    def _pulse(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
