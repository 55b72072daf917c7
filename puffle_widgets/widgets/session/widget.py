"""`SessionWidget`: one campaign AI chat session, live in a notebook cell.

The widget is its traits (traits.py) and its action methods (widget_actions.py) plus four parts
it owns: the state on its loop thread (state.py), the action queue (actions.py), the loop-thread
entry points for poll updates and front-end messages (on_loop.py), and the blocking calls made
from a cell (blocking.py).
"""

from __future__ import annotations

import asyncio
import collections
import os
import sys
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import traitlets as t

from puffle_widgets import render
from puffle_widgets.client import AsyncPuffle, Puffle
from puffle_widgets.errors import FATAL_ERRORS, PuffleError
from puffle_widgets.live import Observed, PollUpdate, WorkLoop, next_seq, poller_for
from puffle_widgets.models import (
    SampleLead,
    SequenceContext,
    Session,
    check_uuid,
    sequence_context_dict,
    var_names,
)
from puffle_widgets.widgets import flush
from puffle_widgets.widgets.clients import client_pair, close_owned
from puffle_widgets.widgets.display import StaticFallback, placeholder, show_live, widget_bundle
from puffle_widgets.widgets.opened import remember
from puffle_widgets.widgets.session import turn_context
from puffle_widgets.widgets.session.actions import ActionQueue
from puffle_widgets.widgets.session.blocking import BlockingCalls
from puffle_widgets.widgets.session.drafts import EDITABLE_FIELDS
from puffle_widgets.widgets.session.export import export_session
from puffle_widgets.widgets.session.on_loop import OnLoop
from puffle_widgets.widgets.session.ops import Op
from puffle_widgets.widgets.session.saved_note import saved_note
from puffle_widgets.widgets.session.state import SessionState
from puffle_widgets.widgets.session.turn_context import TurnContext
from puffle_widgets.widgets.session.widget_actions import WidgetActions


