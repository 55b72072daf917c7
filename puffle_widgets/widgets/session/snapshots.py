"""Which server snapshots a session widget shows, as pure rules testable without a widget.

Two rules keep the display from going backwards. Never roll back: a snapshot older than the one
shown (an old object, a stale list row) is dropped. The dispatch floor: right after this widget
starts a task, a snapshot the server took before it (a poll answer already on its way) would
show the session idle, so snapshots up to the time of the one shown then are dropped until a
newer one arrives.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from puffle_widgets.models import Session

# Statuses that a snapshot ends, even one equal to what is shown.
RECOVERING: Final = ("reconnecting", "error", "loading")


@dataclass(frozen=True)
class Admission:
    """Whether to show a snapshot, and the dispatch floor that holds after it."""

    show: bool
    floor: datetime | None


def admit(
    session: Session, shown: Session | None, floor: datetime | None, *, status: str
) -> Admission:
    """Show `session` unless it is older than `shown`, predates the dispatch `floor`, or is the
    same as `shown` while nothing needs recovering (`status`)."""
    if shown is not None and session.updated_at < shown.updated_at:
        return Admission(False, floor)  # older than what is shown: never roll back
    if floor is not None:
        if session.updated_at <= floor:
            return Admission(False, floor)  # from before the task we just started: shows idle
        floor = None
    if session == shown and status not in RECOVERING:
        return Admission(False, floor)
    return Admission(True, floor)


def floor_after_dispatch(shown: Session | None) -> datetime | None:
    """The dispatch floor once a task started: the server time of the snapshot shown then."""
    return shown.updated_at if shown is not None else None


def status_of(session: Session) -> str:
    """The status badge for a snapshot: its task status, or idle."""
    return session.task_status if session.task_status is not None else "idle"


def busy_since(session: Session, current: float | None) -> float | None:
    """When the running task was first seen (epoch ms); kept while busy, None when idle."""
    if not session.is_busy:
        return None
    return current if current is not None else now_ms()


def now_ms() -> float:
    """Now, in epoch milliseconds, as the front end's clock counts."""
    return time.time() * 1000.0
