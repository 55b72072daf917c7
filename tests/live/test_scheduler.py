"""The kernel-wide poll scheduler: within the request budget, fair, favouring what is seen and
what is about to finish, and polling idle sessions only while they are displayed."""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from collections.abc import Iterator

import pytest

from puffle_widgets import AsyncPuffle, Puffle
from puffle_widgets.emulator import Emulator, RequestRecord
from puffle_widgets.live import (
    Observed,
    PollScheduler,
    PollUpdate,
    Presence,
    SessionPoller,
    Want,
    configure,
    next_seq,
    poller_for,
    scheduler_for,
)
from puffle_widgets.live.budget import Budget
from puffle_widgets.live.durations import FIRST_GUESS, Durations
from tests.conftest import FAST_POLL
from tests.live.conftest import GIVE_UP, Recorder, gets

GET = "getAiChatSession"


# --- the budget, as pure arithmetic ---------------------------------------------------------


def test_the_budget_paces_requests_and_never_counts_more_than_its_limit() -> None:
    budget = Budget(lambda: 3, lambda: 10.0)  # 3 per 10 s: one every 3.3 s, a burst of 2
    first = budget.start(budget.next_slot(0.0))
    second = budget.start(budget.next_slot(0.0))
    third = budget.start(budget.next_slot(0.0))
    assert budget.counted == 3
    assert budget.next_slot(0.0) == math.inf  # all three still wait for their answers
    budget.finish(first, 0.5)
    # A place frees only a whole window after that answer came back.
    assert budget.next_slot(1.0) == pytest.approx(10.5)
    budget.finish(second, 0.6)
    budget.finish(third, 0.7)
    assert budget.next_slot(11.0) == pytest.approx(11.0)


def test_a_pause_holds_every_request() -> None:
    budget = Budget(lambda: 60, lambda: 60.0)
    budget.pause(5.0)
    assert budget.next_slot(1.0) == pytest.approx(5.0)


# --- learned durations -------------------------------------------------------------------------


def test_durations_are_learned_per_kind_and_weigh_the_end_of_a_task() -> None:
    durations = Durations()
    assert durations.expected("chat_processing") == FIRST_GUESS
    durations.observe("chat_processing", 10.0)
    durations.observe("chat_processing", 10.0)
    assert durations.expected("chat_processing") == pytest.approx(10.0)
    assert durations.expected("generating_examples") == FIRST_GUESS
    assert durations.weight("chat_processing", 1.0, 1.0) == 0.5  # early: less eager
    assert durations.weight("chat_processing", 6.0, 1.0) == 1.0
    assert durations.weight("chat_processing", 9.5, 1.0) == 2.0  # near its expected end


async def test_a_watched_task_teaches_its_duration(
    aclient: AsyncPuffle, client: Puffle, session_id: str
) -> None:
    poller = SessionPoller(aclient, session_id, lambda: None, PollScheduler())
    updates: Recorder[PollUpdate] = Recorder()
    poller.subscribe(updates)
    client.sessions.turn(session_id, "hello")
    poller.poke()
    await updates.until("stopped")
    assert poller.scheduler.durations.seen == {"chat_processing": 1}
    poller.stop()


# --- fairness and weights, with stand-in pollers (no HTTP) --------------------------------------


class Stand:
    """A poller that always wants a request, with a weight; counts the polls it got."""

    def __init__(self, scheduler: PollScheduler, weight: float, total: list[int], goal: int):
        self.weight = weight
        self.polls = 0
        self._last = scheduler.now()
        self._scheduler = scheduler
        self._total, self._goal = total, goal
        self.done = asyncio.Event()

    def want(self, now: float) -> Want:
        return Want(self._last + 0.001, 0.001, self.weight)

    async def poll(self) -> None:
        self._last = self._scheduler.now()
        self.polls += 1
        self._total[0] += 1
        if self._total[0] >= self._goal:
            self.done.set()

    def polled(self) -> None:
        return None


async def run_stands(weights: list[float], goal: int) -> list[int]:
    """Let stand-ins with these weights share a tight budget until `goal` polls were made."""
    configure(budget_per_minute=20, budget_window=0.2)  # one slot every 10 ms
    scheduler = PollScheduler()
    total = [0]
    stands = [Stand(scheduler, w, total, goal) for w in weights]
    for stand in stands:
        scheduler.add(stand)
    await asyncio.wait_for(asyncio.gather(*(s.done.wait() for s in stands)), GIVE_UP)
    for stand in stands:
        scheduler.remove(stand)
    return [s.polls for s in stands]