class SessionWidget(WidgetActions):
    """A live view of one session: transcript, editable draft and skeleton, history, examples.

    Actions called from Python (`send`, `generate_examples`, `save`, `refresh`) check their
    input, hand the request to the widget and return at once; the widget sends it (after the
    running task, if any), retries what may be retried, and shows what happens. `wait=True`
    blocks instead. `await w.wait()` returns once the session is idle and nothing is on its
    way, and raises what went wrong.
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
        sequence = sequence_context_dict(sequence_context)
        key = uuid.uuid4().hex
        super().__init__(
            available_var_names=var_names(available_var_names),
            sample_leads=turn_context.lead_dicts(sample_leads),
            fallback_key=key,
        )
        self.set_trait("session_id", session_id)
        try:
            self._start(session, client, sequence, key)
        except BaseException:
            # The comm is open from here on: whatever failed (a bad client, an error that is
            # not Puffle's, Ctrl-C), close it, so nothing stays registered or alive.
            self.close()
            raise

    def _start(
        self,
        session: str | Session,
        client: Puffle | AsyncPuffle | None,
        sequence: dict[str, Any] | None,
        key: str,
    ) -> None:
        self._loop = WorkLoop.capture()
        self._sync, self._async, self._owned = client_pair(client)
        self._turn_context = TurnContext(self, sequence)
        self._rendered = render.RenderedMessages()
        self._fallback = StaticFallback(self._static_html, key, at_rest=lambda: not self.busy)
        self._poller = self._loop.run(poller_for, self._async, self.session_id)
        self._state = SessionState(self, self._poller, self._fallback.stale)
        # A task starting or ending changes the snapshot's status; its end brings it up to date.
        self.observe(lambda _change: self._fallback.stale(), names="task_status")
        # Actions use the poller's client: no hidden retries, so waits show in the widget.
        self._actions = ActionQueue(
            self._state, self._poller.client.sessions, self._poller.scheduler
        )
        self._on_loop = OnLoop(self._state, self._actions, self._turn_context)
        self._quick = self._sync.with_options(max_retries=0)
        self._calls = BlockingCalls(
            self._loop,
            self._sync.sessions,
            self._state,
            self._actions,
            self._on_loop,
            quick=self._quick.sessions,
            on_sent=self.flush_state,
        )
        self._loop.run(self._on_loop.start)
        self._closed = False  # from here on, close() has everything it stops
        remember(self)
        self.on_msg(self._on_msg)
        if isinstance(session, Session):
            self._loop.run(self._actions.publish, Observed.handed_in(session))
        else:
            self._first_fetch()
        if self._poller.observed is not None:  # another widget on this session has seen newer
            self._loop.run(self._state.apply, self._poller.observed)

    @classmethod
    def from_session(
        cls, session: Session, *, client: Puffle | AsyncPuffle | None = None, **context: Any
    ) -> SessionWidget:
        """A widget showing `session` as given (no first fetch); polls if it is busy."""
        turn_context.check_context_keys(context, "from_session()")
        return cls(session, client=client, **context)

    def _first_fetch(self) -> None:
        seq = next_seq()
        try:
            session = self._sync.sessions.get(self.session_id)
        except FATAL_ERRORS:
            raise  # __init__ closes the widget
        except PuffleError as exc:
            # Unreachable for now: show it and keep trying in the background.
            self._loop.run(self._on_loop.on_poll, PollUpdate("reconnecting", error=exc))
            self._loop.run(self._poller.poke)
        else:
            self._loop.run(self._actions.publish, Observed(session, seq))

    def _on_msg(self, _widget: object, content: Any, _buffers: object) -> None:
        # Comm handlers may run on another thread: hand the message to the loop.
        self._loop.call_soon(self._on_loop.handle_message, content)

    # --- display and export --------------------------------------------------------------

    def _ipython_display_(self) -> None:
        bundle = widget_bundle(super()._repr_mimebundle_(), self._summary())
        show_live(bundle, self._fallback, f"Puffle session {self.session_id}")

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        data, metadata = widget_bundle(super()._repr_mimebundle_(**kwargs), self._summary())
        return {**data, "text/html": self._static_html()}, metadata

    def _static_html(self) -> str:
        if self.session is None:
            return placeholder(f"Puffle session {self.session_id}", self.status)
        note = saved_note(busy=self.busy, outbox=self.outbox, checked_at=self.checked_at)
        return note + render.session_html(self.session, rendered=self._rendered)

    def _summary(self) -> str:
        if self.session is None:
            return f"Puffle session {self.session_id} ({self.status})"
        return render.session_summary(self.session)

    def flush_state(self) -> None:
        """The end of a cell (widgets/flush.py): with no live view, re-send what changed since
        the last flush and the snapshot; with one, update the snapshot if this cell changed
        the widget."""
        changed, by_cell = self.take_unflushed()
        if self.followed_live:
            if by_cell:
                self._fallback.bring_up_to_date()
            return
        if changed:
            self.send_state(sorted(changed))
            self._fallback.bring_up_to_date(force=True)

    def export(self, path: str | os.PathLike[str]) -> Path:
        """Write the saved session to `path`: `.md`, `.html` (self-contained) or `.json`."""
        target = export_session(self.session, path, unsaved=self.dirty)
        self._fallback.bring_up_to_date()  # the notebook shows what was exported
        return target

    # --- state ----------------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        """The latest snapshot from the server (None until the first one arrives)."""
        return self._state.session

    @property
    def dirty(self) -> dict[str, Any]:
        """Unsaved edits: field name -> the edited value."""
        return self._state.drafts().dirty()

    @property
    def sequence_context(self) -> dict[str, Any] | None:
        """Where this email sits in the sequence; sent with every turn."""
        return self._turn_context.sequence

    @sequence_context.setter
    def sequence_context(self, value: SequenceContext | Mapping[str, Any] | None) -> None:
        self._turn_context.sequence = sequence_context_dict(value)

    def __setattr__(self, name: str, value: Any) -> None:
        loop: WorkLoop | None
        if name in EDITABLE_FIELDS and (loop := self.__dict__.get("_loop")) is not None:
            # The loop thread merges snapshots into these working copies (read, merge, write).
            # In a plain script the caller is another thread, and an edit landing inside that
            # merge would be lost: make it on the loop thread, between merges.
            loop.run(super().__setattr__, name, value)
            return
        super().__setattr__(name, value)

    @t.validate("sample_leads")
    def _valid_leads(self, proposal: Any) -> list[dict[str, Any]]:
        return turn_context.lead_dicts(proposal["value"])

    @t.validate("available_var_names")
    def _valid_names(self, proposal: Any) -> list[str]:
        return var_names(proposal["value"])

    def close(self) -> None:
        """Stop polling, cancel this widget's tasks, and close the widget."""
        if getattr(self, "_closed", True) or sys.is_finalizing():
            # Never finished __init__, closed already, or Python is exiting (the loop's daemon
            # thread is frozen then, and nothing is left to clean up).
            super().close()
            return
        self._closed = True
        self._loop.run(self._on_loop.stop)
        self._fallback.close()
        self._quick.close()
        flush.forget(self)
        close_owned(self._owned, self._sync, self._async, self._loop)
        super().close()

    def __repr__(self) -> str:
        title = self.title or "untitled"
        return f"SessionWidget({self.session_id!r}, title={title!r}, status={self.status!r})"

    # --- what tests look into -------------------------------------------------------------

    @property
    def _queue(self) -> collections.deque[Op]:
        return self._actions.waiting

    @property
    def _tasks(self) -> set[asyncio.Task[None]]:
        return self._state.tasks

    def _publish(self, observed: Observed | Session) -> None:
        # A bare Session stands for the answer to a request made just now (as a poll's).
        if isinstance(observed, Session):
            observed = Observed(observed, next_seq())
        self._loop.run(self._actions.publish, observed)
