"""Client tests talk to the emulator over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from puffle_widgets import AsyncPuffle, Puffle
from puffle_widgets.client import transport as _transport
from puffle_widgets.emulator import Emulator
from tests.conftest import FAST_POLL


@pytest.fixture
def client(emulator: Emulator) -> Iterator[Puffle]:
    """A sync client on the emulator."""
    with Puffle(api_key=emulator.api_key, base_url=emulator.url, poll_interval=FAST_POLL) as c:
        yield c


@pytest.fixture
async def aclient(emulator: Emulator) -> AsyncIterator[AsyncPuffle]:
    """An async client on the emulator."""
    async with AsyncPuffle(
        api_key=emulator.api_key, base_url=emulator.url, poll_interval=FAST_POLL
    ) as c:
        yield c


@pytest.fixture
def campaign(emulator: Emulator) -> tuple[str, list[str]]:
    """A campaign with three nodes owned by the emulator's user."""
    return emulator.new_campaign(nodes=3)


@pytest.fixture
def retry_delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Records the delays the transport would wait between retries, without waiting them."""
    delays: list[float] = []

    async def record_async(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(_transport, "_sleep", delays.append)
    monkeypatch.setattr(_transport, "_async_sleep", record_async)
    return delays
