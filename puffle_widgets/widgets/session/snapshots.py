"""Which server snapshots a session widget shows, as pure rules testable without a widget.

Snapshots are ordered by when this process asked for them (live/observed.py): an answer to a
later request supersedes one to an earlier request, whatever their `updated_at` say, so a
timestamp far in the future cannot freeze a widget. Three rules keep the display true:

- Never roll back: an answer to an earlier request than the one shown is dropped; a `Session`
  handed in (not fetched) is shown only if its `updated_at` is later than the shown one's.
- The dispatch floor: once this widget's POST /turn is accepted, answers to requests started
  before that moment may predate the claim and show the session idle, so they are dropped
  until an answer to a later request arrives. That answer is authoritative even when it equals
  what was cached: it is compared with what the widget shows (its status), not with a cache.
- Only this session: a snapshot whose id is not the widget's is never shown.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Final

from puffle_widgets.live import Observed, mark, newer
from puffle_widgets.models import Session

# Statuses that a snapshot ends, even one equal to what is shown.
RECOVERING: Final = ("reconnecting", "error", "loading")


@dataclass(frozen=True)
class Admission:
    """What to do with a snapshot: `take` it as the newest observation (its order counts from
    now on), `show` it (it changes what the widget shows), the dispatch `floor` after it, and
    whether it was `foreign` (another session's)."""

    take: bool
    show: bool
    floor: int | None
    foreign: bool = False


def admit(
    incoming: Observed,
    shown: Observed | None,
    floor: int | None,
    *,
    session_id: str,
    status: str,
) -> Admission:
    """The rules of this module for one snapshot; `status` is what the widget shows now."""
    if incoming.session.id != session_id:
        return Admission(False, False, floor, foreign=True)
    if not newer(incoming, shown):
        return Admission(False, False, floor)  # from an earlier request: never roll back
    if floor is not None:
        if not incoming.requested or incoming.seq <= floor:
            return Admission(False, False, floor)  # may predate our task's claim
        floor = None
    same = (
        shown is not None
        and incoming.session == shown.session
        and status == status_of(incoming.session)
    )
    return Admission(True, not same, floor)


def floor_after_dispatch() -> int:
    """The dispatch floor once a task of ours was accepted: only answers to requests started
    from now on may show the session idle."""
    return mark()


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
