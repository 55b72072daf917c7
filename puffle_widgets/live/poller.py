"""One poll per session: GET while the session is busy, tell every subscriber what changed.

A poller runs only while there is something to wait for (the session is busy, or it has not
been reached yet) and stops by itself when the session is idle, so idle widgets cost nothing.
All its methods run on its loop's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from puffle_widgets.client import AsyncPuffle
from puffle_widgets.errors import PuffleError
from puffle_widgets.live.backoff import TRANSIENT, error_delay
from puffle_widgets.models import Session

log = logging.getLogger("puffle_widgets.live")


@dataclass(frozen=True)
class PollUpdate:
    """What a poll found: a new snapshot, a transient failure, a fatal one, or that polling
    stopped because the session is idle."""

    kind: Literal["snapshot", "reconnecting", "fatal", "stopped"]
    session: Session | None = None
    error: Exception | None = None


Listener = Callable[[PollUpdate], None]


class SessionPoller:
    """Polls one session for any number of subscribers."""

    def __init__(self, client: AsyncPuffle, session_id: str, on_empty: Callable[[], None]) -> None:
        self.session_id = session_id
        self.client = client
        self.last: Session | None = None
        self.failures = 0
        self._listeners: list[Listener] = []
        self._on_empty = on_empty
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._delays: Iterator[float] = client.poll_schedule.delays()

    @property
    def running(self) -> bool:
        """True while a poll loop is active."""
        return self._task is not None and not self._task.done()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add `listener`; returns the function that removes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)
                if not self._listeners:
                    self.stop()
                    self._on_empty()

        return unsubscribe

    def publish(self, session: Session) -> None:
        """Share a snapshot fetched elsewhere; polling starts if it is busy."""
        self._deliver(session, force=False)
        if session.is_busy:
            self.poke()

    def poke(self) -> None:
        """Poll now and restart the 2 s -> 5 s cadence (after an action, or on request)."""
        self._delays = self.client.poll_schedule.delays()
        if self.running:
            if self._wake is not None:
                self._wake.set()
            return
        self._task = asyncio.ensure_future(self._run())

    def stop(self) -> None:
        """Cancel the poll loop, if any."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    async def _run(self) -> None:
        self._wake = asyncio.Event()
        while self._listeners:
            # A poke during the request below means "an action just happened": poll again.
            self._wake.clear()
            try:
                session = await self.client.sessions.get(self.session_id)
            except TRANSIENT as exc:
                self.failures += 1
                self._notify(PollUpdate("reconnecting", error=exc))
                delay = error_delay(self.client.poll_schedule, self.failures, exc)
            except Exception as exc:
                # 401/403/404 and anything unexpected: say so, and stop rather than hammer.
                if not isinstance(exc, PuffleError):
                    log.exception("polling session %s failed", self.session_id)
                self._notify(PollUpdate("fatal", error=exc))
                return
            else:
                recovered = self.failures > 0
                self.failures = 0
                self._deliver(session, force=recovered)
                if not session.is_busy and not self._wake.is_set():
                    self._task = None
                    self._notify(PollUpdate("stopped", session=session))
                    return
                delay = next(self._delays)
            await self._sleep(delay)

    async def _sleep(self, delay: float) -> None:
        assert self._wake is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), delay)

    def _deliver(self, session: Session, *, force: bool) -> None:
        last = self.last
        if last is not None and session.updated_at < last.updated_at:
            return  # an older snapshot (a stale list row, an old object): never roll back
        if force or last is None or last != session:
            self.last = session
            self._notify(PollUpdate("snapshot", session=session))

    def _notify(self, update: PollUpdate) -> None:
        for listener in list(self._listeners):
            try:
                listener(update)
            except Exception:
                # A broken subscriber must not stop the others, nor reach the kernel.
                log.exception("a listener of session %s failed", self.session_id)
