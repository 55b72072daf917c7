"""The outbox: every message sent from the browser or from `w.send()` until the server's
transcript holds it (js/src/types.ts `OutboxEntry`).

An entry is "queued" while it waits its turn, "sending" from the moment its POST /turn starts
until the transcript shows it, "checking" after the answer to its POST was lost (the widget
polls to learn whether it started), and "failed" when it was not sent (the view offers Retry,
Edit and Discard). Matching an entry with the transcript is a pure rule (`seen_in`), so it can
be tested without a widget.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from puffle_widgets.live import Observed
from puffle_widgets.widgets.session.problems import Problem, now_ms

EntryState = Literal["queued", "sending", "checking", "failed"]
# Entries that are on their way (wait() waits for them; the saved snapshot shows them).
ACTIVE: tuple[EntryState, ...] = ("queued", "sending", "checking")
# Longest id accepted from the browser.
MAX_ID_LENGTH = 100


@dataclass
class Entry:
    """One message on its way, with what the kernel needs to recognise it in a transcript."""

    id: str
    text: str
    state: EntryState
    error: Problem | None = None
    created_at: float = field(default_factory=now_ms)
    base_len: int = 0  # transcript length when its POST started
    sent_after: int | None = None  # sequence mark when its POST started
    accepted_after: int | None = None  # sequence mark when its POST was accepted
    check_until: float | None = None  # loop time when a lost answer stops being checked

    def public(self) -> dict[str, Any]:
        """The entry as the `outbox` trait carries it."""
        return {
            "id": self.id,
            "text": self.text,
            "state": self.state,
            "error": self.error,
            "created_at": self.created_at,
        }


def user_texts(messages: Sequence[Any]) -> list[str]:
    """The stripped contents of the user messages in a transcript."""
    return [
        m.content.strip()
        for m in messages
        if getattr(m, "role", None) == "user" and isinstance(m.content, str)
    ]


def seen_in(entries: Sequence[Entry], observed: Observed) -> list[Entry]:
    """The entries that `observed` shows as taken by the server: their message is in the
    transcript past where it stood when they went out (each occurrence matches one entry), or
    their turn was accepted and the session is idle again. Only snapshots from requests started
    after an entry's POST count."""
    if not observed.requested:
        return []
    transcript = list(observed.session.transcript)
    found: list[Entry] = []
    used: set[int] = set()
    for entry in entries:
        if entry.state not in ("sending", "checking") or entry.sent_after is None:
            continue
        if observed.seq <= entry.sent_after:
            continue
        text = entry.text.strip()
        for index in range(entry.base_len, len(transcript)):
            message = transcript[index]
            if index in used or message.role != "user":
                continue
            if isinstance(message.content, str) and message.content.strip() == text:
                used.add(index)
                found.append(entry)
                break
        else:
            accepted = entry.accepted_after
            if accepted is not None and observed.seq > accepted and not observed.session.is_busy:
                found.append(entry)  # processed; the server may have stored it reworded
    return found


class Outbox:
    """The entries of one widget, mirrored into its `outbox` trait on every change."""

    def __init__(self, publish: Callable[[list[dict[str, Any]]], None]) -> None:
        self._entries: dict[str, Entry] = {}
        self._publish = publish

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def __iter__(self) -> Any:
        return iter(list(self._entries.values()))

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, if any."""
        return self._entries.get(entry_id)

    def add(self, entry: Entry) -> Entry:
        """Put a new entry at the end."""
        self._entries[entry.id] = entry
        self._sync()
        return entry

    def update(self, entry_id: str, **changes: Any) -> Entry | None:
        """Change an entry's fields (state, error, ...); None if it is gone."""
        entry = self._entries.get(entry_id)
        if entry is None:
            return None
        for name, value in changes.items():
            setattr(entry, name, value)
        self._sync()
        return entry

    def remove(self, entry_id: str) -> Entry | None:
        """Take an entry out (seen in the transcript, or cancelled)."""
        entry = self._entries.pop(entry_id, None)
        if entry is not None:
            self._sync()
        return entry

    @property
    def checking(self) -> bool:
        """Whether a lost answer is being checked: nothing may be sent before it is settled."""
        return any(e.state == "checking" for e in self._entries.values())

    @property
    def active(self) -> list[Entry]:
        """Entries still on their way."""
        return [e for e in self._entries.values() if e.state in ACTIVE]

    def _sync(self) -> None:
        self._publish([entry.public() for entry in self._entries.values()])
