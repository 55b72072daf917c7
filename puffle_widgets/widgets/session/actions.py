"""The action queue: turns, example runs and saves go out one at a time, in the order made.

A session takes one task at a time (409 while one runs), so an action made while a task runs,
while earlier actions wait, or while a lost answer is being checked, waits here and goes out
once the session is idle. The cell (blocking.py) and the browser (on_loop.py) hand actions in
the same way and return at once; each action carries a future that settles when it went out
(or failed), for the callers that asked to wait. One explicit map from action to client call,
and one set of rules for what follows: accepted, busy (wait again), rate limited (retry after
Retry-After, shown with a countdown), lost answer (check, lost_turns.py), failed (shown; a
message stays in the outbox marked not sent, with Retry). What an action is, and when it may
be sent again by itself: ops.py; how the loop's task sends it, retries included:
loop_sender.py.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from typing import Any

from puffle_widgets.client import AsyncSessions
from puffle_widgets.errors import APIConnectionError, PuffleError, RateLimitError, SessionBusyError
from puffle_widgets.live import Observed, PollScheduler, mark, next_seq
from puffle_widgets.widgets.session.loop_sender import LoopSender
from puffle_widgets.widgets.session.lost_turns import LostTurns
from puffle_widgets.widgets.session.ops import REQUEUED, TASK_STATUS, WHAT, Op
from puffle_widgets.widgets.session.outbox import Entry, seen_in
from puffle_widgets.widgets.session.problems import not_received_problem, problem_of
from puffle_widgets.widgets.session.saves import SaveSteps, Write
from puffle_widgets.widgets.session.state import SessionState


class ActionQueue:
    """Actions waiting for the session to be idle, and how each goes out; runs on the loop."""

    def __init__(
        self, state: SessionState, sessions: AsyncSessions, scheduler: PollScheduler
    ) -> None:
        self.waiting: collections.deque[Op] = collections.deque()
        self.current: Op | None = None  # the queued action going out now
        # A caller blocking the loop's own thread sends actions itself (blocking.py).
        self.blocking = False
        self.lost = LostTurns(state, self._not_received, self.drain)
        self.saves = SaveSteps(state, self.publish)
        self._state = state
        self._scheduler = scheduler
        self._sender = LoopSender(self, state, sessions, scheduler)
        self._failed: dict[str, Op] = {}  # failed turns by entry id, for Retry
        # A 409 said a task runs that no snapshot showed yet: wait for an answer to a request
        # started after this mark before sending again.
        self._busy_after: int | None = None
        state.after_take.append(self.reconcile)

    @property
    def idle(self) -> bool:
        """Nothing waits and nothing queued is being sent."""
        return not self.waiting and self.current is None

    # --- handing actions in -------------------------------------------------------------------

    def add_message(self, op: Op, text: str) -> None:
        """A message from a cell or the browser: into the outbox, then in line."""
        assert op.entry_id is not None
        self._state.outbox.add(Entry(op.entry_id, text, "queued"))
        self.submit(op)

    def submit(self, op: Op) -> None:
        """An action from a cell or the browser: now, or after what runs, waits or is checked.
        A refresh never waits."""
        if op.kind == "refresh":
            self._state.spawn(self._sender.run(op))
            return
        must_wait = (
            self._state.busy or self.current is not None or self.waiting or self.lost.checking
        )
        if must_wait:
            self.enqueue(op)
        else:
            self.waiting.append(op)
            if op.entry_id is not None:
                self._state.outbox.update(op.entry_id, state="sending")
        self.drain()

    def enqueue(self, op: Op, *, front: bool = False) -> None:
        """Put `op` in line (`front`: first, as it was before a 409 sent it back)."""
        op.claimed = False
        (self.waiting.appendleft if front else self.waiting.append)(op)
        if op.entry_id is not None:
            self._state.outbox.update(op.entry_id, state="queued")
        self._state.set_notice(
            f"The session is busy; your {WHAT[op.kind]} will go when the running task finishes."
        )
        self._state.poller.poke()
        self._state.pulse()

    def drain(self) -> None:
        """Send the next waiting action, one at a time, once the session is idle."""
        if self.blocking or not self._state.taking_work:
            return  # a blocking caller sends actions itself; a closed or dead session takes none
        if self.current is not None or not self.waiting or self._held:
            return
        self.current = self.waiting.popleft()
        self._state.spawn(self._sender.run(self.current))

    def take_next(self) -> Op | None:
        """For a caller blocking the loop's thread: the action to send now, if any (one the
        loop was about to send but has not started counts)."""
        if self.current is not None:
            if self.current.claimed:
                return None
            self.current.claimed, self.current.parked = True, False
            return self.current
        if not self.waiting or self._held:
            return None
        self.current = self.waiting.popleft()
        self.current.claimed = True
        return self.current

    @property
    def in_flight(self) -> Op | None:
        """The action whose request the loop's task is making now (not one it waits to retry)."""
        current = self.current
        return current if current is not None and current.claimed else None

    @property
    def _held(self) -> bool:
        """Whether the session cannot take a new task yet."""
        return self._state.busy or self.lost.checking or self._busy_after is not None

    def finished(self, op: Op) -> None:
        """`op` is no longer going out (sent, failed, or back in line)."""
        op.release()
        if self.current is op:
            self.current = None
        self.drain()

    # --- the browser's and the cell's controls ------------------------------------------------

    def retry(self, entry_id: str) -> bool:
        """Send a failed message again; False if there is no such failed message."""
        op = self._failed.pop(entry_id, None)
        if op is None:
            return False
        self._state.outbox.update(entry_id, state="queued", error=None)
        self.submit(Op("turn", dict(op.args), entry_id=entry_id))
        return True

    def cancel(self, entry_id: str) -> bool:
        """Drop a queued or failed message; False if it already went out (or is unknown)."""
        entry = self._state.outbox.get(entry_id)
        if entry is None or entry.state not in ("queued", "failed"):
            return False
        for op in list(self.waiting):
            if op.entry_id == entry_id:
                self.waiting.remove(op)
                op.done.cancel()
        if self.current is not None and self.current.entry_id == entry_id:
            if self.current.claimed:
                return False
            self.current.done.cancel()
            self.current = None
        self._failed.pop(entry_id, None)
        self._state.outbox.remove(entry_id)
        if not any(e.state == "failed" for e in self._state.outbox):
            self._state.set_problem(None)
        self.drain()
        return True

    def retry_now(self) -> None:
        """Stop waiting before an automatic retry, and poll now."""
        self._sender.retry_now()
        self._state.poller.poke()

    # --- what each request needs before and after ---------------------------------------------

    def begin(self, op: Op) -> Callable[[], None]:
        """`op`'s request starts: a message shows as sending (and where the transcript stood);
        the request counts against the budget until the returned function is called."""
        if op.entry_id is not None:
            session = self._state.session
            self._state.outbox.update(
                op.entry_id,
                state="sending",
                sent_after=next_seq(),
                base_len=len(session.transcript) if session is not None else 0,
            )
        if op.kind in TASK_STATUS:
            # A slow answer must not hide the task: poll while the POST is out.
            poller = self._state.poller
            interval = poller.busy_interval()
            op.release()
            op.release = poller.hold(interval, interval, now=False)
        return self._scheduler.counted()

    def succeeded(self, op: Op, result: Any) -> None:
        """`op` went out: a task shows as started; a message stays until the transcript has it."""
        if op.kind in TASK_STATUS:
            self._state.show_task_started(TASK_STATUS[op.kind])
            if op.entry_id is not None:
                self._state.outbox.update(op.entry_id, accepted_after=next_seq(), error=None)
        self._state.forget_background_error()
        if self._state.status not in ("reconnecting", "error"):
            problem = self._state.problem
            if problem is not None and problem.get("kind") in ("rate_limited", "server", "busy"):
                self._state.set_problem(None)
        op.settle(result)

    def failed(self, op: Op, error: PuffleError) -> None:
        """`op` did not go out: a 409 puts it back in line (first); a lost answer to a turn is
        checked; anything else is shown, a message is marked not sent (with Retry), and the
        error is kept for `wait()` unless a blocking caller raises it."""
        if isinstance(error, SessionBusyError):
            self._busy_after = mark()
            self._state.poller.expect_task(self._busy_after)
            self.enqueue(op, front=True)
            return
        if isinstance(error, APIConnectionError) and op.kind != "save":
            if op.kind == "turn" and op.entry_id is not None:
                self.lost.check(op, error)
                return
            self._state.poller.poke()  # the answer may be lost while the task runs
        if op.entry_id is not None:
            self._failed[op.entry_id] = op
            self._state.outbox.update(op.entry_id, state="failed", error=problem_of(error))
        self._state.fail(error, background=not op.blocking)
        op.settle(error=error)

    def _not_received(self, op: Op, error: PuffleError) -> None:
        """A lost turn never showed in the transcript: it was not sent; offer Retry."""
        assert op.entry_id is not None
        self._failed[op.entry_id] = op
        self._state.outbox.update(op.entry_id, state="failed", error=not_received_problem())
        self._state.fail(error, background=not op.blocking)
        self._state.set_problem(not_received_problem())
        self._state.set_notice("Puffle did not receive your message; press Retry to send it.")
        op.settle(error=error)
        self.drain()

    def waiting_to_retry(self, op: Op, error: PuffleError, delay: float) -> None:
        """Show that `op` will be sent again in `delay` s, with a countdown."""
        retry_at = time.time() + delay
        problem = problem_of(error, retry_at=retry_at)
        if op.entry_id is not None:
            self._state.outbox.update(op.entry_id, error=problem)
        what = "rate limited" if isinstance(error, RateLimitError) else "Puffle had a problem"
        self._state.set_notice(f"Waiting: {what}, retrying in {round(delay)} s.")
        self._state.set_problem(problem)

    def reconcile(self, observed: Observed) -> None:
        """A snapshot was taken: messages it shows the server has are out of the outbox, and
        an answer after a 409 says whether the session is free again."""
        if self._busy_after is not None and observed.requested and observed.seq > self._busy_after:
            self._busy_after = None
        for entry in seen_in(list(self._state.outbox), observed):
            self._state.outbox.remove(entry.id)
            self.lost.seen(entry.id)

    # --- snapshots ----------------------------------------------------------------------------

    def publish(self, observed: Observed, *, notice: str | None = None) -> None:
        """Show a snapshot fetched here, share it, and send what waited if it shows idle."""
        self._state.show(observed, notice=notice)
        self.drain()

    def after_read(self, op: Op, observed: Observed) -> tuple[Any, Write | None]:
        """What a queued refresh, save or restore does with the session just read, for the
        loop's sender and a blocking cell alike: `(result, None)` when it is done (shown,
        requeued until the session is idle, or nothing to write), `(None, write)` when
        `write.body` is to be PATCHed; raises the save's refusal."""
        if op.kind == "refresh":
            self.publish(observed)
            return observed.session, None
        write = self.saves.plan(op, observed)
        if write.outcome == "wait":
            self.enqueue(op, front=True)
            return REQUEUED, None
        if write.error is not None:
            raise write.error
        if write.body is None:
            return observed.session, None
        return None, write

    def close(self) -> None:
        """The widget closes: nothing waiting will go out."""
        for op in [*self.waiting, *([self.current] if self.current else [])]:
            op.done.cancel()
        self.waiting.clear()
        self.lost.close()
