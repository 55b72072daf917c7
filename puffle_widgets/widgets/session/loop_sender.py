"""How the loop's task sends one queued action: the client call, the automatic retries, and
a save's read-then-write.

The queue (actions.py) decides when an action goes and what follows each outcome; this sends
it. A retry waits out Retry-After (or a backoff) with the action parked, so a caller blocking
the loop's thread, which this task cannot run for, may take it over meanwhile; the Retry now
button ends the wait early. The blocking caller's own sending is in blocking.py.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from puffle_widgets.client import AsyncSessions
from puffle_widgets.errors import PuffleError
from puffle_widgets.live import Observed, PollScheduler, next_seq
from puffle_widgets.widgets.session.ops import ASYNC_SENDS, REQUEUED, Op, retry_delay
from puffle_widgets.widgets.session.state import SessionState

if TYPE_CHECKING:
    from puffle_widgets.widgets.session.actions import ActionQueue


class LoopSender:
    """Sends the queue's actions from tasks on the loop, retrying what may be retried."""

    def __init__(
        self,
        queue: ActionQueue,
        state: SessionState,
        sessions: AsyncSessions,
        scheduler: PollScheduler,
    ) -> None:
        self._queue = queue
        self._state = state
        self._sessions = sessions
        self._scheduler = scheduler
        self._retry_now = asyncio.Event()

    def retry_now(self) -> None:
        """Stop waiting before an automatic retry."""
        self._retry_now.set()
        self._retry_now = asyncio.Event()

    async def run(self, op: Op) -> None:
        """Send `op` (unless another executor has it), retrying by itself what may be; the
        queue hears how it went."""
        if op.claimed or op.done.done():
            return
        queue = self._queue
        op.claimed = True
        taken_over = False
        try:
            early = op.not_before - self._scheduler.now()
            # A rate limit met at the end of the cell that sent it.
            if early > 0 and not await self._park(op, early):
                taken_over = True
                return
            while self._state.taking_work:
                finish = queue.begin(op)
                try:
                    result = await self._call(op)
                except PuffleError as error:
                    finish()
                    delay = retry_delay(op, error)
                    if delay is None:
                        queue.failed(op, error)
                        return
                    op.attempts += 1
                    queue.waiting_to_retry(op, error, delay)
                    op.not_before = self._scheduler.now() + delay
                    if not await self._park(op, delay):
                        taken_over = True
                        return
                    continue
                finish()
                if result is not REQUEUED:
                    queue.succeeded(op, result)
                return
        finally:
            if not taken_over:  # else the caller that took it finished it (or queued it again)
                queue.finished(op)

    async def _park(self, op: Op, delay: float) -> bool:
        """Wait `delay` before sending `op` again, leaving it free for a caller that blocks the
        loop's thread (this task cannot run for it); False if such a caller took it meanwhile."""
        op.claimed, op.parked = False, True
        await self._pause(delay)
        if not op.parked or op.done.done():
            return False
        op.claimed, op.parked = True, False
        return True

    async def _pause(self, delay: float) -> None:
        retry_now = self._retry_now
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(delay):
                await retry_now.wait()

    async def _call(self, op: Op) -> Any:
        session_id = self._state.session_id
        if op.kind in ASYNC_SENDS:
            return await ASYNC_SENDS[op.kind](self._sessions, session_id, **op.args)
        seq = next_seq()
        current = await self._sessions.get(session_id)
        result, write = self._queue.after_read(op, Observed(current, seq))
        if write is None or write.body is None:
            return result
        seq = next_seq()
        saved = await self._sessions.update(session_id, **write.body)
        write.landed(Observed(saved, seq))
        return saved
