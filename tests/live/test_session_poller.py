"""SessionPoller's state machine: when it polls, when it stops, what it tells its listeners."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from puffle_widgets import AsyncPuffle, NotFoundError, Puffle
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import Observed, PollScheduler, PollUpdate, SessionPoller, next_seq
from tests.conftest import FAST_POLL
from tests.live.conftest import Recorder, gets


def poller_on(client: AsyncPuffle, session_id: str) -> tuple[SessionPoller, Recorder[PollUpdate]]:
    """A poller on `session_id` (with a scheduler of its own) and one recording listener."""
    poller = SessionPoller(client, session_id, lambda: None, PollScheduler())
    recorder: Recorder[PollUpdate] = Recorder()
    poller.subscribe(recorder)
    return poller, recorder


async def test_an_idle_session_is_polled_once_then_polling_stops(
    aclient: AsyncPuffle, session_id: str, emulator: Emulator
) -> None:
    before = gets(emulator, session_id)
    poller, updates = poller_on(aclient, session_id)
    poller.poke()
    await updates.until("stopped")
    assert updates.kinds == ["snapshot", "stopped"]
    assert not poller.running
    assert gets(emulator, session_id) == before + 1


async def test_a_busy_session_is_polled_until_idle(
    aclient: AsyncPuffle, client: Puffle, session_id: str, emulator: Emulator
) -> None:
    emulator.faults.stick(session_id)
    client.sessions.turn(session_id, "hello")
    poller, updates = poller_on(aclient, session_id)
    poller.poke()
    await updates.until("snapshot")
    assert poller.running
    assert poller.last is not None
    assert poller.last.is_busy
    emulator.faults.unstick(session_id)
    await updates.until("stopped")
    assert not poller.running
    assert poller.last is not None
    assert not poller.last.is_busy
    assert updates.kinds[-1] == "stopped"


@pytest.fixture
async def poking_client(
    emulator: Emulator,
) -> AsyncIterator[tuple[AsyncPuffle, list[SessionPoller]]]:
    """A client that pokes the poller in `pollers` while its first request is on the wire."""
    pollers: list[SessionPoller] = []

    async def poke_once(request: httpx.Request) -> None:
        if pollers and request.method == "GET":
            pollers.pop().poke()

    async with httpx.AsyncClient(event_hooks={"request": [poke_once]}) as http:
        client = AsyncPuffle(
            api_key=emulator.api_key,
            base_url=emulator.url,
            max_retries=0,
            http_client=http,
            poll_interval=FAST_POLL,
        )
        yield client, pollers


async def test_a_poke_during_a_request_polls_again(
    poking_client: tuple[AsyncPuffle, list[SessionPoller]], session_id: str, emulator: Emulator
) -> None:
    client, pollers = poking_client
    before = gets(emulator, session_id)
    poller, updates = poller_on(client, session_id)
    pollers.append(poller)
    poller.poke()
    await updates.until("stopped")
    # Idle at the first answer, but an action happened meanwhile: one more GET before stopping.
    assert gets(emulator, session_id) == before + 2
    assert updates.kinds == ["snapshot", "snapshot", "stopped"]


async def test_recovers_after_failures_and_shows_the_snapshot_again(
    aclient: AsyncPuffle, client: Puffle, session_id: str, emulator: Emulator
) -> None:
    poller, updates = poller_on(aclient, session_id)
    poller.publish(Observed(client.sessions.get(session_id), next_seq()))
    emulator.faults.status("getAiChatSession", 503, times=2)
    poller.poke()
    await updates.until("stopped")
    # Every answer is delivered, equal or not: each listener compares it with what it shows
    # (here it ends the "reconnecting" state).
    assert updates.kinds == ["snapshot", "reconnecting", "reconnecting", "snapshot", "stopped"]
    assert updates.updates[0].session == updates.updates[3].session
    assert poller.failures == 0
    assert not poller.running


async def test_a_fatal_error_stops_polling(
    aclient: AsyncPuffle, client: Puffle, session_id: str
) -> None:
    client.sessions.delete(session_id)
    poller, updates = poller_on(aclient, session_id)
    poller.poke()
    await updates.until("fatal")
    assert updates.kinds == ["fatal"]
    assert isinstance(updates.updates[0].error, NotFoundError)
    assert not poller.running


async def test_an_answer_to_an_earlier_request_never_replaces_a_later_one(
    aclient: AsyncPuffle, client: Puffle, session_id: str
) -> None:
    old = Observed(client.sessions.get(session_id), next_seq())
    new = Observed(client.sessions.update(session_id, title="Renamed"), next_seq())
    poller, updates = poller_on(aclient, session_id)
    poller.publish(new)
    poller.publish(old)
    assert poller.last == new.session
    # Both reach the listeners, with their sequence numbers, to be ordered there.
    assert [(u.session, u.seq) for u in updates.updates] == [
        (new.session, new.seq),
        (old.session, old.seq),
    ]


async def test_the_last_listener_leaving_stops_the_poller(
    aclient: AsyncPuffle, client: Puffle, session_id: str, emulator: Emulator
) -> None:
    emptied: list[bool] = []
    poller = SessionPoller(aclient, session_id, lambda: emptied.append(True), PollScheduler())
    updates: Recorder[PollUpdate] = Recorder()
    leave = poller.subscribe(updates)
    emulator.faults.stick(session_id)
    client.sessions.turn(session_id, "hello")
    poller.poke()
    await updates.until("snapshot")
    assert poller.running
    leave()
    assert not poller.running
    assert emptied == [True]
    emulator.faults.unstick(session_id)
