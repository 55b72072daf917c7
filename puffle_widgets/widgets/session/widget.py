"""`SessionWidget`: one campaign AI chat session, live in a notebook cell."""

from __future__ import annotations

import asyncio
import collections
import os
import sys
import uuid
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Literal

import traitlets as t

from puffle_widgets import render
from puffle_widgets.client import AsyncPuffle, Puffle
from puffle_widgets.errors import FATAL_ERRORS, PuffleError
from puffle_widgets.live import PollUpdate, WorkLoop, poller_for
from puffle_widgets.models import SampleLead, SequenceContext, Session, TaskRun, check_uuid
from puffle_widgets.widgets import flush as _flush
from puffle_widgets.widgets.clients import client_pair, close_owned
from puffle_widgets.widgets.display import StaticFallback, placeholder, show_live, widget_bundle
from puffle_widgets.widgets.session import drafts as _drafts
from puffle_widgets.widgets.session import turn_context as _context
from puffle_widgets.widgets.session.blocking import SessionCalls
from puffle_widgets.widgets.session.export import export_session
from puffle_widgets.widgets.session.snapshots import Op


class SessionWidget(SessionCalls):
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
        session_id = check_uuid(
            session.id if isinstance(session, Session) else session, "session id"
        )
        sequence = _context.sequence_context(sequence_context)
        key = uuid.uuid4().hex
        super().__init__(
            available_var_names=_context.var_names(available_var_names),
            sample_leads=_context.lead_dicts(sample_leads),
            fallback_key=key,
        )
        self.set_trait("session_id", session_id)
        self._sequence_context = sequence
        self._loop = WorkLoop.capture()
        self._sync, self._async, self._owned = client_pair(client)
        self._session = None
        self._queue = collections.deque()
        self._inflight = False
        self._tasks = set()
        self._changed = asyncio.Event()
        self._fatal = None
        self._background_error = None
        self._closed = False
        self._blocking = False
        self._dispatch_floor = None
        self._fallback = StaticFallback(self._static_html, key)
        self._poller = self._loop.run(lambda: poller_for(self._async, session_id))
        self._unsubscribe = self._loop.run(lambda: self._poller.subscribe(self._on_update))
        self.on_msg(self._on_msg)
        if isinstance(session, Session):
            self._loop.run(partial(self._publish, session))
        else:
            self._first_fetch()
        if self._poller.last is not None:  # another widget on this session has seen newer
            self._loop.run(partial(self._apply_snapshot, self._poller.last))

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
        except FATAL_ERRORS:
            self.close()
            raise
        except PuffleError as exc:
            # Unreachable for now: show it and keep trying in the background.
            self._loop.run(partial(self._on_update, PollUpdate("reconnecting", error=exc)))
            self._loop.run(self._poller.poke)
        else:
            self._loop.run(partial(self._publish, session))

    # --- display and export --------------------------------------------------------------

    def _ipython_display_(self) -> None:
        bundle = widget_bundle(super()._repr_mimebundle_(), self._summary())
        show_live(bundle, self._fallback, f"Puffle session {self.session_id}")

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
        """Re-send the state and the static snapshot (see widgets/flush.py)."""
        super().flush_state()
        self._fallback.refresh(force=True)

    def _snapshot_changed(self) -> None:
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

    def save(self, *, force: bool = False) -> Session | None:
        """PATCH the edited title, subject, body and skeleton; returns the saved session.

        Raises `DraftConflictError` (and shows both versions) if the server changed an edited
        field meanwhile; `force=True` overwrites those. While a task runs the save waits for it
        (returns None), forced or not: the task would overwrite a save made during it.
        """
        return self._save_now(force)

    def revert(self) -> None:
        """Drop unsaved edits: the editors go back to the latest server values."""
        self._loop.run(lambda: self._set_drafts(_drafts.revert(self._current_drafts())))

    def keep_mine(self, field: str) -> None:
        """Settle the conflict on `field` in favour of the edit (save then writes it)."""
        self._resolve(field, "mine")

    def take_server(self, field: str) -> None:
        """Settle the conflict on `field` by taking the server's value."""
        self._resolve(field, "server")

    def _resolve(self, field: str, keep: Literal["mine", "server"]) -> None:
        if field not in self.conflict:
            fields = ", ".join(sorted(self.conflict)) or "none right now"
            raise ValueError(f"No conflict on {field!r}; fields in conflict: {fields}.")
        self._loop.run(
            lambda: self._set_drafts(_drafts.resolve(self._current_drafts(), field, keep))
        )

    def refresh(self) -> Session:
        """Fetch the session now; polling resumes if it is busy."""
        self._check_open()
        session = self._sync.sessions.get(self.session_id)
        self._loop.run(partial(self._publish, session))
        return session

    def close(self) -> None:
        """Stop polling, cancel this widget's tasks, and close the widget."""
        if getattr(self, "_closed", True) or sys.is_finalizing():
            # Never finished __init__, closed already, or Python is exiting (the loop's daemon
            # thread is frozen then, and nothing is left to clean up).
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
