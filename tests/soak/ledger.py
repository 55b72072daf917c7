"""What the soak did that must not be lost or doubled: every message sent (each text is
unique), every edit made, and what the emulator's request log says about them.

The log keeps only recent records, and drops the oldest bodies first once the bodies it keeps
pass a budget (16 MiB): with widgets polling sessions whose answers are tens of KB each, a body
goes within seconds. So the log is read as the soak goes and while it settles (`scan`), keeping
what the checks need: each POST /turn's message and answer, and each value a PATCH wrote. A body
gone before it was read is counted in `missed` (a failure of the soak, not a guess): read too
late, a save's PATCH looked as if it had never been sent, and its edit as lost. (The soak's
emulator keeps no body over 16 KiB, so the polls' answers, tens of KB each, do not crowd out
the small bodies of turns and saves at all.)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from puffle_widgets.emulator import Emulator

TURN = "runAiChatTurn"
UPDATE = "updateAiChatSession"


@dataclass
class Sent:
    """One message the soak sent through a widget."""

    widget: int  # index in the soak's widget list
    session_id: str
    entry_id: str
    text: str
    how: str  # "cell" or "browser"
    cancelled: bool = False  # the soak pressed Discard and the entry went away


@dataclass
class Edit:
    """The last value the soak typed into one field of one widget, still the user's."""

    widget: int
    session_id: str
    field: str
    value: Any


@dataclass
class Ledger:
    """The soak's record, and what it read from the emulator's log so far."""

    sent: list[Sent] = field(default_factory=list)
    edits: dict[tuple[int, str], Edit] = field(default_factory=dict)
    # POST /turn per message text, in the order they reached the emulator: (status, fault).
    turn_posts: dict[str, list[tuple[int | None, str | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # Values a PATCH wrote (the handler ran), per (session, field).
    written: dict[tuple[str, str], list[Any]] = field(default_factory=lambda: defaultdict(list))
    by_operation: Counter[str] = field(default_factory=Counter)  # requests read, per operation
    faulted: Counter[str] = field(default_factory=Counter)  # ... that met a fault
    scanned: int = 0  # log index read up to
    missed: int = 0  # records, or bodies of turns and saves, dropped before they were read

    def edit(self, widget: int, session_id: str, name: str, value: Any) -> None:
        """The soak typed `value` into `name` (the latest edit of a field supersedes)."""
        self.edits[(widget, name)] = Edit(widget, session_id, name, value)

    def discard(self, widget: int, name: str | None = None) -> None:
        """The soak threw its edit away on purpose (Take server's; Revert: every field)."""
        for key in list(self.edits):
            if key[0] == widget and (name is None or key[1] == name):
                del self.edits[key]

    def scan(self, emulator: Emulator) -> None:
        """Read the request log from where the last scan stopped."""
        log = emulator.requests
        end = len(log)
        first = log.first_index
        if first > self.scanned:
            self.missed += first - self.scanned
        for record in log[max(self.scanned, first) : end]:
            operation = record.operation_id or "other"
            self.by_operation[operation] += 1
            if record.fault is not None:
                self.faulted[operation] += 1
            if record.raw_body is None and record.body_size and record.status is not None:
                # Answered, and small enough to keep, yet its body is gone: dropped before this
                # read. (Bodies over the log's limit are never kept: restores, which carry the
                # histories; a save carries the soak's own short edits, always under it.)
                if record.operation_id in (TURN, UPDATE) and record.body_size <= log.body_limit:
                    self.missed += 1
                continue
            body = record.body
            if not isinstance(body, dict):
                continue
            if record.operation_id == TURN and isinstance(body.get("message"), str):
                self.turn_posts[body["message"]].append((record.status, record.fault))
            elif record.operation_id == UPDATE and record.session_id is not None:
                applied = record.status == 200 or record.fault == "drop:after"
                if applied:
                    for name, value in body.items():
                        self.written[(record.session_id, name)].append(value)
        self.scanned = end
