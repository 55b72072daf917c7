"""CampaignPoller's state machine: it lists while a session is busy, and stops by itself."""

from __future__ import annotations

import pytest

from puffle_widgets import AsyncPuffle, AuthenticationError, Puffle
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import CampaignPoller, CampaignUpdate, PollScheduler
from tests.live.conftest import Recorder

LIST = "listAiChatSessions"


def poller_on(
    client: AsyncPuffle, campaign_id: str
) -> tuple[CampaignPoller, Recorder[CampaignUpdate]]:
    """A campaign poller with a recording listener."""
    updates: Recorder[CampaignUpdate] = Recorder()
    return CampaignPoller(client, campaign_id, updates, PollScheduler()), updates


async def test_lists_while_a_session_is_busy_then_stops(
    aclient: AsyncPuffle, client: Puffle, campaign: tuple[str, list[str]], emulator: Emulator
) -> None:
    campaign_id, ids = campaign
    emulator.faults.stick(ids[1])
    client.sessions.turn(ids[1], "hello")
    poller, updates = poller_on(aclient, campaign_id)
    poller.publish(client.sessions.list(campaign_id))
    assert poller.running
    await updates.until("sessions")
    assert poller.running  # still busy
    emulator.faults.unstick(ids[1])
    await poller.wait()
    assert not poller.running
    assert updates.kinds[-1] == "sessions"
    assert not any(s.is_busy for s in updates.updates[-1].sessions)
    assert poller.last == updates.updates[-1].sessions


async def test_an_idle_list_starts_nothing(
    aclient: AsyncPuffle, client: Puffle, campaign: tuple[str, list[str]]
) -> None:
    campaign_id, _ = campaign
    poller, updates = poller_on(aclient, campaign_id)
    poller.publish(client.sessions.list(campaign_id))
    assert not poller.running
    await poller.wait()
    assert updates.kinds == []


async def test_without_a_list_it_polls_until_it_has_one(
    aclient: AsyncPuffle, campaign: tuple[str, list[str]], emulator: Emulator
) -> None:
    campaign_id, ids = campaign
    poller, updates = poller_on(aclient, campaign_id)
    emulator.faults.status(LIST, 503, times=2)
    poller.start()
    await poller.wait()
    assert updates.kinds == ["reconnecting", "reconnecting", "sessions"]
    assert [s.id for s in updates.updates[-1].sessions] == ids
    assert poller.fatal is None


async def test_a_fatal_error_stops_it_until_a_list_arrives(
    aclient: AsyncPuffle, client: Puffle, campaign: tuple[str, list[str]], emulator: Emulator
) -> None:
    campaign_id, _ = campaign
    poller, updates = poller_on(aclient, campaign_id)
    emulator.faults.status(LIST, 401)
    poller.start()
    with pytest.raises(AuthenticationError):
        await poller.wait()
    assert updates.kinds == ["fatal"]
    assert not poller.running
    poller.publish(client.sessions.list(campaign_id))  # a refresh that worked
    await poller.wait()


async def test_a_closed_poller_never_starts(
    aclient: AsyncPuffle, client: Puffle, campaign: tuple[str, list[str]], emulator: Emulator
) -> None:
    campaign_id, ids = campaign
    emulator.faults.stick(ids[0])
    client.sessions.turn(ids[0], "hello")
    poller, _ = poller_on(aclient, campaign_id)
    poller.close()
    poller.publish(client.sessions.list(campaign_id))
    assert not poller.running
    emulator.faults.unstick(ids[0])
