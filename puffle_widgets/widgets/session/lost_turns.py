"""Turns whose answer was lost: did Puffle receive them?

A lost answer to POST /turn says nothing: the turn may have been claimed, or never arrived. So
it is never sent again blindly. The message's outbox entry turns "checking", the session's
poller keeps polling (from `lost_first` s apart, growing to `lost_max`), and the first snapshot
whose transcript holds the message settles it ("Your message reached Puffle"). If none does
within `lost_window` s (2 minutes by default; live/settings.py), the entry is marked failed,
"not received", with Retry. Nothing else is sent while a check runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from puffle_widgets.errors import PuffleError
from puffle_widgets.live import settings
from puffle_widgets.widgets.session.problems import problem_of
from puffle_widgets.widgets.session.state import SessionState

if TYPE_CHECKING:
    from puffle_widgets.widgets.session.ops import Op

REACHED = "Your message reached Puffle."
CHECKING = "The answer to your message was lost; checking whether Puffle received it…"


@dataclass
class _Check:
    op: Op
    error: PuffleError
    release: Callable[[], None]
    timer: asyncio.TimerHandle
    deadline: float  # scheduler (loop) time


class LostTurns:
    """The checks running for one widget; every method runs on its loop thread."""

    def __init__(
        self,
        state: SessionState,
        give_up: Callable[[Op, PuffleError], None],
        resume: Callable[[], None],
    ) -> None:
        self._state = state
        self._give_up = give_up  # the message was not received: mark it failed
        self._resume = resume  # a check ended: what waited may go
        self._checks: dict[str, _Check] = {}

    @property
    def checking(self) -> bool:
        """Whether a lost answer is being checked."""
        return bool(self._checks)

    def check(self, op: Op, error: PuffleError) -> None:
        """Start checking whether the turn of `op` reached Puffle."""
        assert op.entry_id is not None
        live = settings()
        scheduler = self._state.poller.scheduler
        problem = problem_of(
            error,
            title="Checking whether Puffle received your message",
            detail="The answer was lost. It will not be sent twice: the widget is looking for "
            "it in the transcript.",
        )
        self._state.outbox.update(op.entry_id, state="checking", error=problem)
        release = self._state.poller.hold(live.lost_first, live.lost_max)
        timer = scheduler.loop.call_later(live.lost_window, self.expire, op.entry_id)
        deadline = scheduler.now() + live.lost_window
        self._checks[op.entry_id] = _Check(op, error, release, timer, deadline)
        self._state.set_notice(CHECKING)
        self._state.pulse()

    def seen(self, entry_id: str) -> None:
        """The transcript holds the message: the check is over, and the turn was sent."""
        check = self._checks.pop(entry_id, None)
        if check is None:
            return
        check.release()
        check.timer.cancel()
        self._state.set_notice(REACHED)
        self._state.pulse()
        check.op.settle(None)
        self._resume()

    def expire(self, entry_id: str) -> None:
        """The window passed without the message showing: it was not received."""
        check = self._checks.pop(entry_id, None)
        if check is None:
            return
        check.release()
        check.timer.cancel()
        self._give_up(check.op, check.error)

    def expire_due(self) -> None:
        """Expire the checks whose window has passed (for a caller blocking the loop)."""
        now = self._state.poller.scheduler.now()
        for entry_id, check in list(self._checks.items()):
            if now >= check.deadline:
                self.expire(entry_id)

    def close(self) -> None:
        """The widget closes: stop every check."""
        for check in self._checks.values():
            check.release()
            check.timer.cancel()
            check.op.done.cancel()
        self._checks.clear()
