"""`client.sessions`: the seven session operations plus `wait` and `watch`, sync and async."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any

from puffle_widgets.client import operations as ops
from puffle_widgets.client.polling import PollSchedule
from puffle_widgets.client.transport import AsyncTransport, SyncTransport
from puffle_widgets.errors import TRANSIENT_ERRORS, WaitTimeoutError
from puffle_widgets.models import SampleLead, SequenceContext, Session, TaskRun, check_uuid

log = logging.getLogger("puffle_widgets.client")


Leads = Sequence[SampleLead | Mapping[str, Any]]
Context = SequenceContext | Mapping[str, Any] | None


class _Waiting:
    """The bookkeeping `wait` and `watch` share: deadline, delays, and change detection."""

    def __init__(
        self, session_id: str, timeout: float | None, interval: float | None, default: PollSchedule
    ) -> None:
        check_uuid(session_id, "session id")
        if timeout is not None and (isinstance(timeout, bool) or not timeout > 0):
            raise ValueError(f"timeout must be a number of seconds > 0 or None, got {timeout!r}.")
        self.session_id = session_id
        self.timeout = timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout
        schedule = default if interval is None else PollSchedule.from_interval(interval)
        self.delays = schedule.delays()
        self.last: Session | None = None

    def changed(self, snapshot: Session) -> bool:
        """Remember `snapshot`; True if it differs from the previous one."""
        is_new = self.last is None or self.last.model_dump() != snapshot.model_dump()
        self.last = snapshot
        return is_new

    def next_delay(self) -> float:
        """Seconds until the next poll, or raise if the deadline has passed."""
        delay = next(self.delays)
        if self.deadline is None:
            return delay
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            status = self.last.task_status if self.last is not None else "unreachable"
            raise WaitTimeoutError(
                f"Session {self.session_id} is still {status} after {self.timeout:g}s. Call "
                "wait() again to keep waiting; a task that never finishes may be stuck.",
                session=self.last,
            )
        return min(delay, remaining)

    def transient(self, exc: Exception) -> None:
        log.info("polling session %s: %s; polling again", self.session_id, exc)


class Sessions:
    """Session operations on a `Puffle` client."""

    def __init__(self, transport: SyncTransport, poll: PollSchedule) -> None:
        self._t = transport
        self._poll = poll

    def list(self, campaign_id: str) -> list[Session]:
        """Every session of a campaign, oldest first."""
        return self._t.call(ops.list_sessions(campaign_id))

    def create(self, *, campaign_id: str, node_id: str) -> Session:
        """A new, empty session for one sequence node of a campaign."""
        return self._t.call(ops.create_session(campaign_id, node_id))

    def get(self, session_id: str) -> Session:
        """The session as it is now."""
        return self._t.call(ops.get_session(session_id))

    def update(self, session_id: str, **fields: Any) -> Session:
        """Write only the given fields (e.g. `title=`, `draft_body=`); returns the new session."""
        return self._t.call(ops.update_session(session_id, fields))

    def delete(self, session_id: str) -> None:
        """Delete the session for good (a running task is not cancelled)."""
        self._t.call(ops.delete_session(session_id))

    def turn(
        self,
        session_id: str,
        message: str,
        *,
        available_var_names: Sequence[str] | None = None,
        sample_leads: Leads | None = None,
        sequence_context: Context = None,
    ) -> TaskRun:
        """Send a chat message; the reply arrives in the background (see `wait`)."""
        call = ops.run_turn(
            session_id,
            message,
            available_var_names=available_var_names,
            sample_leads=sample_leads,
            sequence_context=sequence_context,
        )
        return self._t.call(call)

    def generate_examples(
        self,
        session_id: str,
        leads: Leads,
        *,
        sequence_context: Context = None,
        is_first_batch: bool = True,
    ) -> TaskRun:
        """Start writing one example per lead; True overwrites earlier examples, False appends."""
        call = ops.generate_examples(
            session_id, leads, sequence_context=sequence_context, is_first_batch=is_first_batch
        )
        return self._t.call(call)

    def wait(
        self, session_id: str, *, timeout: float | None = 300, interval: float | None = None
    ) -> Session:
        """Poll until `task_status` is null and return that final session."""
        last: Session | None = None
        for snapshot in self.watch(session_id, timeout=timeout, interval=interval):
            last = snapshot
        assert last is not None
        return last

    def watch(
        self, session_id: str, *, timeout: float | None = 300, interval: float | None = None
    ) -> Iterator[Session]:
        """Yield the session, then each changed snapshot, until it is idle."""
        waiting = _Waiting(session_id, timeout, interval, self._poll)
        return self._watch(waiting)

    def _watch(self, waiting: _Waiting) -> Iterator[Session]:
        while True:
            try:
                snapshot = self.get(waiting.session_id)
            except TRANSIENT_ERRORS as exc:
                waiting.transient(exc)
            else:
                if waiting.changed(snapshot):
                    yield snapshot
                if not snapshot.is_busy:
                    return
            time.sleep(waiting.next_delay())


class AsyncSessions:
    """Session operations on an `AsyncPuffle` client."""

    def __init__(self, transport: AsyncTransport, poll: PollSchedule) -> None:
        self._t = transport
        self._poll = poll

    async def list(self, campaign_id: str) -> list[Session]:
        """Every session of a campaign, oldest first."""
        return await self._t.call(ops.list_sessions(campaign_id))

    async def create(self, *, campaign_id: str, node_id: str) -> Session:
        """A new, empty session for one sequence node of a campaign."""
        return await self._t.call(ops.create_session(campaign_id, node_id))

    async def get(self, session_id: str) -> Session:
        """The session as it is now."""
        return await self._t.call(ops.get_session(session_id))

    async def update(self, session_id: str, **fields: Any) -> Session:
        """Write only the given fields (e.g. `title=`, `draft_body=`); returns the new session."""
        return await self._t.call(ops.update_session(session_id, fields))

    async def delete(self, session_id: str) -> None:
        """Delete the session for good (a running task is not cancelled)."""
        await self._t.call(ops.delete_session(session_id))

    async def turn(
        self,
        session_id: str,
        message: str,
        *,
        available_var_names: Sequence[str] | None = None,
        sample_leads: Leads | None = None,
        sequence_context: Context = None,
    ) -> TaskRun:
        """Send a chat message; the reply arrives in the background (see `wait`)."""
        call = ops.run_turn(
            session_id,
            message,
            available_var_names=available_var_names,
            sample_leads=sample_leads,
            sequence_context=sequence_context,
        )
        return await self._t.call(call)

    async def generate_examples(
        self,
        session_id: str,
        leads: Leads,
        *,
        sequence_context: Context = None,
        is_first_batch: bool = True,
    ) -> TaskRun:
        """Start writing one example per lead; True overwrites earlier examples, False appends."""
        call = ops.generate_examples(
            session_id, leads, sequence_context=sequence_context, is_first_batch=is_first_batch
        )
        return await self._t.call(call)

    async def wait(
        self, session_id: str, *, timeout: float | None = 300, interval: float | None = None
    ) -> Session:
        """Poll until `task_status` is null and return that final session."""
        last: Session | None = None
        async for snapshot in self.watch(session_id, timeout=timeout, interval=interval):
            last = snapshot
        assert last is not None
        return last

    def watch(
        self, session_id: str, *, timeout: float | None = 300, interval: float | None = None
    ) -> AsyncIterator[Session]:
        """Yield the session, then each changed snapshot, until it is idle."""
        waiting = _Waiting(session_id, timeout, interval, self._poll)
        return self._watch(waiting)

    async def _watch(self, waiting: _Waiting) -> AsyncIterator[Session]:
        while True:
            try:
                snapshot = await self.get(waiting.session_id)
            except TRANSIENT_ERRORS as exc:
                waiting.transient(exc)
            else:
                if waiting.changed(snapshot):
                    yield snapshot
                if not snapshot.is_busy:
                    return
            await asyncio.sleep(waiting.next_delay())
