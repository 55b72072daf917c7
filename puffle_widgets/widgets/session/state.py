"""What a session widget knows and shows, changed only on its loop thread.

The loop is the kernel's in Jupyter; the widget's public methods hand work over to it. The
snapshot shown (with its place in the order of observation), the drafts, the status, problem,
error and notice traits, the views and how visible they are, and the background tasks live
here. Background work never raises into the kernel: a failure becomes the `status`, `problem`,
`error` and `notice` traits, and the next `wait()` raises it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from puffle_widgets.live import Observed, PollUpdate, Presence, SessionPoller
from puffle_widgets.models import Session
from puffle_widgets.widgets import flush
from puffle_widgets.widgets.display import short_error
from puffle_widgets.widgets.session import snapshots
from puffle_widgets.widgets.session.changes import TurnLog
from puffle_widgets.widgets.session.drafts import EDITABLE_FIELDS, Drafts, merge_server
from puffle_widgets.widgets.session.outbox import Outbox
from puffle_widgets.widgets.session.problems import Problem, foreign_problem, problem_of
from puffle_widgets.widgets.session.traits import SessionTraits, mirrored_values, snapshot_values
from puffle_widgets.widgets.views import Views

log = logging.getLogger("puffle_widgets.widgets")

# `checked_at` is re-sent at most this often when nothing else changed (the view says
# "checked just now" for anything younger than this).
CHECKED_STEP_MS = 10_000.0


class SessionState:
    """The state behind one widget's traits; every method runs on the widget's loop thread."""

    def __init__(
        self, widget: SessionTraits, poller: SessionPoller, on_shown: Callable[[], None]
    ) -> None:
        self.session_id: str = widget.session_id
        self.poller = poller
        self.shown: Observed | None = None  # the newest snapshot taken, and when it was asked
        self.tasks: set[asyncio.Task[None]] = set()  # background actions `wait()` counts
        self.fatal: BaseException | None = None  # what stopped polling (401, 403, 404)
        self.background_error: BaseException | None = None  # for the next `wait()` to raise
        self.closed = False
        self.outbox = Outbox(self._publish_outbox)
        self.after_take: list[Callable[[Observed], None]] = []  # e.g. the outbox's check
        self.views = Views(poller.scheduler.now)
        self._widget = widget
        self._on_shown = on_shown  # a new snapshot is shown: refresh what depends on it
        # Answers to requests started before this mark may predate our last accepted task.
        self._dispatch_floor: int | None = None
        self._changed = asyncio.Event()
        self.turns = TurnLog()  # what each turn changed (changes.py)

    @property
    def session(self) -> Session | None:
        """The latest snapshot shown."""
        return None if self.shown is None else self.shown.session

    @property
    def busy(self) -> bool:
        """True while a task owns the session."""
        return self._widget.busy

    @property
    def status(self) -> str:
        """The widget's status trait."""
        return self._widget.status

    @property
    def problem(self) -> Problem | None:
        """The banner shown, if any."""
        return self._widget.problem

    @property
    def taking_work(self) -> bool:
        """False once the widget is closed or polling stopped for good: no action goes out."""
        return not self.closed and self.fatal is None

    # --- snapshots ------------------------------------------------------------------------

    def take_update(self, update: PollUpdate) -> None:
        """Show what the session's poller found: a snapshot, a retry, or a fatal error."""
        widget = self._widget
        observed = update.observed
        if update.kind == "snapshot" and observed is not None:
            if self.apply(observed):
                self._on_shown()
        elif update.kind == "stopped":
            self.pulse()  # nothing new to show, but waiters re-check whether all is settled
            return
        elif update.kind == "reconnecting":
            error = update.error or RuntimeError("unknown")
            with widget.hold_sync():
                widget.status = "reconnecting"
                widget.notice = f"Connection problem, retrying: {short_error(error)}"
                widget.problem = problem_of(error, retry_at=update.retry_at)
        else:
            error = update.error or RuntimeError("Polling stopped.")
            self.fatal = error
            with widget.hold_sync():
                widget.status = "error"
                widget.error = short_error(error)
                widget.notice = ""
                widget.problem = problem_of(error)
        self.mark_changed()
        self.pulse()

    def apply(self, observed: Observed) -> bool:
        """Take `observed` unless the rules in snapshots.py drop it; True if it changed what
        the widget shows."""
        admission = snapshots.admit(
            observed,
            self.shown,
            self._dispatch_floor,
            session_id=self.session_id,
            status=self.status,
        )
        self._dispatch_floor = admission.floor
        if admission.foreign:
            log.warning(
                "session %s: ignored an answer about session %s",
                self.session_id,
                observed.session.id,
            )
            self.set_problem(foreign_problem(self.session_id, observed.session.id))
            return False
        if not admission.take:
            return False
        self.shown = observed
        with self._widget.hold_sync():  # one message to the front end for all of it
            if observed.requested:
                self._checked(force=admission.show)
            if admission.show:
                self._show(observed.session)
            for hook in list(self.after_take):
                hook(observed)
        return admission.show

    def _show(self, session: Session) -> None:
        recovering = self.status in snapshots.RECOVERING
        data = snapshot_values(session)
        drafts = merge_server(self.drafts(), data)
        widget = self._widget
        with widget.hold_sync():
            for name, value in mirrored_values(data).items():
                widget.set_trait(name, value)
            self.set_drafts(drafts)
            for name, value in self.turns.observe(data).items():
                widget.set_trait(name, value)
            widget.busy_since = snapshots.busy_since(session, widget.busy_since)
            widget.status = snapshots.status_of(session)
            if recovering:
                self.fatal = None
                widget.error = ""
                widget.notice = ""
                if widget.problem is not None and widget.problem.get("kind") in (
                    "network",
                    "server",
                    "rate_limited",
                ):
                    widget.set_trait("problem", None)
        self.pulse()

    def _checked(self, *, force: bool) -> None:
        now = time.time() * 1000.0
        last = self._widget.checked_at
        if force or last is None or now - last >= CHECKED_STEP_MS:
            self._widget.checked_at = now

    def show(self, observed: Observed, *, notice: str | None = None) -> None:
        """Apply a snapshot fetched by an action here, and share it with sibling widgets."""
        if self.apply(observed):
            self._on_shown()
        if notice is not None:
            self._widget.notice = notice
        if observed.session.id == self.session_id:
            self.poller.publish(observed)

    def show_task_started(self, task_status: str) -> None:
        """This widget's task was just accepted: show it busy before any snapshot does."""
        self._dispatch_floor = snapshots.floor_after_dispatch()
        widget = self._widget
        with widget.hold_sync():
            widget.set_trait("task_status", task_status)
            widget.status = task_status
            widget.busy_since = widget.busy_since or snapshots.now_ms()
            widget.error = ""
            widget.notice = ""
        self.background_error = None
        self.poller.expect_task(self._dispatch_floor, task_status)
        self.pulse()

    # --- views ------------------------------------------------------------------------------

    def presence(self) -> Presence:
        """How visible this widget is: visible if any view is, hidden if it has views."""
        return self.views.presence()

    def view_seen(self, view: str, visible: bool, *, gone: bool = False) -> None:
        """A view reported its visibility (or that it is gone)."""
        appeared = self.views.report(view, visible, gone=gone)
        self.poller.presence_changed(appeared=appeared)

    def send_custom(self, content: dict[str, Any]) -> None:
        """A custom message to every view (e.g. a pong)."""
        if self._widget.comm is not None:
            # ipywidgets' custom-message `send`: `SessionWidget.send` is the chat turn.
            SessionTraits.send(self._widget, content)

    # --- drafts and messages ----------------------------------------------------------------

    def drafts(self) -> Drafts:
        """The editable fields' working copies, baselines and conflicts, from the traits."""
        working = {name: getattr(self._widget, name) for name in EDITABLE_FIELDS}
        return Drafts(working, dict(self._widget.baseline), dict(self._widget.conflict))

    def set_drafts(self, drafts: Drafts) -> None:
        """Show `drafts` in the traits."""
        widget = self._widget
        with widget.hold_sync():
            for name in EDITABLE_FIELDS:
                setattr(widget, name, drafts.working.get(name))
            widget.baseline = dict(drafts.baseline)
            widget.conflict = dict(drafts.conflict)

    def resend(self, keys: list[str]) -> None:
        """Send these traits again as they are (the front end missed an update)."""
        if self._widget.comm is not None:
            self._widget.send_state(key=keys)

    def update_drafts(self, rule: Callable[[Drafts], Drafts]) -> None:
        """Apply one of the rules of drafts.py to the drafts shown."""
        self.set_drafts(rule(self.drafts()))

    def resync(self, rev: object) -> None:
        """A view holds revision `rev` of the lists: resend all if that is not the latest."""
        self._widget.resync(rev)

    def set_notice(self, text: str) -> None:
        """Show a transient message ("" clears it)."""
        self._widget.notice = text

    def set_view_height(self, height: int | None) -> None:
        """The height the user gave the view (None: fit the notebook)."""
        self._widget.view_height = height

    def set_error(self, text: str) -> None:
        """Show what the user must fix."""
        self._widget.error = text

    def set_problem(self, problem: Problem | None) -> None:
        """Show a banner (None: dismiss it)."""
        self._widget.set_trait("problem", problem)
        self.mark_changed()

    def _publish_outbox(self, entries: list[dict[str, Any]]) -> None:
        self._widget.outbox = entries
        self.mark_changed()
        self.pulse()

    # --- failures and background work -----------------------------------------------------

    def fail(self, exc: BaseException, *, background: bool = True) -> None:
        """Show `exc`; a background failure is also raised by the next `wait()`."""
        log.info("session %s: %s", self.session_id, short_error(exc))
        if background:
            self.background_error = exc
        widget = self._widget
        with widget.hold_sync():
            widget.error = short_error(exc)
            widget.problem = problem_of(exc)
            if widget.status == "loading":
                widget.status = "error"
        self.mark_changed()
        self.pulse()

    def forget_background_error(self) -> None:
        """An action went through after a failure: `wait()` no longer raises it."""
        self.background_error = None

    def raise_background(self) -> None:
        """Raise (once) what went wrong in the background, or what stopped polling."""
        error = self.background_error or self.fatal
        self.background_error = None
        if error is not None:
            raise error

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run an action in the background; `wait()` counts it until it is done."""
        task = asyncio.ensure_future(self._guarded(coro))
        self.tasks.add(task)
        task.add_done_callback(self._task_done)
        # Cancelled before it started, `coro` never runs: close it so it does not warn.
        task.add_done_callback(lambda _task: coro.close())

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        self.pulse()

    async def _guarded(self, coro: Coroutine[Any, Any, None]) -> None:
        try:
            await coro
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.fail(exc)

    def mark_changed(self) -> None:
        """The traits changed outside a cell: re-send them after the next one (flush.py)."""
        flush.mark_changed(self._widget)

    async def changed(self) -> None:
        """Return at the next state change."""
        await self._changed.wait()

    def pulse(self) -> None:
        """Wake everything waiting for a state change."""
        self._changed.set()
        self._changed = asyncio.Event()

    def close(self) -> None:
        """Take no more work and cancel the background tasks."""
        self.closed = True
        for task in list(self.tasks):
            task.cancel()
