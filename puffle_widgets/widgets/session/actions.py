"""The action queue: turns, example runs and saves go out one at a time, in the order made.

A session takes one task at a time (409 while one runs), so an action made while a task runs,
or while earlier actions wait, waits here and goes out once the session is idle. The cell
(blocking.py) and the browser (on_loop.py) send the same way: one explicit map from action to
client call, and one rule, `ActionQueue.after_send`, for what follows a send.
"""

from __future__ import annotations

import collections
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from puffle_widgets.client import AsyncSessions, Sessions
from puffle_widgets.errors import APIConnectionError, PuffleError, SessionBusyError
from puffle_widgets.models import CHAT_PROCESSING, GENERATING_EXAMPLES, Session, TaskRun
from puffle_widgets.widgets.session import restore
from puffle_widgets.widgets.session.drafts import SavePlan, plan_save, rebase_saved
from puffle_widgets.widgets.session.state import SessionState

OpKind = Literal["turn", "generate_examples", "save", "restore"]


@dataclass(frozen=True)
class Op:
    """An action: a turn or an examples run (`args` are the client call's keyword arguments),
    a save (`args` may hold `force`), or a restore (a save of `args["fields"]`, restore.py)."""

    kind: OpKind
    args: dict[str, Any] = field(default_factory=dict)


# The client call that sends each task-starting action (a save is a GET and a PATCH, below).
SYNC_SENDS: Final[Mapping[str, Callable[..., TaskRun]]] = {
    "turn": Sessions.turn,
    "generate_examples": Sessions.generate_examples,
}
ASYNC_SENDS: Final[Mapping[str, Callable[..., Awaitable[TaskRun]]]] = {
    "turn": AsyncSessions.turn,
    "generate_examples": AsyncSessions.generate_examples,
}
# The task status each of them starts, shown before any snapshot shows it.
TASK_STATUS: Final[Mapping[str, str]] = {
    "turn": CHAT_PROCESSING,
    "generate_examples": GENERATING_EXAMPLES,
}
# How the "wait your turn" notice names each action.
WHAT: Final[Mapping[str, str]] = {
    "turn": "message",
    "generate_examples": "example run",
    "save": "save",
    "restore": "restore",
}


