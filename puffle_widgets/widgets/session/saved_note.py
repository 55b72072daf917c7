"""What a saved snapshot says beyond the session itself: when it was read, and what was still
on its way when the notebook was saved.

A notebook saved (or executed headless) while a turn runs, or right after `w.send(...)`, must
not show the old idle state: the messages in the outbox are shown as sent (or queued, or not
sent), with "generating when this notebook was saved". Everything here is escaped text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

STATE_WORDS = {
    "queued": "queued",
    "sending": "sent",
    "checking": "sent (answer lost; being checked)",
    "failed": "not sent",
}


def _when(epoch_ms: float | None) -> str:
    if epoch_ms is None:
        return "at an unknown time"
    at = datetime.fromtimestamp(epoch_ms / 1000.0, UTC)
    return f'<time datetime="{at.isoformat()}">{at.strftime("%Y-%m-%d %H:%M:%S UTC")}</time>'


def saved_note(*, busy: bool, outbox: Sequence[dict[str, Any]], checked_at: float | None) -> str:
    """HTML to put before a session's snapshot: the outbox and the in-progress note, then
    when the session was last read."""
    parts: list[str] = []
    active = [e for e in outbox if e.get("state") in ("queued", "sending", "checking")]
    if busy or active:
        parts.append(
            '<p class="pw-saved-progress" data-puffle-progress="generating"><strong>Generating '
            "when this notebook was saved:</strong> the reply is not in this snapshot. Open the "
            "notebook with a kernel and run the cell to see it.</p>"
        )
    for entry in outbox:
        state = str(entry.get("state"))
        word = STATE_WORDS.get(state, html.escape(state))
        text = html.escape(str(entry.get("text", "")))
        parts.append(
            f'<div class="pw-message pw-saved-outbox" data-role="user" data-state="'
            f'{html.escape(state)}"><p class="pw-role"><strong>You</strong> ({word} when this '
            f'notebook was saved)</p><div class="pw-md"><p>{text}</p></div></div>'
        )
    parts.append(read_at(checked_at, "Session"))
    return f'<div class="pw-saved-note">{"".join(parts)}</div>'


def read_at(checked_at: float | None, what: str) -> str:
    """'<what> as read from Puffle <when>': when a snapshot's content was last read."""
    return (
        f'<p class="pw-saved-at">{html.escape(what)} as read from Puffle {_when(checked_at)}.</p>'
    )
