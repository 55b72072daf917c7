"""Counting, from the emulator's request log, how many sessions were busy at the same time.

The log is in the order the emulator answered. A turn answered 202 claimed its session before
its record; a GET answered with `task_status` set saw it still claimed. So between a turn's
record and the last busy GET of that claim the session was busy the whole time, and sessions
whose such spans overlap in the log were busy at once (`seen_together`, a lower bound). The
span up to the first idle GET (`claimed_together`) is what the client saw as busy: an upper
bound of what it let run at once. No clock is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from puffle_widgets.emulator import RequestRecord


@dataclass(frozen=True)
class Overlap:
    seen_together: int
    claimed_together: int
    claims: int


def _most_at_once(spans: list[tuple[int, int]]) -> int:
    events = sorted(
        [(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans],
        key=lambda e: (e[0], -e[1]),
    )
    most = now = 0
    for _, step in events:
        now += step
        most = max(most, now)
    return most


def overlap(records: Iterable[RequestRecord]) -> Overlap:
    """Most sessions seen busy together, and claimed together, over the records."""
    open_claims: dict[str, tuple[int, int | None]] = {}  # session -> (turn index, last busy)
    seen: list[tuple[int, int]] = []
    claimed: list[tuple[int, int]] = []
    for index, record in enumerate(records):
        sid = record.session_id
        if sid is None:
            continue
        if record.operation_id == "runAiChatTurn" and record.status == 202:
            open_claims[sid] = (index, None)
        elif (
            record.operation_id == "getAiChatSession"
            and record.status == 200
            and sid in open_claims
        ):
            start, last_busy = open_claims[sid]
            if record.response["session"]["task_status"] is not None:
                open_claims[sid] = (start, index)
                continue
            del open_claims[sid]
            claimed.append((start, index))
            if last_busy is not None:
                seen.append((start, last_busy))
    return Overlap(_most_at_once(seen), _most_at_once(claimed), len(claimed))
