"""The session widget's machinery: snapshots in, edits, queued actions, background work.

Everything here runs on the widget's loop thread (the kernel's loop in Jupyter); the public
methods in session.py hand work over to it. Background work never raises into the kernel:
failures become the `status`, `error` and `notice` traits, and the next `wait()` raises them.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from puffle_widgets.client import AsyncPuffle, Puffle
from puffle_widgets.errors import (
    APIConnectionError,
    DraftConflictError,
    PuffleError,
    SessionBusyError,
)
from puffle_widgets.live import PollUpdate, SessionPoller, WorkLoop
from puffle_widgets.models import Session
from puffle_widgets.widgets import flush as _flush
from puffle_widgets.widgets.session import drafts as _drafts
from puffle_widgets.widgets.session.browser import handle_browser_message
from puffle_widgets.widgets.session.snapshots import (
    STATE_KEYS,
    Op,
    busy_since,
    mirrored_values,
    now_ms,
    short_error,
    status_of,
)
from puffle_widgets.widgets.session.traits import SessionTraits

log = logging.getLogger("puffle_widgets.widgets")

BUSY_BY_KIND = {"turn": "chat_processing", "generate_examples": "generating_examples"}


class SessionCore(SessionTraits):
    """On-loop state handling shared by the public `SessionWidget`."""

    _loop: WorkLoop
    _sync: Puffle
    _async: AsyncPuffle
    _poller: SessionPoller
    _session: Session | None
    _queue: collections.deque[Op]
    _inflight: bool
    _tasks: set[asyncio.Task[None]]
    _changed: asyncio.Event
    _fatal: BaseException | None
    _background_error: BaseException | None
    _blocking: bool
    _closed: bool
    _sequence_context: dict[str, Any] | None
    # Snapshots taken at or before this server time predate our last dispatched task.
    _dispatch_floor: datetime | None
    _unsubscribe: Callable[[], None]

    @property
    def busy(self) -> bool:
        """True while a task owns the session (any task status, listed in the docs or not)."""
        return self.task_status is not None

    # --- snapshots and poll updates -------------------------------------------------------

    def _on_update(self, update: PollUpdate) -> None:
        if update.kind == "snapshot" and update.session is not None:
            if self._apply_snapshot(update.session):
                self._snapshot_changed()
            self._drain_queue()
        elif update.kind == "stopped":
            self._pulse()  # nothing new to show, but waiters re-check whether all is settled
            return
        elif update.kind == "reconnecting":
            self.status = "reconnecting"
            self.notice = f"Connection problem, retrying: {short_error(update.error or '')}"
        else:
            self._fatal = update.error
            with self.hold_sync():
                self.status = "error"
                self.error = short_error(update.error or "Polling stopped.")
                self.notice = ""
        _flush.mark_changed(self)
        self._pulse()

    def _apply_snapshot(self, session: Session) -> bool:
        """Show `session` unless it is older than, or the same as, what is shown; True if shown."""
        current = self._session
        recovering = self.status in ("reconnecting", "error", "loading")
        if current is not None and session.updated_at < current.updated_at:
            return False  # older than what is shown: never roll back
        if self._dispatch_floor is not None:
            if session.updated_at <= self._dispatch_floor:
                return False  # taken before the task we just started: it would show idle
            self._dispatch_floor = None
        if session == current and not recovering:
            return False
        data = session.model_dump(mode="json")
        drafts = _drafts.merge_server(self._current_drafts(), data)
        # First, so trait observers below already see the session they describe.
        self._session = session
        with self.hold_sync():
            for name, value in mirrored_values(data).items():
                self.set_trait(name, value)
            self._set_drafts(drafts)
            self.busy_since = busy_since(session, self.busy_since)
            self.status = status_of(session)
            if recovering:
                self._fatal = None
                self.error = ""
                self.notice = ""
        self._pulse()
        return True

    def _snapshot_changed(self) -> None:
        """A new snapshot is shown; subclasses refresh what depends on it."""

    def _publish(self, session: Session, *, notice: str | None = None) -> None:
        """Apply a snapshot fetched by an action here, and share it with sibling widgets."""
        if self._apply_snapshot(session):
            self._snapshot_changed()
        if notice is not None:
            self.notice = notice
        self._poller.publish(session)
        self._drain_queue()

    def _current_drafts(self) -> _drafts.Drafts:
        working = {name: getattr(self, name) for name in _drafts.EDITABLE_FIELDS}
        return _drafts.Drafts(working, dict(self.baseline), dict(self.conflict))

    def _set_drafts(self, drafts: _drafts.Drafts) -> None:
        with self.hold_sync():
            for name in _drafts.EDITABLE_FIELDS:
                setattr(self, name, drafts.working.get(name))
            self.baseline = dict(drafts.baseline)
            self.conflict = dict(drafts.conflict)

    # --- actions ----------------------------------------------------------------------------

    def _context(self) -> dict[str, Any]:
        context: dict[str, Any] = {}
        if self.available_var_names:
            context["available_var_names"] = list(self.available_var_names)
        if self.sample_leads:
            context["sample_leads"] = list(self.sample_leads)
        if self._sequence_context is not None:
            context["sequence_context"] = self._sequence_context
        return context

    def _examples_context(self) -> dict[str, Any]:
        if self._sequence_context is None:
            return {}
        return {"sequence_context": self._sequence_context}

    def _should_queue(self) -> bool:
        """Whether a new action must wait its turn: something is running or already waiting."""
        return self.busy or self._inflight or bool(self._queue)

    def _mark_dispatched(self, kind: str) -> None:
        self._dispatch_floor = self._session.updated_at if self._session is not None else None
        busy = BUSY_BY_KIND.get(kind, "chat_processing")
        with self.hold_sync():
            self.set_trait("task_status", busy)
            self.status = busy
            self.busy_since = self.busy_since or now_ms()
            self.error = ""
            self.notice = ""
        self._background_error = None
        self._poller.poke()
        self._pulse()

    def _enqueue(self, op: Op, *, front: bool = False) -> None:
        (self._queue.appendleft if front else self._queue.append)(op)
        what = {"turn": "message", "generate_examples": "example run", "save": "save"}[op.kind]
        self.notice = f"The session is busy; your {what} will go when the running task finishes."
        self._poller.poke()
        self._pulse()

    def _submit(self, op: Op) -> None:
        """An action from the browser: now, or after what is already running or waiting."""
        if self._should_queue():
            self._enqueue(op)
        else:
            self._spawn(self._run_op(op, queued=False))

    def _drain_queue(self) -> None:
        """Send the next waiting action, one at a time, once the session is idle."""
        if self._blocking or self._closed or self._fatal is not None:
            return  # wait_sync() sends queued actions itself; a dead session takes none
        if self._queue and not self._inflight and not self.busy:
            self._inflight = True
            self._spawn(self._run_op(self._queue.popleft(), queued=True))

    async def _run_op(self, op: Op, *, queued: bool) -> None:
        try:
            if op.kind == "save":
                await self._save_async(force=bool(op.args.get("force")))
            else:
                await getattr(self._async.sessions, op.kind)(self.session_id, **op.args)
                self._mark_dispatched(op.kind)
        except SessionBusyError:
            self._enqueue(op, front=queued)
        except APIConnectionError as exc:
            # The answer may be lost while the task runs: let the poller find out.
            self._poller.poke()
            self._fail(exc)
        except PuffleError as exc:
            self._fail(exc)
        finally:
            if queued:
                self._inflight = False
                self._drain_queue()

    async def _save_async(self, *, force: bool) -> None:
        current = await self._async.sessions.get(self.session_id)
        fields = self._plan_save(current, force=force)
        if fields:
            saved = await self._async.sessions.update(self.session_id, **fields)
            self._publish_saved(saved, fields)

    def _plan_save(self, current: Session, *, force: bool) -> dict[str, Any]:
        """The fields to PATCH. A busy session queues the save (even forced: the running task
        would overwrite it); a server change to an edited field raises unless `force`."""
        before = self._current_drafts()
        dirty = before.dirty()
        moved = _drafts.moved_under(before, current.model_dump(mode="json"))
        self._publish(current)
        if current.is_busy:
            self._enqueue(Op("save", {"force": force}))
            return {}
        if not dirty:
            self.notice = "Nothing to save."
            return {}
        if moved and not force:
            names = sorted(moved)
            message = (
                f"Not saved: the server changed {', '.join(names)} since you started editing. "
                "Choose 'Keep mine' or 'Take server's' for each, then save again "
                "(or save(force=True) to overwrite)."
            )
            self.notice = message
            raise DraftConflictError(message, fields=names)
        return dirty

    def _publish_saved(self, saved: Session, fields: dict[str, Any]) -> None:
        """Our own PATCH landed: what we sent is the new baseline, whatever was typed since."""
        self._set_drafts(_drafts.rebase_saved(self._current_drafts(), fields))
        self._background_error = None
        self._publish(saved, notice="Saved.")

    def _fail(self, exc: BaseException, *, background: bool = True) -> None:
        """Show `exc`; a background failure is also raised by the next `wait()`."""
        log.info("session %s: %s", self.session_id, short_error(exc))
        if background:
            self._background_error = exc
        with self.hold_sync():
            self.error = short_error(exc)
            if self.status == "loading":
                self.status = "error"
        _flush.mark_changed(self)
        self._pulse()

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run an action in the background; `wait()` counts it until it is done."""
        task = asyncio.ensure_future(self._guarded(coro))
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._pulse()

    async def _guarded(self, coro: Coroutine[Any, Any, None]) -> None:
        try:
            await coro
        except asyncio.CancelledError:
            raise
        except DraftConflictError as exc:
            self._background_error = exc
            _flush.mark_changed(self)
            self._pulse()
        except Exception as exc:
            self._fail(exc)

    async def _refresh_async(self) -> None:
        self._publish(await self._async.sessions.get(self.session_id))

    def _stop_background(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._unsubscribe()
        self._pulse()

    def _pulse(self) -> None:
        """Wake everything waiting for a state change."""
        self._changed.set()
        self._changed = asyncio.Event()

    # --- messages from the browser ----------------------------------------------------------

    def _on_msg(self, _widget: object, content: Any, _buffers: object) -> None:
        # Comm handlers may run on another thread: hand the message to the loop.
        self._loop.call_soon(handle_browser_message, self, content)

    def flush_state(self) -> None:
        """Re-send the session state (not the front-end code) to the front end."""
        if self.comm is not None:
            self.send_state(key=list(STATE_KEYS))
