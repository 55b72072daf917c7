"""Pollers driven directly (no widget), against the emulator over loopback."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from typing import Generic, Protocol, TypeVar

import pytest

from puffle_widgets import AsyncPuffle, Puffle
from puffle_widgets.emulator import Emulator
from tests.conftest import FAST_POLL


class Update(Protocol):
    """A poller's update: `PollUpdate` or `CampaignUpdate`."""

    @property
    def kind(self) -> str: ...


U = TypeVar("U", bound=Update)

# A safety net so a broken poller fails the test instead of hanging it; never a timing.
GIVE_UP = 10.0


@pytest.fixture
def client(emulator: Emulator) -> Iterator[Puffle]:
    """A sync client to set sessions up."""
    with Puffle(api_key=emulator.api_key, base_url=emulator.url, poll_interval=FAST_POLL) as c:
        yield c


@pytest.fixture
async def aclient(emulator: Emulator) -> AsyncIterator[AsyncPuffle]:
    """The client a poller uses: quick polls, and failures reported at once (no retries)."""
    async with AsyncPuffle(
        api_key=emulator.api_key, base_url=emulator.url, poll_interval=FAST_POLL, max_retries=0
    ) as c:
        yield c


@pytest.fixture
def campaign(client: Puffle, emulator: Emulator) -> tuple[str, list[str]]:
    """A campaign with two fresh sessions."""
    campaign_id, nodes = emulator.new_campaign(nodes=2)
    return campaign_id, [
        client.sessions.create(campaign_id=campaign_id, node_id=n).id for n in nodes
    ]


@pytest.fixture
def session_id(campaign: tuple[str, list[str]]) -> str:
    """A fresh, idle session."""
    return campaign[1][0]


class Recorder(Generic[U]):
    """A poller's listener: every update in order, and a way to await one of a kind."""

    def __init__(self) -> None:
        self.updates: list[U] = []
        self._seen: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)

    def __call__(self, update: U) -> None:
        self.updates.append(update)
        self._seen[update.kind].set()

    @property
    def kinds(self) -> list[str]:
        return [update.kind for update in self.updates]

    async def until(self, kind: str) -> None:
        """Return once an update of `kind` arrived."""
        await asyncio.wait_for(self._seen[kind].wait(), GIVE_UP)


def gets(emulator: Emulator, session_id: str) -> int:
    """How many GETs of `session_id` the emulator answered (or dropped)."""
    return sum(
        r.operation_id == "getAiChatSession" and r.session_id == session_id
        for r in emulator.requests
    )
