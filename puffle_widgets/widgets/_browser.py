"""What the browser asks for: the custom messages of js/src/types.ts `ClientMessage`.

Each runs on the widget's loop thread; anything odd in a message is ignored or shown, never
raised into the kernel.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from puffle_widgets.widgets import _drafts
from puffle_widgets.widgets._session_state import Op

if TYPE_CHECKING:
    from puffle_widgets.widgets._session_core import SessionCore

log = logging.getLogger("puffle_widgets.widgets")

TEXT_FIELDS = ("title", "draft_subject", "draft_body")


def handle_browser_message(widget: SessionCore, content: Any) -> None:
    """Carry out one message from the front end."""
    if not isinstance(content, dict):
        return
    kind = content.get("type")
    try:
        if kind == "send":
            message = content.get("message")
            if isinstance(message, str) and message.strip():
                widget._submit(Op("turn", {"message": message, **widget._context()}))
        elif kind == "edit":
            _edit(widget, content.get("field"), content.get("value"), content.get("base"))
        elif kind == "save":
            widget._submit(Op("save"))
        elif kind == "revert":
            widget._set_drafts(_drafts.revert(widget._current_drafts()))
            widget.notice = ""
        elif kind == "refresh":
            widget._spawn(widget._refresh_async())
        elif kind == "generate_examples":
            _generate(widget)
        elif kind == "resolve_conflict" and content.get("keep") in ("mine", "server"):
            _resolve(widget, str(content.get("field")), content)
    except Exception as exc:
        widget._fail(exc)


def _edit(widget: SessionCore, name: object, value: object, base: object) -> None:
    valid = (name == "skeleton" and (value is None or isinstance(value, dict))) or (
        name in TEXT_FIELDS and (value is None or isinstance(value, str))
    )
    if not valid:
        log.warning("ignored an edit of %r from the browser", name)
        return
    widget._set_drafts(_drafts.apply_edit(widget._current_drafts(), str(name), value, base))


def _resolve(widget: SessionCore, name: str, content: dict[str, Any]) -> None:
    """Keep mine / Take server's; `server` in the message is the value the card showed."""
    if name not in _drafts.EDITABLE_FIELDS:
        log.warning("ignored a resolve of %r from the browser", name)
        return
    before = widget._current_drafts()
    args = (content["server"],) if "server" in content else ()
    after = _drafts.resolve(before, name, content["keep"], *args)
    if after == before:
        # Settled already, yet the browser showed the card: it missed an update. Answer with
        # the kernel's state, so the card goes away.
        widget.send_state(key=["conflict", "baseline", name])
        return
    widget._set_drafts(after)


def _generate(widget: SessionCore) -> None:
    if not widget.sample_leads:
        widget.error = "Add sample leads first: w.sample_leads = [{'first_name': ...}, ...]."
        return
    args = {"leads": list(widget.sample_leads), **widget._examples_context()}
    widget._submit(Op("generate_examples", args))
