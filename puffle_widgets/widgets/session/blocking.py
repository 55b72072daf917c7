"""The caller-thread side of a session widget: actions called from a cell, and waiting.

An action from a cell is handed to the widget's queue on its loop (`WorkLoop.run`, a quick
hand-off) and the call returns: a cell never blocks through a Retry-After wait unless it asked
to. Waiting (`wait`, `wait_sync`, `send(..., wait=True)`) either awaits the loop or, when the
caller *is* the loop's thread and cannot yield, drives the queue and polls from there with the
blocking client (whose own retries then apply: the caller asked to block).

In a kernel the loop runs only once the cell is over, and a notebook run headless (nbclient,
papermill) shuts its kernel down right after the last cell: an action handed in by that cell
would never go out. So at the end of each cell (IPython's `post_execute`) the action the loop
was about to send goes out from there, once, without retries; a rate limit or a busy session
is then left to the loop, as it would have been.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time
import weakref
from collections.abc import Callable
from typing import Any

from puffle_widgets.client import Sessions
from puffle_widgets.errors import FATAL_ERRORS, PuffleError, WaitTimeoutError
from puffle_widgets.live import Observed, PollUpdate, WorkLoop, next_seq
from puffle_widgets.models import Session
from puffle_widgets.widgets.session.actions import ActionQueue
from puffle_widgets.widgets.session.on_loop import OnLoop
from puffle_widgets.widgets.session.ops import REQUEUED, SYNC_SENDS, Op, retry_delay
from puffle_widgets.widgets.session.state import SessionState

log = logging.getLogger("puffle_widgets.widgets")

# Widgets whose cell handed them an action; sent at the end of that cell.
_at_cell_end: weakref.WeakSet[BlockingCalls] = weakref.WeakSet()
_hooked = False


def _cell_ended() -> None:
    for calls in list(_at_cell_end):
        _at_cell_end.discard(calls)
        try:
            calls.send_handed_in()
        except Exception:
            log.exception("could not send an action at the end of the cell")


def _hook_cell_end() -> None:
    global _hooked
    if _hooked:
        return
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.events.register("post_execute", _cell_ended)
        _hooked = True


class BlockingCalls:
    """A widget's actions and waits, for the thread that calls them."""

    def __init__(
        self,
        loop: WorkLoop,
        sessions: Sessions,
        state: SessionState,
        actions: ActionQueue,
        on_loop: OnLoop,
        *,
        quick: Sessions,
        on_sent: Callable[[], None],
    ) -> None:
        self._loop = loop
        self._sessions = sessions
        self._quick = quick  # no retries: what the end of a cell may send
        self._on_sent = on_sent  # re-send the state, so the cell's recorder has it
        self._state = state
        self._actions = actions
        self._on_loop = on_loop
        self._session_id = state.session_id

    def check_open(self) -> None:
        """Raise if the widget was closed."""
        if self._state.closed:
            raise RuntimeError("This SessionWidget is closed; make a new one to keep working.")

    def hand_in(self, op: Op, text: str | None = None) -> None:
        """Put `op` (a message, when `text` is given) in the widget's queue and return."""
        self.check_open()
        if text is not None:
            self._loop.run(self._actions.add_message, op, text)
        else:
            self._loop.run(self._actions.submit, op)
        if self._loop.on_loop_thread:
            _at_cell_end.add(self)
            _hook_cell_end()

    def send_handed_in(self) -> None:
        """At the end of a cell: send the action the loop was about to send, once; a wait it
        meets (rate limit, busy session) is left to the loop."""
        op = self._actions.current
        if self._state.closed or op is None or op.claimed or not self._loop.on_loop_thread:
            return
        op.claimed = True
        actions = self._actions
        finish = actions.begin(op)
        try:
            result = self._call(op, self._quick)
        except PuffleError as exc:
            finish()
            delay = retry_delay(op, exc)
            if delay is None:
                actions.failed(op, exc)
                actions.finished(op)
            else:
                op.attempts += 1
                op.not_before = self._state.poller.scheduler.now() + delay
                op.claimed = False  # the loop's task sends it again after the wait
                actions.waiting_to_retry(op, exc, delay)
        else:
            finish()
            if result is not REQUEUED:
                actions.succeeded(op, result)
            actions.finished(op)
        self._on_sent()

    def run(self, op: Op, text: str | None = None, *, timeout: float | None = None) -> Any:
        """Hand `op` in and block until it went out; return its result or raise its error."""
        op.blocking = True
        if op.kind == "refresh" and self._loop.on_loop_thread:
            self.check_open()
            self._send(op)  # a refresh never waits in line: do it here
            return op.done.result()
        self.hand_in(op, text)
        if not self._loop.on_loop_thread:
            try:
                return op.done.result(timeout)
            except concurrent.futures.TimeoutError:
                raise WaitTimeoutError(
                    f"The {op.kind} did not go out within {timeout:g}s; it stays queued."
                ) from None
            except concurrent.futures.CancelledError:
                raise RuntimeError(f"The {op.kind} was cancelled before it went out.") from None
        self._drive(op.done.done, timeout, behind_loop=op.kind)
        if not op.done.done():
            self._state.raise_background()
            raise RuntimeError(f"The {op.kind} could not go out (the session stopped taking work).")
        if op.done.cancelled():
            raise RuntimeError(f"The {op.kind} was cancelled before it went out.")
        return op.done.result()

    async def wait(self, timeout: float | None) -> Session:
        """Await, from any loop, the session settling on the widget's loop."""
        self.check_open()
        return await asyncio.wrap_future(self._loop.submit(self._on_loop.settled(timeout)))

    def wait_sync(self, timeout: float | None) -> Session:
        """Block until the session settles, driving the queue from this thread if it is the
        loop's (the loop cannot run while this blocks)."""
        self.check_open()
        if not self._loop.on_loop_thread:
            return self._loop.submit(self._on_loop.settled(timeout)).result()
        self._drive(self._settled_here, timeout)
        self._state.raise_background()
        if self._state.session is None:
            raise RuntimeError(f"Session {self._session_id} could not be loaded.")
        return self._state.session

    # --- driving the queue from the loop's own thread ---------------------------------------

    def _settled_here(self) -> bool:
        state, actions = self._state, self._actions
        current = actions.current
        return (
            not state.busy
            and not actions.waiting
            and (current is None or current.claimed)  # one the loop started finishes later
            and not actions.lost.checking
            and not state.poller.active_task
            and state.status not in ("reconnecting", "loading")
            and state.session is not None
        )

    def _drive(
        self, until: Callable[[], bool], timeout: float | None, *, behind_loop: str = ""
    ) -> None:
        """Send and poll from this thread until `until()`; `behind_loop` names an action that
        cannot go out while one the loop's task is sending is in the way."""
        deadline = None if timeout is None else time.monotonic() + timeout
        actions = self._actions
        actions.blocking = True
        try:
            while not until():
                actions.lost.expire_due()
                op = actions.take_next()
                if op is not None:
                    # The loop's task was waiting out a Retry-After before sending it again.
                    pause = op.not_before - self._state.poller.scheduler.now()
                    if pause > 0:
                        left = None if deadline is None else deadline - time.monotonic()
                        time.sleep(pause if left is None else max(0.0, min(pause, left)))
                    self._send(op)
                    continue
                if until() or self._state.fatal is not None or not self._state.taking_work:
                    return
                in_flight = actions.in_flight
                if behind_loop and in_flight is not None:
                    # That request is the loop's, and the loop cannot run while this blocks:
                    # waiting for it would wait for ever.
                    raise WaitTimeoutError(
                        f"The {behind_loop} is queued behind a {in_flight.kind} this kernel is "
                        "sending in the background, which cannot finish while this call blocks "
                        f"it; the {behind_loop} stays queued and goes out next. To wait for it, "
                        "use `await w.wait()` instead of wait=True.",
                        session=self._state.session,
                    )
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise WaitTimeoutError(
                        f"Session {self._session_id} is still {self._state.status} after "
                        f"{timeout:g}s; call wait() again to keep waiting (a task that never "
                        "ends may be stuck).",
                        session=self._state.session,
                    )
                pause = self._poll_once()
                if not until():
                    time.sleep(pause if left is None else max(0.0, min(pause, left)))
        finally:
            actions.blocking = False

    def _poll_once(self) -> float:
        """One GET from this thread, shared with every widget on the session; returns how long
        to wait before the next."""
        poller = self._state.poller
        scheduler = poller.scheduler
        time.sleep(scheduler.delay_for_blocking())
        finish = scheduler.counted()
        seq = next_seq()
        try:
            session = self._sessions.get(self._session_id)
        except FATAL_ERRORS as exc:
            self._state.take_update(PollUpdate("fatal", error=exc))
            return 0.0
        except PuffleError as exc:
            self._state.take_update(PollUpdate("reconnecting", error=exc))
            return max(poller.busy_interval(), 1.0)
        finally:
            finish()
        self._actions.publish(Observed(session, seq))
        self._state.mark_changed()
        return poller.busy_interval()

    def _send(self, op: Op) -> None:
        """Send `op` from this thread with the blocking client."""
        actions = self._actions
        finish = actions.begin(op)
        try:
            result = self._call(op, self._sessions)
        except PuffleError as exc:
            finish()
            actions.failed(op, exc)
        else:
            finish()
            if result is not REQUEUED:
                actions.succeeded(op, result)
        finally:
            actions.finished(op)
            self._state.mark_changed()

    def _call(self, op: Op, sessions: Sessions) -> Any:
        session_id = self._session_id
        if op.kind in SYNC_SENDS:
            return SYNC_SENDS[op.kind](sessions, session_id, **op.args)
        seq = next_seq()
        result, write = self._actions.after_read(op, Observed(sessions.get(session_id), seq))
        if write is None or write.body is None:
            return result
        seq = next_seq()
        saved = sessions.update(session_id, **write.body)
        write.landed(Observed(saved, seq))
        return saved