async def test_equal_pollers_take_turns() -> None:
    counts = await run_stands([1.0] * 5, goal=40)
    assert max(counts) - min(counts) <= 1  # one poll each per round


async def test_weightier_pollers_get_more_of_a_tight_budget() -> None:
    counts = await run_stands([2.0, 2.0, 1.0, 1.0], goal=60)
    assert min(counts[:2]) > max(counts[2:])


# --- 20 busy sessions against a rate-limited emulator ------------------------------------------


@pytest.fixture
def limited() -> Iterator[Emulator]:
    """An emulator allowing 10 requests per key in any 1 s."""
    with Emulator(latency=0.05, rate_limit=10, rate_window=1.0) as emu:
        yield emu
        assert emu.job_errors == []


async def test_twenty_busy_sessions_never_go_over_the_budget(limited: Emulator) -> None:
    configure(budget_per_minute=10, budget_window=1.0, busy_interval=0.05)
    emu = limited
    with Puffle(api_key=emu.api_key, base_url=emu.url, max_retries=5) as setup:
        campaign_id, nodes = emu.new_campaign(nodes=20)
        ids = []
        for node in nodes:
            session_id = setup.sessions.create(campaign_id=campaign_id, node_id=node).id
            emu.faults.stick(session_id)
            setup.sessions.turn(session_id, "hello")
            ids.append(session_id)
    emu.reset_rate_limit()
    since = len(emu.requests)
    async with AsyncPuffle(
        api_key=emu.api_key, base_url=emu.url, poll_interval=FAST_POLL, max_retries=0
    ) as aclient:
        # Tasks of this kind take minutes here: none is near its end, so all weigh the same.
        scheduler_for(aclient).durations.observe("chat_processing", 600.0)
        leave = []
        for session_id in ids:
            poller = poller_for(aclient, session_id)
            leave.append(poller.subscribe(Recorder[PollUpdate]()))
            poller.poke()
        polls = Counter[str]()

        def three_rounds(record: RequestRecord) -> bool:
            if record.operation_id == GET and record.session_id is not None:
                polls[record.session_id] += 1
            return sum(polls.values()) >= 3 * len(ids)

        await asyncio.to_thread(emu.wait_for_request, three_rounds, 60.0, since=since)
        for stop in leave:
            stop()
    assert emu.rate_limited == 0  # never a 429: the budget held
    assert set(polls) == set(ids)
    assert max(polls.values()) - min(polls.values()) <= 1  # one GET per session per round
    for session_id in ids:
        emu.faults.unstick(session_id)


# --- idle sessions: polled only while displayed -----------------------------------------------


async def test_idle_sessions_are_polled_by_how_visible_they_are(
    aclient: AsyncPuffle, client: Puffle, emulator: Emulator
) -> None:
    configure(idle_visible=0.05, idle_hidden=0.5)
    campaign_id, nodes = emulator.new_campaign(nodes=3)
    ids = [client.sessions.create(campaign_id=campaign_id, node_id=n).id for n in nodes]
    presences: dict[str, Presence] = dict(zip(ids, ["visible", "hidden", "none"], strict=True))
    pollers = []
    for session_id in ids:
        poller = poller_for(aclient, session_id)
        poller.subscribe(Recorder[PollUpdate](), lambda sid=session_id: presences[sid])
        poller.publish(Observed(client.sessions.get(session_id), next_seq()))
        pollers.append(poller)
    since = len(emulator.requests)
    visible, hidden, absent = ids

    def count(session_id: str) -> int:
        return gets(emulator, session_id) - sum(
            r.operation_id == GET and r.session_id == session_id for r in emulator.requests[:since]
        )

    # The visible one is re-read by itself, again and again...
    twenty = lambda r: r.operation_id == GET and r.session_id == visible and count(visible) >= 20  # noqa: E731
    await asyncio.to_thread(emulator.wait_for_request, twenty, 30.0, since=since)
    # ...the hidden one at a tenth of that pace, the one nobody displays never.
    assert count(hidden) <= count(visible) // 10 + 1
    assert count(absent) == 0
    # Coming into view reads it at once.
    before = len(emulator.requests)
    presences[absent] = "visible"
    pollers[2].presence_changed(appeared=True)
    await asyncio.to_thread(
        emulator.wait_for_request,
        lambda r: r.operation_id == GET and r.session_id == absent,
        GIVE_UP,
        since=before,
    )
    for poller in pollers:
        poller.stop()
