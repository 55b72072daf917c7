"""The session widget's machinery: traits, snapshots in, edits, queued actions, browser messages.

Everything here runs on the widget's loop thread (the kernel's loop in Jupyter); the public
methods in session.py hand work over to it. Background work never raises into the kernel:
failures become the `status`, `error` and `notice` traits.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Coroutine
from typing import Any

import anywidget
import traitlets as t

from puffle_widgets.client import AsyncPuffle, Puffle
from puffle_widgets.errors import DraftConflictError, PuffleError, SessionBusyError
from puffle_widgets.live import PollUpdate, SessionPoller, WorkLoop
from puffle_widgets.models import Session
from puffle_widgets.widgets import _drafts, _flush
from puffle_widgets.widgets._assets import asset
from puffle_widgets.widgets._browser import handle_browser_message
from puffle_widgets.widgets._session_state import (
    BUSY_STATUSES,
    STATE_KEYS,
    Op,
    OpKind,
    busy_since,
    mirrored_values,
    now_ms,
    short_error,
    status_of,
)

log = logging.getLogger("puffle_widgets.widgets")


class SessionCore(anywidget.AnyWidget):
    """Traits and on-loop state handling shared by the public `SessionWidget`."""

    _esm = asset("session.js")
    _css = asset("styles.css")

    session_id = t.Unicode(help="Id of the session shown.").tag(sync=True)
    campaign_id = t.Unicode("", help="Campaign the session belongs to.").tag(sync=True)
    node_id = t.Unicode("", help="Sequence node the session drafts.").tag(sync=True)
    framework_version = t.Int(None, allow_none=True, help="Skeleton revision.").tag(sync=True)
    task_status = t.Unicode(None, allow_none=True, help="Server busy flag.").tag(sync=True)
    created_at = t.Unicode(None, allow_none=True).tag(sync=True)
    updated_at = t.Unicode(None, allow_none=True).tag(sync=True)
    messages = t.List(t.Dict(), help="The transcript.").tag(sync=True)
    skeleton_history = t.List(t.Dict()).tag(sync=True)
    draft_history = t.List(t.Dict()).tag(sync=True)
    generated_examples = t.List(t.Dict(), default_value=None, allow_none=True).tag(sync=True)

    title = t.Unicode(None, allow_none=True, help="Working copy of the title.").tag(sync=True)
    draft_subject = t.Unicode(None, allow_none=True, help="Working copy.").tag(sync=True)
    draft_body = t.Unicode(None, allow_none=True, help="Working copy.").tag(sync=True)
    skeleton = t.Dict(default_value=None, allow_none=True, help="Working copy.").tag(sync=True)
    baseline = t.Dict(help="Server values the working copies started from.").tag(sync=True)
    conflict = t.Dict(help="Field -> newer server value, while unsaved.").tag(sync=True)

    available_var_names = t.List(t.Unicode(), help="Variables drafts may use.").tag(sync=True)
    sample_leads = t.List(t.Dict(), help="Leads for previews and examples.").tag(sync=True)

    status = t.Unicode("loading", help="Badge: idle, busy, reconnecting, error.").tag(sync=True)
    busy_since = t.Float(None, allow_none=True, help="Epoch ms the task was seen.").tag(sync=True)
    error = t.Unicode("", help="What went wrong, for the user.").tag(sync=True)
    notice = t.Unicode("", help="A transient message for the user.").tag(sync=True)

    _loop: WorkLoop
    _sync: Puffle
    _async: AsyncPuffle
    _poller: SessionPoller
    _session: Session | None
    _queue: collections.deque[Op]
    _tasks: set[asyncio.Task[None]]
    _changed: asyncio.Event
    _fatal: BaseException | None
    _background_error: BaseException | None
    _blocking: bool

    # --- snapshots and poll updates -------------------------------------------------------

    def _on_update(self, update: PollUpdate) -> None:
        if update.kind == "snapshot" and update.session is not None:
            self._apply_snapshot(update.session)
            self._drain_queue()
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

    def _apply_snapshot(self, session: Session) -> None:
        data = session.model_dump(mode="json")
        drafts = _drafts.merge_server(self._current_drafts(), data)
        # First, so trait observers below already see the session they describe.
        self._session = session
        with self.hold_sync():
            for name, value in mirrored_values(data).items():
                setattr(self, name, value)
            self._set_drafts(drafts)
            self.busy_since = busy_since(session, self.busy_since)
            self.status = status_of(session)
            if self._fatal is not None or self.notice.startswith("Connection problem"):
                self._fatal = None
                self.error = ""
                self.notice = ""
        self._pulse()

    def _publish(self, session: Session, *, notice: str | None = None) -> None:
        """Apply a snapshot fetched by an action here, and share it with sibling widgets."""
        self._apply_snapshot(session)
        if notice is not None:
            self.notice = notice
        self._poller.publish(session)
        self._drain_queue()

    def _current_drafts(self) -> _drafts.Drafts:
        working = {name: getattr(self, name) for name in _drafts.EDITABLE_FIELDS}
        baseline = self.baseline or dict(working)
        return _drafts.Drafts(working, baseline, dict(self.conflict))

    def _set_drafts(self, drafts: _drafts.Drafts) -> None:
        with self.hold_sync():
            for name in _drafts.EDITABLE_FIELDS:
                setattr(self, name, drafts.working.get(name))
            self.baseline = dict(drafts.baseline)
            self.conflict = dict(drafts.conflict)

    # --- actions ----------------------------------------------------------------------------

    def _mark_dispatched(self, kind: OpKind) -> None:
        busy = "generating_examples" if kind == "generate_examples" else "chat_processing"
        with self.hold_sync():
            self.task_status = busy
            self.status = busy
            self.busy_since = self.busy_since or now_ms()
            self.error = ""
            self.notice = ""
        self._poller.poke()
        self._pulse()

    def _enqueue(self, op: Op, *, front: bool = False) -> None:
        (self._queue.appendleft if front else self._queue.append)(op)
        what = {"turn": "message", "generate_examples": "example run", "save": "save"}[op.kind]
        self.notice = f"The session is busy; your {what} will go when the running task finishes."
        self._poller.poke()
        self._pulse()

    def _drain_queue(self) -> None:
        if self._blocking:
            return  # wait_sync() is sending queued actions itself
        if self._queue and self.status not in BUSY_STATUSES and self._fatal is None:
            self._spawn(self._run_op(self._queue.popleft()))

    async def _run_op(self, op: Op) -> None:
        try:
            if op.kind == "save":
                await self._save_async(force=bool(op.args.get("force")))
                return
            method = getattr(self._async.sessions, op.kind)
            await method(self.session_id, **op.args)
        except SessionBusyError:
            self._enqueue(op, front=True)
        except PuffleError as exc:
            self._fail(exc)
        else:
            self._mark_dispatched(op.kind)

    async def _save_async(self, *, force: bool) -> None:
        current = await self._async.sessions.get(self.session_id)
        fields = self._plan_save(current, force=force)
        if fields:
            saved = await self._async.sessions.update(self.session_id, **fields)
            self._publish(saved, notice="Saved.")

    def _plan_save(self, current: Session, *, force: bool) -> dict[str, Any]:
        """The fields to PATCH; queues the save while busy, raises on a conflict."""
        before = self._current_drafts()
        dirty = before.dirty()
        if current.is_busy and not force:
            self._publish(current)
            self._enqueue(Op("save", {"force": force}))
            return {}
        moved = _drafts.moved_under(before, current.model_dump(mode="json"))
        self._publish(current)
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

    def _fail(self, exc: BaseException, *, background: bool = True) -> None:
        """Show `exc`; a background failure is also raised by the next `wait()`."""
        log.warning("session %s: %s", self.session_id, short_error(exc))
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

    def _stop_background(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._unsubscribe()

    def _pulse(self) -> None:
        """Wake everything waiting for a state change."""
        self._changed.set()
        self._changed = asyncio.Event()

    # --- messages from the browser ----------------------------------------------------------

    def _on_msg(self, _widget: object, content: Any, _buffers: object) -> None:
        # Comm handlers may run on another thread: hand the message to the loop.
        self._loop.call_soon(handle_browser_message, self, content)

    async def _refresh_async(self) -> None:
        self._publish(await self._async.sessions.get(self.session_id))
        if self._session is not None and self._session.is_busy:
            self._poller.poke()

    def _context(self) -> dict[str, Any]:
        raise NotImplementedError

    def _examples_context(self) -> dict[str, Any]:
        raise NotImplementedError

    def flush_state(self) -> None:
        """Re-send the session state (not the front-end code) to the front end."""
        if self.comm is not None:
            self.send_state(key=list(STATE_KEYS))
