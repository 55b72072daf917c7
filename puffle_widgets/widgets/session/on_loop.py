"""What reaches a session widget on its loop thread: poll updates, the front end's messages,
and waiting until the session settles.

Comm handlers may run on another thread, so the widget hands each front-end message over to
the loop, where `OnLoop.handle_message` looks it up in `OnLoop.HANDLERS`: one handler per
`ClientMessage` type of js/src/types.ts (tests/test_contract.py checks both lists match).
Anything odd in a message is ignored or shown, never raised into the kernel.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Final, Literal

from puffle_widgets.errors import WaitTimeoutError
from puffle_widgets.live import PollUpdate
from puffle_widgets.models import MAX_TEXT_LENGTH, Session
from puffle_widgets.widgets.session import restore
from puffle_widgets.widgets.session.actions import ActionQueue
from puffle_widgets.widgets.session.drafts import (
    EDITABLE_FIELDS,
    apply_edit,
    resolve,
    revert,
    valid_edit,
)
from puffle_widgets.widgets.session.ops import Op
from puffle_widgets.widgets.session.outbox import MAX_ID_LENGTH
from puffle_widgets.widgets.session.problems import problem_of
from puffle_widgets.widgets.session.state import SessionState
from puffle_widgets.widgets.session.turn_context import TurnContext

log = logging.getLogger("puffle_widgets.widgets")

NO_LEADS: Final = "Add sample leads first: w.sample_leads = [{'first_name': ...}, ...]."

Message = dict[str, Any]


class OnLoop:
    """A widget's loop-thread entry points, over its state and its action queue."""

    def __init__(
        self,
        state: SessionState,
        actions: ActionQueue,
        context: TurnContext,
    ) -> None:
        self._state = state
        self._actions = actions
        self._context = context
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        """Listen to the session's shared poller."""
        self._unsubscribe = self._state.poller.subscribe(self.on_poll, self._state.presence)

    def stop(self) -> None:
        """The widget closes: cancel its tasks, stop listening, and wake whoever waits."""
        self._state.close()
        self._actions.close()
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._state.pulse()

    def on_poll(self, update: PollUpdate) -> None:
        """Show what the poller found; a snapshot may free the session for the next action."""
        self._state.take_update(update)
        if update.kind == "snapshot" and update.session is not None:
            self._actions.drain()

    async def settled(self, timeout: float | None) -> Session:
        """The session once it is idle and nothing is queued; raises what went wrong, or
        `WaitTimeoutError` after `timeout` seconds."""
        state, actions = self._state, self._actions
        hurry = state.busy or state.status == "reconnecting" or actions.waiting
        if hurry and state.fatal is None and not state.poller.running:
            state.poller.poke()
        actions.drain()
        try:
            async with asyncio.timeout(timeout):
                while True:
                    state.raise_background()
                    if state.closed:
                        raise RuntimeError("The SessionWidget was closed while waiting.")
                    calm = state.status not in ("reconnecting", "loading")
                    working = (
                        not actions.idle
                        or bool(state.tasks)
                        or state.poller.running
                        or actions.lost.checking
                    )
                    if calm and not state.busy and not working and state.session is not None:
                        return state.session
                    await state.changed()
        except TimeoutError:
            raise WaitTimeoutError(
                f"Session {state.session_id} is still {state.status} after {timeout:g}s; call "
                "wait() again to keep waiting (a task that never ends may be stuck).",
                session=state.session,
            ) from None

    # --- messages from the front end ------------------------------------------------------

    def handle_message(self, content: object) -> None:
        """Carry out one message from the front end; unknown or malformed ones are ignored."""
        if not isinstance(content, dict):
            return
        handler = self.HANDLERS.get(str(content.get("type")))
        if handler is None:
            return
        try:
            handler(self, content)
        except Exception as exc:
            self._state.fail(exc)

    def _send(self, message: Message) -> None:
        text, entry_id = message.get("message"), message.get("id")
        if not isinstance(entry_id, str) or not 0 < len(entry_id) <= MAX_ID_LENGTH:
            entry_id = uuid.uuid4().hex  # an older front end sends no id
        if entry_id in self._state.outbox:
            return  # the same message again (a view re-sent it): it is in hand already
        if not isinstance(text, str) or not text.strip():
            return
        if len(text) > MAX_TEXT_LENGTH:
            error = ValueError(
                f"The message is {len(text):,} characters long; Puffle takes at most "
                f"{MAX_TEXT_LENGTH:,}. Shorten it and send again."
            )
            self._state.set_problem(problem_of(error, title="Message too long"))
            return
        op = Op("turn", {"message": text, **self._context.for_turn()}, entry_id=entry_id)
        self._actions.add_message(op, text)

    def _edit(self, message: Message) -> None:
        name, value = message.get("field"), message.get("value")
        if not valid_edit(name, value):
            log.warning("ignored an edit of %r from the browser", name)
            return
        self._state.update_drafts(lambda d: apply_edit(d, str(name), value, message.get("base")))

    def _save(self, _message: Message) -> None:
        self._actions.submit(Op("save"))

    def _revert(self, _message: Message) -> None:
        self._state.update_drafts(revert)
        self._state.set_notice("")

    def _refresh(self, _message: Message) -> None:
        self._actions.submit(Op("refresh"))

    def _generate_examples(self, _message: Message) -> None:
        leads = self._context.sample_leads
        if not leads:
            self._state.set_error(NO_LEADS)
            return
        args = {"leads": leads, **self._context.for_examples()}
        self._actions.submit(Op("generate_examples", args))

    def _resolve_conflict(self, message: Message) -> None:
        keep = message.get("keep")
        if keep not in ("mine", "server"):
            return
        side: Literal["mine", "server"] = "server" if keep == "server" else "mine"
        name = message.get("field")
        if name not in EDITABLE_FIELDS:
            log.warning("ignored a resolve of %r from the browser", name)
            return
        # `server` is the value the card showed; older front ends do not send it.
        shown = (message["server"],) if "server" in message else ()
        before = self._state.drafts()
        after = resolve(before, str(name), side, *shown)
        if after == before:
            # Settled already, yet the browser showed the card: it missed an update. Answer
            # with the kernel's state, so the card goes away.
            self._state.resend(["conflict", "baseline", str(name)])
            return
        self._state.set_drafts(after)

    def _restore(self, message: Message) -> None:
        shown = self._state.session
        data = shown.model_dump(mode="json") if shown is not None else {}
        kind, index = message.get("kind"), message.get("index")
        fields, label = restore.requested(kind, index, data, self._state.turns.changes)
        if not fields:
            self._state.set_notice(label)
            return
        self._actions.submit(Op("restore", {"fields": fields, "label": label}))

    def _resize(self, message: Message) -> None:
        height = message.get("height")
        if height is None or (isinstance(height, int | float) and 120 <= height <= 10_000):
            self._state.set_view_height(None if height is None else round(height))

    def _retry(self, message: Message) -> None:
        entry_id = message.get("id")
        if isinstance(entry_id, str):
            self._actions.retry(entry_id)

    def _cancel(self, message: Message) -> None:
        entry_id = message.get("id")
        if isinstance(entry_id, str):
            self._actions.cancel(entry_id)

    def _dismiss(self, _message: Message) -> None:
        self._state.set_problem(None)
        self._state.set_error("")  # the same news in one line: acknowledged too

    def _retry_now(self, _message: Message) -> None:
        self._actions.retry_now()

    def _visibility(self, message: Message) -> None:
        view, visible = message.get("view"), message.get("visible")
        if isinstance(view, str) and 0 < len(view) <= MAX_ID_LENGTH and isinstance(visible, bool):
            self._state.view_seen(view, visible, gone=message.get("gone") is True)

    def _ping(self, message: Message) -> None:
        nonce = message.get("nonce")
        if isinstance(nonce, str) and len(nonce) <= MAX_ID_LENGTH:
            # Answered from the loop: a pong proves the loop (not just the comm) is alive.
            self._state.send_custom({"type": "pong", "nonce": nonce})

    # One handler per `ClientMessage` type (js/src/types.ts).
    HANDLERS: ClassVar[Mapping[str, Callable[[OnLoop, Message], None]]] = {
        "send": _send,
        "edit": _edit,
        "save": _save,
        "revert": _revert,
        "refresh": _refresh,
        "generate_examples": _generate_examples,
        "resolve_conflict": _resolve_conflict,
        "restore": _restore,
        "resize": _resize,
        "resync": lambda self, message: self._state.resync(message.get("rev")),
        "retry": _retry,
        "cancel": _cancel,
        "dismiss": _dismiss,
        "retry_now": _retry_now,
        "visibility": _visibility,
        "ping": _ping,
    }
