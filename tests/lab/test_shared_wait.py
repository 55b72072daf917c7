"""The lab waits for its sessions through the kernel's shared pollers, within the key's request
budget: one poll serves the lab and any widget on the same session, and a run stays under a
server's rate limit that matches the budget."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from puffle_widgets import AsyncPuffle, Puffle
from puffle_widgets.emulator import Emulator
from puffle_widgets.errors import NotFoundError, WaitTimeoutError
from puffle_widgets.lab import PromptLab
from puffle_widgets.lab.shared_wait import counted, wait_idle
from puffle_widgets.live import PollUpdate, active_pollers, configure, poller_for, scheduler_for
from puffle_widgets.models import Session
from tests.conftest import FAST_POLL


@pytest.fixture
async def aclient(emulator: Emulator) -> AsyncIterator[AsyncPuffle]:
    """An async client on the emulator, as the lab's own."""
    async with AsyncPuffle(
        api_key=emulator.api_key, base_url=emulator.url, poll_interval=FAST_POLL, max_retries=0
    ) as c:
        yield c


@pytest.fixture
def session_id(client: Puffle, campaign: tuple[str, str]) -> str:
    """A fresh, idle session."""
    return client.sessions.create(campaign_id=campaign[0], node_id=campaign[1]).id


async def test_after_a_turn_the_wait_shares_its_reads_with_a_widget_on_the_session(
    emulator: Emulator, aclient: AsyncPuffle, session_id: str
) -> None:
    emulator.latency = 0.3
    seen: list[PollUpdate] = []
    unsubscribe = poller_for(aclient, session_id).subscribe(seen.append)  # as a widget does
    try:
        await aclient.sessions.turn(session_id, "Write an intro email for VPs of Sales")
        session, was_busy = await wait_idle(aclient, session_id, timeout=10)
    finally:
        unsubscribe()

    assert was_busy and not session.is_busy
    assert [m.role for m in session.transcript][-2:] == ["user", "assistant"]
    snapshots = [u.session for u in seen if u.kind == "snapshot"]
    assert snapshots[-1] == session  # the widget saw the very answer the lab took
    gets = sum(
        r.operation_id == "getAiChatSession" and r.session_id == session_id
        for r in emulator.requests
    )
    assert gets == len(snapshots)  # no read of the lab's own beside the shared poller's
    assert active_pollers() == []  # the last subscriber left: nothing polls on


async def test_an_idle_session_is_read_once_and_was_not_busy(
    aclient: AsyncPuffle, session_id: str
) -> None:
    session, was_busy = await wait_idle(aclient, session_id, timeout=10)
    assert session.id == session_id and not session.is_busy and not was_busy
    assert active_pollers() == []


async def test_a_missing_session_raises_not_found(aclient: AsyncPuffle) -> None:
    with pytest.raises(NotFoundError):
        await wait_idle(aclient, "3c90c3cc-0d44-4b50-8888-8dd25736052a", timeout=10)


async def test_a_session_that_stays_busy_times_out_with_the_last_snapshot(
    emulator: Emulator, aclient: AsyncPuffle, session_id: str
) -> None:
    emulator.latency = 30
    await aclient.sessions.turn(session_id, "Write an intro email")
    with pytest.raises(WaitTimeoutError) as raised:
        await wait_idle(aclient, session_id, timeout=0.3)
    last = raised.value.session
    assert isinstance(last, Session) and last.is_busy
    assert active_pollers() == []


async def test_the_labs_own_requests_count_against_the_budget(
    aclient: AsyncPuffle, session_id: str
) -> None:
    budget = scheduler_for(aclient).budget
    before = budget.counted
    session = await counted(aclient, lambda: aclient.sessions.get(session_id))
    assert session.id == session_id
    assert budget.counted == before + 1  # an answered request counts for the whole window


async def test_a_runs_reads_are_paced_by_the_budget(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    # Unpaced, FAST_POLL reads each busy session every 0.02-0.1 s: about 30 requests for this
    # run, over the server's limit. Paced (1 s apart, after the lab's own 6 requests), it
    # needs about a third of them.
    configure(budget_per_minute=60)
    emulator.rate_limit = 20
    emulator.latency = 1.0
    lab = make_lab()
    result = lab.run(["Write an intro email for VPs of Sales", "Cold email to CTOs"])
    await asyncio.wait_for(lab.wait(), 60)

    assert [v.status for v in result] == ["done", "done"]
    assert emulator.rate_limited == 0
