"""The actions a cell calls on a `SessionWidget`: send a turn, generate examples, save,
refresh, revert or settle edits, and wait.

Each checks what it is given here, in the caller's thread, so a mistake raises at once with
what to do; then it hands the action to the widget's queue (blocking.py) and returns, or blocks
when asked to (`wait=True`); edits to the drafts are made on the loop thread. widget.py
assembles the parts these use.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Literal, overload

from puffle_widgets.live import WorkLoop
from puffle_widgets.models import SampleLead, Session, TaskRun, check_text_length
from puffle_widgets.widgets.session import turn_context
from puffle_widgets.widgets.session.blocking import BlockingCalls
from puffle_widgets.widgets.session.drafts import resolve, revert
from puffle_widgets.widgets.session.ops import Op
from puffle_widgets.widgets.session.state import SessionState
from puffle_widgets.widgets.session.traits import SessionTraits
from puffle_widgets.widgets.session.turn_context import TurnContext


class WidgetActions(SessionTraits):
    """`SessionWidget`'s actions; the widget sets the parts below when it starts."""

    _loop: WorkLoop
    _state: SessionState
    _turn_context: TurnContext
    _calls: BlockingCalls

    @overload
    def send(self, message: str, *, wait: Literal[False] = ..., **context: Any) -> str: ...
    @overload
    def send(self, message: str, *, wait: Literal[True], **context: Any) -> TaskRun | None: ...
    def send(self, message: str, *, wait: bool = False, **context: Any) -> str | TaskRun | None:
        """Send a chat turn with the widget's context (overridable per call).

        Returns at once with the message's outbox id (see `w.outbox`): the widget sends it now,
        or after the running task, and shows what happens. `wait=True` blocks until it went
        out and returns the `TaskRun` (None if its answer was lost but the turn was seen
        running), raising what stopped it.
        """
        turn_context.check_context_keys(context, "send()")
        if not isinstance(message, str) or not message.strip():
            raise ValueError("send() needs a non-empty message, e.g. w.send('Make it shorter').")
        check_text_length(message, "message")
        args = {
            "message": message,
            **self._turn_context.for_turn(),
            **turn_context.clean_context(context),
        }
        op = Op("turn", args, entry_id=uuid.uuid4().hex)
        if wait:
            result: TaskRun | None = self._calls.run(op, message)
            return result
        self._calls.hand_in(op, message)
        assert op.entry_id is not None
        return op.entry_id

    def generate_examples(
        self,
        leads: Sequence[SampleLead | Mapping[str, Any]] | None = None,
        *,
        is_first_batch: bool = True,
        wait: bool = False,
    ) -> TaskRun | None:
        """Write one example email per lead (default: the widget's `sample_leads`).

        Returns at once (None); `wait=True` blocks until the run went out and returns its
        `TaskRun`. `await w.wait()` waits for the examples.
        """
        lead_list = (
            turn_context.lead_dicts(leads, "leads") if leads is not None else self.sample_leads
        )
        if not lead_list:
            raise ValueError(
                "generate_examples() needs leads: pass them, or set w.sample_leads first."
            )
        args = {"leads": list(lead_list), "is_first_batch": is_first_batch}
        op = Op("generate_examples", {**args, **self._turn_context.for_examples()})
        if wait:
            result: TaskRun | None = self._calls.run(op)
            return result
        self._calls.hand_in(op)
        return None

    def save(self, *, force: bool = False, wait: bool = False) -> Session | None:
        """PATCH the edited title, subject, body and skeleton.

        Returns at once (None): the save goes now, or after the running task (a task would
        overwrite a save made during it). If the server changed an edited field meanwhile the
        widget shows both versions and `await w.wait()` raises `DraftConflictError`;
        `force=True` overwrites. `wait=True` blocks until saved and returns the saved session
        (raising `DraftConflictError` itself).
        """
        op = Op("save", {"force": force})
        if wait:
            result: Session | None = self._calls.run(op)
            return result
        self._calls.hand_in(op)
        return None

    def revert(self) -> None:
        """Drop unsaved edits: the editors go back to the latest server values."""
        self._loop.run(self._state.update_drafts, revert)

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
        self._loop.run(self._state.update_drafts, lambda drafts: resolve(drafts, field, keep))

    def refresh(self, *, wait: bool = False) -> Session | None:
        """Read the session now (polling resumes if it is busy). Returns at once (None);
        `wait=True` blocks and returns the session read."""
        op = Op("refresh")
        if wait:
            result: Session | None = self._calls.run(op)
            return result
        self._calls.hand_in(op)
        return None

    async def wait(self, timeout: float | None = 300) -> Session:
        """Return the session once it is idle and nothing is queued; raise what went wrong."""
        return await self._calls.wait(timeout)

    def wait_sync(self, timeout: float | None = 300) -> Session:
        """Like `wait`, blocking: polls from this thread, updating the display as it goes."""
        return self._calls.wait_sync(timeout)
