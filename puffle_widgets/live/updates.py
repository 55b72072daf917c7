"""What a session poller tells its subscribers, and how visible a subscriber's views are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from puffle_widgets.live.observed import Observed
from puffle_widgets.models import Session

Presence = Literal["visible", "hidden", "none"]
RANK: dict[Presence, int] = {"none": 0, "hidden": 1, "visible": 2}


@dataclass(frozen=True)
class PollUpdate:
    """What a request found: a snapshot (with the `seq` of the request that brought it), a
    transient failure (`retry_at`: epoch seconds of the next try), a fatal one, or that
    active polling stopped (the session is idle and nothing is awaited)."""

    kind: Literal["snapshot", "reconnecting", "fatal", "stopped"]
    session: Session | None = None
    error: Exception | None = None
    seq: int = 0
    requested: bool = True
    retry_at: float | None = None

    @property
    def observed(self) -> Observed | None:
        """The snapshot with its place in the order of observation."""
        if self.session is None:
            return None
        return Observed(self.session, self.seq, self.requested)
