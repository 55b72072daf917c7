"""Background jobs: asyncio tasks on the server loop that finish a claimed turn or examples run.

A job waits the emulator's latency, then waits while its session is stuck, then writes its
result and clears `task_status`. Jobs are also stored in the database, so a job interrupted by
`stop()` is resumed by the next `start()`. A job whose session was deleted just ends.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from puffle_widgets.emulator.faults import Faults
from puffle_widgets.emulator.store import Store
from puffle_widgets.emulator.tasks import FINISHERS

logger = logging.getLogger(__name__)


class Jobs:
    """The running jobs of one emulator. `queue`, `wake` and `cancel_all` run on the server loop;
    `wait_done` and `latency` may be used from any thread."""

    def __init__(self, store: Store, faults: Faults, latency: float) -> None:
        self.latency = latency
        self.errors: list[BaseException] = []
        self._store = store
        self._faults = faults
        self._tasks: set[asyncio.Task[None]] = set()
        self._wakers: dict[str, asyncio.Event] = {}
        self._idle = threading.Condition()
        self._running = 0

    def resume(self) -> None:
        """Start a task for every job stored but not finished (after a restart, or demo seeds)."""
        for job_id, session_id, kind, payload in self._store.pending_jobs():
            self._submit(job_id, session_id, kind, payload)

    def queue(self, session_id: str, kind: str, payload: Mapping[str, Any]) -> None:
        """Store a job for a session just claimed and start it."""
        job_id = self._store.add_job(session_id, kind, payload)
        self._submit(job_id, session_id, kind, payload)

    def _submit(self, job_id: int, session_id: str, kind: str, payload: Mapping[str, Any]) -> None:
        with self._idle:
            self._running += 1
        task = asyncio.get_running_loop().create_task(self._run(job_id, session_id, kind, payload))
        self._tasks.add(task)
        # A done callback, not `finally`: a task cancelled before its first step never runs it.
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        with self._idle:
            self._running -= 1
            self._idle.notify_all()

    async def _run(
        self, job_id: int, session_id: str, kind: str, payload: Mapping[str, Any]
    ) -> None:
        try:
            await asyncio.sleep(self.latency)
            while self._faults.is_stuck(session_id):
                await self._wakers.setdefault(session_id, asyncio.Event()).wait()
            if FINISHERS[kind](self._store, session_id, payload) is None:
                logger.info("job %s: session %s was deleted, nothing to write", kind, session_id)
            self._store.remove_job(job_id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # The real task releases the claim when it errors out; so does this one.
            logger.exception("job %s for session %s failed", kind, session_id)
            self.errors.append(exc)
            self._store.update(session_id, lambda row: {"task_status": None})
            self._store.remove_job(job_id)

    def wake(self, session_id: str) -> None:
        """Let the jobs waiting on a stuck `session_id` look again."""
        waker = self._wakers.pop(session_id, None)
        if waker is not None:
            waker.set()

    def cancel_all(self) -> None:
        """Cancel every running job; their stored entries stay for the next start."""
        for task in list(self._tasks):
            task.cancel()
        self._wakers.clear()

    def wait_done(self, timeout: float = 10.0) -> None:
        """Block until no job is running."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._running:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{self._running} job(s) still running after {timeout} s")
                self._idle.wait(remaining)
