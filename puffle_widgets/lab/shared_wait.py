"""Waiting for a lab session to be idle through the kernel's shared poller of that session.

The lab's reads go where the widgets' do (live/: one poller per session, one request budget
per key): a lab of eight variants does not poll beside the budget, every `SessionWidget` or
campaign row showing a lab session sees each answer, and one poll serves both. The lab's own
requests (create, title, turns, examples) count against the budget too, so polls give way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from puffle_widgets.client import AsyncPuffle
from puffle_widgets.errors import WaitTimeoutError
from puffle_widgets.live import PollUpdate, next_seq, poller_for, scheduler_for
from puffle_widgets.models import Session

T = TypeVar("T")


async def counted(client: AsyncPuffle, call: Callable[[], Awaitable[T]]) -> T:
    """Make a request that does not wait for the budget, counted against it."""
    done = scheduler_for(client).counted()
    try:
        return await call()
    finally:
        done()


async def wait_idle(
    client: AsyncPuffle, session_id: str, *, timeout: float | None
) -> tuple[Session, bool]:
    """The session once a read started from now on shows it idle, and whether a read in
    between saw it busy. Raises what stopped the reads (a 404, a 401) or `WaitTimeoutError`;
    failures that pass (network, 5xx, 429) are retried as the widgets' polls are."""
    after = next_seq()
    poller = poller_for(client, session_id)
    answer: asyncio.Future[Session] = asyncio.get_running_loop().create_future()
    seen_busy = False

    def take(update: PollUpdate) -> None:
        nonlocal seen_busy
        if answer.done():
            return
        if update.kind == "fatal" and update.error is not None:
            answer.set_exception(update.error)
        elif update.kind == "snapshot" and update.session is not None and update.seq > after:
            if update.session.id != session_id:
                return  # never ours to show (the poller logs it)
            if update.session.is_busy:
                seen_busy = True
            else:
                answer.set_result(update.session)

    # Presence "none": the lab shows no view of its own; the poller reads while a task of
    # ours is expected or runs, then stops (and goes when its last subscriber leaves).
    unsubscribe = poller.subscribe(take)
    try:
        poller.expect_task(after)
        async with asyncio.timeout(timeout):
            session = await answer
    except TimeoutError:
        raise WaitTimeoutError(
            f"Session {session_id} is still busy after {timeout:g}s.", session=poller.last
        ) from None
    finally:
        unsubscribe()
    return session, seen_busy
