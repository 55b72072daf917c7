"""The caller-thread side of a session widget: actions called from a cell, and waiting.

An action from a cell talks to the API at once and raises on failure, then hands the state
change to the loop thread (`WorkLoop.run`). Waiting either awaits the loop (`wait`) or, when
the caller *is* the loop's thread and cannot yield, polls from there (`wait_sync`).
"""

from __future__ import annotations

import asyncio
import time

from puffle_widgets.client import Sessions
from puffle_widgets.errors import PuffleError, SessionBusyError
from puffle_widgets.live import WorkLoop
from puffle_widgets.models import Session, TaskRun
from puffle_widgets.widgets.session.actions import SYNC_SENDS, ActionQueue, Op
from puffle_widgets.widgets.session.on_loop import OnLoop
from puffle_widgets.widgets.session.state import SessionState


class BlockingCalls:
    """A widget's blocking actions and waits, for the thread that calls them."""

    def __init__(
        self,
        loop: WorkLoop,
        sessions: Sessions,
        state: SessionState,
        actions: ActionQueue,
        on_loop: OnLoop,
    ) -> None:
        self._loop = loop
        self._sessions = sessions
        self._state = state
        self._actions = actions
        self._on_loop = on_loop
        self._session_id = state.session_id

    def check_open(self) -> None:
        """Raise if the widget was closed."""
        if self._state.closed:
            raise RuntimeError("This SessionWidget is closed; make a new one to keep working.")

    def dispatch(self, op: Op) -> TaskRun | None:
        """Send a turn or an examples run now, or queue it behind what runs or waits (None)."""
        self.check_open()
        if self._loop.run(self._actions.queued, op):
            return None
        try:
            run = SYNC_SENDS[op.kind](self._sessions, self._session_id, **op.args)
        except PuffleError as exc:
            self._loop.run(self._actions.after_send, op, exc, raised=True)
            if isinstance(exc, SessionBusyError):
                return None  # queued after all
            raise
        self._loop.run(self._actions.after_send, op, None)
        return run

    def save(self, *, force: bool) -> Session | None:
        """PATCH the edited fields unless a task runs (queued: None) or the server changed an
        edited field meanwhile (`DraftConflictError`, unless `force`)."""
        self.check_open()
        current = self._sessions.get(self._session_id)
        plan = self._loop.run(self._actions.begin_save, current, force=force)
        if plan.outcome == "conflict":
            raise plan.conflict_error()
        if plan.outcome != "patch":
            return None if self._actions.waiting else self._state.session
        saved = self._sessions.update(self._session_id, **plan.fields)
        self._loop.run(self._actions.save_landed, saved, plan.fields)
        return saved

    def restore(self, op: Op) -> None:
        """Carry out a restore that waited its turn (restore.py), from this thread."""
        plan = self._actions.begin_restore(self._sessions.get(self._session_id), op)
        if plan.outcome == "patch":
            saved = self._sessions.update(self._session_id, **plan.patch)
            self._actions.restore_landed(saved, plan)

    def refresh(self) -> Session:
        """Fetch the session now and show it."""
        self.check_open()
        session = self._sessions.get(self._session_id)
        self._loop.run(self._actions.publish, session)
        return session

    async def wait(self, timeout: float | None) -> Session:
        """Await, from any loop, the session settling on the widget's loop."""
        self.check_open()
        return await asyncio.wrap_future(self._loop.submit(self._on_loop.settled(timeout)))

    def wait_sync(self, timeout: float | None) -> Session:
        """Block until the session settles, polling from this thread if it is the loop's."""
        self.check_open()
        if not self._loop.on_loop_thread:
            return self._loop.submit(self._on_loop.settled(timeout)).result()
        # On the kernel's own thread the loop cannot run while this blocks, so poll from here
        # and send queued actions from here too (the loop would send them a second time).
        deadline = None if timeout is None else time.monotonic() + timeout
        self._actions.blocking = True
        try:
            while True:
                left = None if deadline is None else max(0.001, deadline - time.monotonic())
                for snapshot in self._sessions.watch(self._session_id, timeout=left):
                    self._actions.publish(snapshot)
                    self._state.mark_changed()
                if not self._actions.waiting:
                    break
                op = self._actions.waiting.popleft()
                if op.kind == "save":
                    self.save(force=bool(op.args.get("force")))
                elif op.kind == "restore":
                    self.restore(op)
                else:
                    self.dispatch(op)
        finally:
            self._actions.blocking = False
        self._state.raise_background()
        assert self._state.session is not None
        return self._state.session
