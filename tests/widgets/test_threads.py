"""Plain-script mode: no running loop, so the widget's loop runs on a daemon thread while the
script sets traits from its own thread. Edits and snapshots must not race."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest

from puffle_widgets import Puffle, SessionWidget

RACES = 2000
# Busy-wait steps before the keystroke: spreads it over the time a snapshot takes to apply.
SPIN = 20_000


@pytest.fixture
def tiny_switch_interval() -> Iterator[None]:
    """Switch threads as often as CPython can, so races show up in a few hundred tries."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


@pytest.mark.usefixtures("tiny_switch_interval")
def test_a_first_keystroke_is_never_lost_to_a_snapshot_applied_at_the_same_moment(
    client: Puffle, drafted_id: str
) -> None:
    w = SessionWidget(drafted_id, client=client)
    try:
        assert not w._loop.on_loop_thread  # the loop runs on its own thread here
        shown = w.session
        assert shown is not None
        lost = []
        jitter = random.Random(8)
        for i in range(RACES):
            w.revert()  # the body is unedited again
            newer = shown.model_copy(
                update={
                    "draft_body": f"server {i}",
                    "updated_at": shown.updated_at + timedelta(seconds=i + 1),
                }
            )
            w._loop.call_soon(w._publish, newer)  # the loop thread applies a snapshot...
            for _ in range(jitter.randrange(SPIN)):  # (somewhere in the time that takes)
                pass
            w.draft_body = f"typed {i}"  # ...while the first key is typed here
            w._loop.run(lambda: None)  # let the loop finish
            if w.draft_body != f"typed {i}":
                lost.append(i)
        assert lost == []
        assert w.dirty == {"draft_body": f"typed {RACES - 1}"}
    finally:
        w.close()
