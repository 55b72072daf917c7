"""The blocking side of the session widget: actions called from a cell, and waiting.

A call from a cell talks to the API at once and raises on failure, then hands the state change
to the loop thread; waiting either awaits the loop (`wait`) or, when the caller *is* the loop's
thread and cannot yield, polls from there (`wait_sync`).
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from typing import Any

from puffle_widgets.errors import (
    APIConnectionError,
    PuffleError,
    SessionBusyError,
    WaitTimeoutError,
)
from puffle_widgets.models import Session, TaskRun
from puffle_widgets.widgets import flush as _flush
from puffle_widgets.widgets.session.on_loop import SessionCore
from puffle_widgets.widgets.session.snapshots import Op


class SessionCalls(SessionCore):
    """Blocking actions and waits, built on the on-loop machinery of `SessionCore`."""

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("This SessionWidget is closed; make a new one to keep working.")

    def _dispatch(self, op: Op) -> TaskRun | None:
        """Send a turn or an examples run now, or queue it behind what is running or waiting."""
        self._check_open()
        if self._loop.run(self._should_queue):
            self._loop.run(partial(self._enqueue, op))
            return None
        try:
            run: TaskRun = getattr(self._sync.sessions, op.kind)(self.session_id, **op.args)
        except SessionBusyError:
            self._loop.run(partial(self._enqueue, op))
            return None
        except PuffleError as exc:
            if isinstance(exc, APIConnectionError):
                self._loop.run(self._poller.poke)  # the task may have started anyway
            self._loop.run(partial(self._fail, exc, background=False))
            raise
        self._loop.run(partial(self._mark_dispatched, op.kind))
        return run

    def _save_now(self, force: bool) -> Session | None:
        self._check_open()
        current = self._sync.sessions.get(self.session_id)
        fields: dict[str, Any] = self._loop.run(partial(self._plan_save, current, force=force))
        if not fields:
            return None if self._queue else self._session
        saved = self._sync.sessions.update(self.session_id, **fields)
        self._loop.run(partial(self._publish_saved, saved, fields))
        return saved

    async def wait(self, timeout: float | None = 300) -> Session:
        """Return the session once it is idle and nothing is queued; raise what went wrong."""
        self._check_open()
        return await asyncio.wrap_future(self._loop.submit(self._settled(timeout)))

    def wait_sync(self, timeout: float | None = 300) -> Session:
        """Like `wait`, blocking: polls from this thread, updating the display as it goes."""
        self._check_open()
        if not self._loop.on_loop_thread:
            return self._loop.submit(self._settled(timeout)).result()
        # On the kernel's own thread the loop cannot run while this blocks, so poll from here
        # and send queued actions from here too (the loop would send them a second time).
        deadline = None if timeout is None else time.monotonic() + timeout
        self._blocking = True
        try:
            while True:
                left = None if deadline is None else max(0.001, deadline - time.monotonic())
                for snapshot in self._sync.sessions.watch(self.session_id, timeout=left):
                    self._publish(snapshot)
                    _flush.mark_changed(self)
                if not self._queue:
                    break
                op = self._queue.popleft()
                if op.kind == "save":
                    self._save_now(force=bool(op.args.get("force")))
                else:
                    self._dispatch(op)
        finally:
            self._blocking = False
        self._raise_background()
        assert self._session is not None
        return self._session

    async def _settled(self, timeout: float | None) -> Session:
        if self.busy or self.status == "reconnecting" or self._queue:
            self._poller.poke()
        try:
            async with asyncio.timeout(timeout):
                while True:
                    self._raise_background()
                    if self._closed:
                        raise RuntimeError("The SessionWidget was closed while waiting.")
                    calm = self.status not in ("reconnecting", "loading")
                    waiting = (
                        self.busy
                        or self._queue
                        or self._inflight
                        or self._tasks
                        or self._poller.running
                    )
                    if calm and not waiting and self._session is not None:
                        return self._session
                    await self._changed.wait()
        except TimeoutError:
            raise WaitTimeoutError(
                f"Session {self.session_id} is still {self.status} after {timeout:g}s; call "
                "wait() again to keep waiting (a task that never ends may be stuck).",
                session=self._session,
            ) from None

    def _raise_background(self) -> None:
        error = self._background_error or self._fatal
        self._background_error = None
        if error is not None:
            raise error
