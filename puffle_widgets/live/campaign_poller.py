"""One campaign's session list, polled while any of its sessions is busy.

Like `SessionPoller`, it runs only while there is something to wait for (a busy session, or no
list yet) and stops by itself, so an idle campaign costs nothing. Unlike it, it has one
listener, and it waits before each request: whoever starts it has just listed, or just failed
to. All its methods run on its loop's thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from puffle_widgets.client import AsyncPuffle
from puffle_widgets.live.backoff import TRANSIENT, error_delay
from puffle_widgets.models import Session


@dataclass(frozen=True)
class CampaignUpdate:
    """What a poll found: the sessions, a transient failure, or a fatal one (polling stops)."""

    kind: Literal["sessions", "reconnecting", "fatal"]
    sessions: list[Session] = field(default_factory=list)
    error: Exception | None = None


class CampaignPoller:
    """Lists one campaign until none of its sessions is busy, telling `listener` each result."""

    def __init__(
        self,
        client: AsyncPuffle,
        campaign_id: str,
        listener: Callable[[CampaignUpdate], None],
    ) -> None:
        self.client = client
        self.campaign_id = campaign_id
        self.last: list[Session] | None = None  # the latest list, from a poll or `publish`
        self.fatal: Exception | None = None  # what stopped polling, until a list arrives
        self._listener = listener
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    @property
    def running(self) -> bool:
        """True while a poll loop is active."""
        return self._task is not None and not self._task.done()

    @property
    def wanted(self) -> bool:
        """Whether there is something to wait for: no list yet, or a busy session in it."""
        return self.last is None or any(s.is_busy for s in self.last)

    def publish(self, sessions: list[Session]) -> None:
        """A list got elsewhere (a refresh, an opened session's news); polls while it is busy."""
        self.last, self.fatal = sessions, None
        if self.wanted:
            self.start()

    def start(self) -> None:
        """Poll until no session is busy; nothing happens while polling, or once closed."""
        if not self._closed and not self.running:
            self._task = asyncio.ensure_future(self._run())

    def close(self) -> None:
        """Stop polling for good."""
        self._closed = True
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def wait(self) -> None:
        """Return once polling stopped; raise the error that stopped it, if any."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)
        if self.fatal is not None:
            raise self.fatal

    async def _run(self) -> None:
        schedule = self.client.poll_schedule
        delays, failures = schedule.delays(), 0
        last_error: Exception = RuntimeError("not polled yet")
        while self.wanted:
            delay = next(delays) if failures == 0 else error_delay(schedule, failures, last_error)
            await asyncio.sleep(delay)
            try:
                sessions = await self.client.sessions.list(self.campaign_id)
            except TRANSIENT as error:
                failures, last_error = failures + 1, error
                self._listener(CampaignUpdate("reconnecting", error=error))
                continue
            except Exception as error:
                # 401/403/404 and anything unexpected: say so, and stop rather than hammer.
                self.fatal = error
                self._listener(CampaignUpdate("fatal", error=error))
                return
            failures = 0
            self.last, self.fatal = sessions, None
            self._listener(CampaignUpdate("sessions", sessions=sessions))
