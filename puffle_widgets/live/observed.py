"""Snapshots in the order this process observed them.

Every request that can bring a snapshot (GET, list, PATCH, POST) takes a sequence number when
it starts. A snapshot answered to a later request is newer than one answered to an earlier
request, whatever the two `updated_at` say: server clocks and stored timestamps can be wrong
(one far-future `updated_at` would otherwise freeze a view for good). `updated_at` only orders
snapshots that no request of ours brought (a `Session` object handed to a widget).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from puffle_widgets.models import Session

_counter = itertools.count(1)

# How far ahead of this machine's clock a server timestamp is still believed.
CLOCK_SKEW: Final = timedelta(minutes=5)


def next_seq() -> int:
    """A new sequence number, larger than every one handed out before (thread-safe)."""
    return next(_counter)


def mark() -> int:
    """A number between every request started so far and every one started from now on."""
    return next_seq()


@dataclass(frozen=True)
class Observed:
    """A snapshot, and when this process asked for it: `seq` of the request that brought it.

    `requested` is False for a snapshot handed in from outside (its `seq` is when it was
    handed in, which says nothing about when the server took it).
    """

    session: Session
    seq: int
    requested: bool = True

    @classmethod
    def handed_in(cls, session: Session) -> Observed:
        """A `Session` object given to us, not fetched by a request we made."""
        return cls(session, next_seq(), requested=False)


def trusted_time(at: datetime, now: datetime | None = None) -> datetime:
    """`at`, or no later than a few minutes from now: a far-future timestamp is not believed."""
    limit = (now or datetime.now(UTC)) + CLOCK_SKEW
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return min(at, limit)


def newer(incoming: Observed, known: Observed | None) -> bool:
    """Whether `incoming` supersedes `known`: an answer to a later request; else, when an
    object handed in is involved and the order of requests cannot tell, a later trusted
    `updated_at`."""
    if known is None:
        return True
    if incoming.requested and incoming.seq > known.seq:
        return True  # asked after the other was asked for (or handed in)
    if incoming.requested and known.requested:
        return False
    return trusted_time(incoming.session.updated_at) > trusted_time(known.session.updated_at)
