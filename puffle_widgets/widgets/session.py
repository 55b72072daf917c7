"""`SessionWidget`: one campaign AI chat session, live in a notebook cell."""

from __future__ import annotations

import asyncio
import collections
import os
import time
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import traitlets as t

from puffle_widgets import render
from puffle_widgets.client import AsyncPuffle, Puffle
from puffle_widgets.errors import (
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    PuffleError,
    SessionBusyError,
    WaitTimeoutError,
)
from puffle_widgets.live import PollUpdate, WorkLoop, poller_for
from puffle_widgets.models import SampleLead, SequenceContext, Session, TaskRun, check_uuid
from puffle_widgets.widgets import _context, _drafts, _flush
from puffle_widgets.widgets._clients import client_pair, close_owned
from puffle_widgets.widgets._display import StaticFallback, placeholder, show_live, widget_bundle
from puffle_widgets.widgets._export import export_session
from puffle_widgets.widgets._session_core import SessionCore
from puffle_widgets.widgets._session_state import BUSY_STATUSES, Op

FATAL = (AuthenticationError, PermissionDeniedError, NotFoundError)


class SessionWidget(SessionCore):
    """A live view of one session: transcript, editable draft and skeleton, history, examples.

    Actions called from Python (`send`, `generate_examples`, `save`, `refresh`) talk to the
    API at once and raise on failure; the reply then arrives in the background and the display
    updates by itself. While the session is busy, `send`, `generate_examples` and `save` wait
    their turn instead of failing. `await w.wait()` returns once it is idle.
    """

    def __init__(
        self,
        session: str | Session,
        *,
        client: Puffle | AsyncPuffle | None = None,
        available_var_names: Sequence[str] | None = None,
        sample_leads: Sequence[SampleLead | Mapping[str, Any]] | None = None,
        sequence_context: SequenceContext | Mapping[str, Any] | None = None,
    ) -> None:
        session_id = session.id if isinstance(session, Session) else session
        if not isinstance(session, Session):
            check_uuid(session_id, "session id")
        super().__init__(
            session_id=session_id,
            available_var_names=_context.var_names(available_var_names),
            sample_leads=_context.lead_dicts(sample_leads),
        )
        self._sequence_context = _context.sequence_context(sequence_context)
        self._loop = WorkLoop.capture()
        self._sync, self._async, self._owned = client_pair(client)
        self._session = None
        self._queue = collections.deque()
        self._tasks = set()
        self._changed = asyncio.Event()
        self._fatal = None
        self._background_error = None
        self._closed = False
        self._blocking = False
        self._fallback = StaticFallback(self._static_html)
        self._poller = self._loop.run(lambda: poller_for(self._async, session_id))
        self._unsubscribe = self._loop.run(lambda: self._poller.subscribe(self._on_update))
        self.on_msg(self._on_msg)
        if isinstance(session, Session):
            self._loop.run(lambda: self._publish(session))
        else:
            self._first_fetch()

    @classmethod
    def from_session(
        cls, session: Session, *, client: Puffle | AsyncPuffle | None = None, **context: Any
    ) -> SessionWidget:
        """A widget showing `session` as given (no first fetch); polls if it is busy."""
        _context.check_context_keys(context, "from_session()")
        return cls(session, client=client, **context)

    def _first_fetch(self) -> None:
        try:
            session = self._sync.sessions.get(self.session_id)
        except FATAL:
            self.close()
            raise
        except PuffleError as exc:
            # Unreachable for now: show it and keep trying in the background.
            self._loop.run(partial(self._on_update, PollUpdate("reconnecting", error=exc)))
            self._loop.run(self._poller.poke)
        else:
            self._loop.run(lambda: self._publish(session))

    # --- display and export --------------------------------------------------------------

    def _ipython_display_(self) -> None:
        show_live(widget_bundle(super()._repr_mimebundle_(), self._summary()), self._fallback)

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        data, metadata = widget_bundle(super()._repr_mimebundle_(**kwargs), self._summary())
        return {**data, "text/html": self._static_html()}, metadata

    def _static_html(self) -> str:
        if self._session is None:
            return placeholder(f"Puffle session {self.session_id}", self.status)
        return render.session_html(self._session)

    def _summary(self) -> str:
        if self._session is None:
            return f"Puffle session {self.session_id} ({self.status})"
        return render.session_summary(self._session)

    def flush_state(self) -> None:
        """Re-send the state and refresh the static snapshot (see `_flush`)."""
        super().flush_state()
        self._fallback.refresh()

    def export(self, path: str | os.PathLike[str]) -> Path:
        """Write the saved session to `path`: `.md`, `.html` (self-contained) or `.json`."""
        return export_session(self._session, path, unsaved=self.dirty)

    # --- state ----------------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        """The latest snapshot from the server (None until the first one arrives)."""
        return self._session

    @property
    def dirty(self) -> dict[str, Any]:
        """Unsaved edits: field name -> the edited value."""
        return self._current_drafts().dirty()

    @property
    def sequence_context(self) -> dict[str, Any] | None:
        """Where this email sits in the sequence; sent with every turn."""
        return self._sequence_context

    @sequence_context.setter
    def sequence_context(self, value: SequenceContext | Mapping[str, Any] | None) -> None:
        self._sequence_context = _context.sequence_context(value)

    @t.validate("sample_leads")
    def _valid_leads(self, proposal: Any) -> list[dict[str, Any]]:
        return _context.lead_dicts(proposal["value"])

    @t.validate("available_var_names")
    def _valid_names(self, proposal: Any) -> list[str]:
        return _context.var_names(proposal["value"])

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

    # --- actions ----------------------------------------------------------------------------

    def send(self, message: str, **context: Any) -> TaskRun | None:
        """Send a chat turn with the widget's context (overridable per call).

        Returns the run handle, or None when the session is busy and the message was queued.
        """
        _context.check_context_keys(context, "send()")
        if not isinstance(message, str) or not message.strip():
            raise ValueError("send() needs a non-empty message, e.g. w.send('Make it shorter').")
        args = {"message": message, **self._context(), **_context.clean_context(context)}
        return self._dispatch(Op("turn", args))

    def generate_examples(
        self,
        leads: Sequence[SampleLead | Mapping[str, Any]] | None = None,
        *,
        is_first_batch: bool = True,
    ) -> TaskRun | None:
        """Write one example email per lead (default: the widget's `sample_leads`)."""
        lead_list = _context.lead_dicts(leads, "leads") if leads is not None else self.sample_leads
        if not lead_list:
            raise ValueError(
                "generate_examples() needs leads: pass them, or set w.sample_leads first."
            )
        args = {"leads": list(lead_list), "is_first_batch": is_first_batch}
        return self._dispatch(Op("generate_examples", {**args, **self._examples_context()}))

    def _dispatch(self, op: Op) -> TaskRun | None:
        method = getattr(self._sync.sessions, op.kind)
        try:
            run: TaskRun = method(self.session_id, **op.args)
        except SessionBusyError:
            self._loop.run(lambda: self._enqueue(op))
            return None
        except PuffleError as exc:
            self._loop.run(partial(self._fail, exc, background=False))
            raise
        self._loop.run(lambda: self._mark_dispatched(op.kind))
        return run

    def save(self, *, force: bool = False) -> Session | None:
        """PATCH the edited title, subject, body and skeleton.

        Raises `DraftConflictError` (and shows both versions) if the server changed an edited
        field meanwhile; `force=True` overwrites. While busy the save is queued (returns None).
        """
        current = self._sync.sessions.get(self.session_id)
        fields = self._loop.run(lambda: self._plan_save(current, force=force))
        if not fields:
            return None if self._queue else self._session
        saved = self._sync.sessions.update(self.session_id, **fields)
        self._loop.run(lambda: self._publish(saved, notice="Saved."))
        return saved

    def revert(self) -> None:
        """Drop unsaved edits: the editors go back to the last server values."""
        self._loop.run(lambda: self._set_drafts(_drafts.revert(self._current_drafts())))

    def keep_mine(self, field: str) -> None:
        """Settle a conflict on `field` in favour of the edit (save writes it)."""
        self._loop.run(
            lambda: self._set_drafts(_drafts.resolve(self._current_drafts(), field, "mine"))
        )

    def take_server(self, field: str) -> None:
        """Settle a conflict on `field` by taking the server's value."""
        self._loop.run(
            lambda: self._set_drafts(_drafts.resolve(self._current_drafts(), field, "server"))
        )

    def refresh(self) -> Session:
        """Fetch the session now; polling resumes if it is busy."""
        session = self._sync.sessions.get(self.session_id)
        self._loop.run(lambda: self._publish(session))
        return session

    async def wait(self, timeout: float | None = 300) -> Session:
        """Return the session once it is idle and nothing is queued; raise what went wrong."""
        return await asyncio.wrap_future(self._loop.submit(self._settled(timeout)))

    def wait_sync(self, timeout: float | None = 300) -> Session:
        """Like `wait`, blocking: polls from this thread, updating the display as it goes."""
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
                    self.save(force=bool(op.args.get("force")))
                else:
                    self._dispatch(op)
        finally:
            self._blocking = False
        self._raise_background()
        assert self._session is not None
        return self._session

    async def _settled(self, timeout: float | None) -> Session:
        if self.status in BUSY_STATUSES or self.status == "reconnecting" or self._queue:
            self._poller.poke()
        try:
            async with asyncio.timeout(timeout):
                while True:
                    self._raise_background()
                    idle = self.status not in (*BUSY_STATUSES, "reconnecting", "loading")
                    if idle and not (self._queue or self._tasks) and self._session is not None:
                        return self._session
                    await self._changed.wait()
        except TimeoutError:
            raise WaitTimeoutError(
                f"Session {self.session_id} is still {self.status} after {timeout:g}s.",
                session=self._session,
            ) from None

    def _raise_background(self) -> None:
        error = self._background_error or self._fatal
        self._background_error = None
        if error is not None:
            raise error

    def close(self) -> None:
        """Stop polling, cancel this widget's tasks, and close the widget."""
        if getattr(self, "_closed", True):
            super().close()
            return
        self._closed = True
        self._loop.run(self._stop_background)
        _flush.forget(self)
        close_owned(self._owned, self._sync, self._async, self._loop)
        super().close()

    def __repr__(self) -> str:
        title = self.title or "untitled"
        return f"SessionWidget({self.session_id!r}, title={title!r}, status={self.status!r})"