class ActionQueue:
    """Actions waiting for the session to be idle, and how each goes out; runs on the loop."""

    def __init__(self, state: SessionState, sessions: AsyncSessions) -> None:
        self.waiting: collections.deque[Op] = collections.deque()
        self.inflight = False  # a queued action is being sent
        # wait_sync() on the loop's own thread sends queued actions itself.
        self.blocking = False
        self._state = state
        self._sessions = sessions

    @property
    def idle(self) -> bool:
        """Nothing waits and nothing queued is being sent."""
        return not self.waiting and not self.inflight

    def queued(self, op: Op) -> bool:
        """Queue `op` if it must wait its turn (a task runs, or actions wait); False if it may
        go now."""
        if not (self._state.busy or self.inflight or self.waiting):
            return False
        self.enqueue(op)
        return True

    def enqueue(self, op: Op, *, front: bool = False) -> None:
        """Put `op` in line (`front`: first, as it was before a 409 sent it back)."""
        (self.waiting.appendleft if front else self.waiting.append)(op)
        self._state.set_notice(
            f"The session is busy; your {WHAT[op.kind]} will go when the running task finishes."
        )
        self._state.poller.poke()
        self._state.pulse()

    def submit(self, op: Op) -> None:
        """An action from the browser: now, or after what is already running or waiting."""
        if not self.queued(op):
            self._state.spawn(self._send(op, queued=False))

    def drain(self) -> None:
        """Send the next waiting action, one at a time, once the session is idle."""
        if self.blocking or not self._state.taking_work:
            return  # wait_sync() sends queued actions itself; a closed or dead session takes none
        if self.waiting and not self.inflight and not self._state.busy:
            self.inflight = True
            self._state.spawn(self._send(self.waiting.popleft(), queued=True))

    def publish(self, session: Session, *, notice: str | None = None) -> None:
        """Show a snapshot fetched here, share it, and send what waited if it shows idle."""
        self._state.show(session, notice=notice)
        self.drain()

    def after_send(
        self, op: Op, error: PuffleError | None, *, front: bool = False, raised: bool = False
    ) -> None:
        """What follows sending `op`, the one rule for the cell and the browser: sent, the
        widget shows the task; busy (409), `op` waits its turn (first in line, `front`, if it
        had waited already); a lost answer, the poller looks whether the task started anyway;
        any failure is shown, and kept for `wait()` unless the caller `raised` it."""
        if error is None:
            self._state.show_task_started(TASK_STATUS[op.kind])
        elif isinstance(error, SessionBusyError):
            self.enqueue(op, front=front)
        else:
            if isinstance(error, APIConnectionError):
                self._state.poller.poke()  # the answer may be lost while the task runs
            self._state.fail(error, background=not raised)

    async def _send(self, op: Op, *, queued: bool) -> None:
        try:
            if op.kind == "save":
                await self._save(force=bool(op.args.get("force")))
            elif op.kind == "restore":
                await self._restore(op)
            else:
                await ASYNC_SENDS[op.kind](self._sessions, self._state.session_id, **op.args)
                self.after_send(op, None)
        except PuffleError as exc:
            self.after_send(op, exc, front=queued)
        finally:
            if queued:
                self.inflight = False
                self.drain()

    # --- saves ------------------------------------------------------------------------------

    async def _save(self, *, force: bool) -> None:
        session_id = self._state.session_id
        plan = self.begin_save(await self._sessions.get(session_id), force=force)
        if plan.outcome == "conflict":
            raise plan.conflict_error()
        if plan.outcome == "patch":
            saved = await self._sessions.update(session_id, **plan.fields)
            self.save_landed(saved, plan.fields)

    def begin_save(self, current: Session, *, force: bool) -> SavePlan:
        """Show `current` (the server's row, just read) and plan the save against it: a busy
        session queues the save; nothing to save, or a conflict, is told to the user (the
        caller raises the conflict); else the caller PATCHes `plan.fields`."""
        plan = plan_save(
            self._state.drafts(),
            current.model_dump(mode="json"),
            busy=current.is_busy,
            force=force,
        )
        self.publish(current)
        if plan.outcome == "wait":
            self.enqueue(Op("save", {"force": force}))
        elif plan.notice is not None:
            self._state.set_notice(plan.notice)
        return plan

    def save_landed(self, saved: Session, fields: dict[str, Any]) -> None:
        """Our own PATCH landed: what we sent is the new baseline, whatever was typed since."""
        self._state.update_drafts(lambda drafts: rebase_saved(drafts, fields))
        self._state.turns.saved(fields)
        self._state.forget_background_error()
        self.publish(saved, notice="Saved.")

    # --- restores (restore.py) -------------------------------------------------------------

    async def _restore(self, op: Op) -> None:
        plan = self.begin_restore(await self._sessions.get(self._state.session_id), op)
        if plan.outcome == "patch":
            saved = await self._sessions.update(self._state.session_id, **plan.patch)
            self.restore_landed(saved, plan)

    def begin_restore(self, current: Session, op: Op) -> restore.RestorePlan:
        """Show `current` and plan the restore `op` against it, by the rules of a save."""
        plan = restore.plan_restore(
            self._state.drafts(),
            current.model_dump(mode="json"),
            op.args["fields"],
            label=str(op.args.get("label", "that version")),
            busy=current.is_busy,
            now=restore.now_iso(),
        )
        self.publish(current)
        if plan.outcome == "wait":
            self.enqueue(op)
        else:
            self._state.set_notice(plan.notice)
        return plan

    def restore_landed(self, saved: Session, plan: restore.RestorePlan) -> None:
        """The restore's PATCH landed: the restored values are shown and saved by hand."""
        self._state.update_drafts(lambda drafts: restore.restored(drafts, plan.fields))
        self._state.turns.saved(plan.fields)
        self._state.forget_background_error()
        self.publish(saved, notice=plan.notice)
