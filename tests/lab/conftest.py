"""Lab tests: real labs, the real client, the emulator over loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from puffle_widgets.lab import PromptLab
from tests.conftest import FAST_POLL

LEADS = [
    {"first_name": "Sarah", "last_name": "Lee", "company": "Acme", "position": "VP of Sales"},
    {"first_name": "Tom", "company": "Globex"},
]
VAR_NAMES = ["first_name", "company", "position"]


@pytest.fixture
def client(emulator: Emulator) -> Iterator[Puffle]:
    """A client on the emulator that polls quickly and retries nothing (faults hit once)."""
    with Puffle(
        api_key=emulator.api_key, base_url=emulator.url, poll_interval=FAST_POLL, max_retries=0
    ) as c:
        yield c


@pytest.fixture
def campaign(emulator: Emulator) -> tuple[str, str]:
    """A campaign of its own and its one node."""
    campaign_id, nodes = emulator.new_campaign(nodes=1)
    return campaign_id, nodes[0]


@pytest.fixture
def make_lab(client: Puffle, campaign: tuple[str, str]) -> Iterator[Callable[..., PromptLab]]:
    """`make_lab(**options)`: a lab on the test's campaign, closed at the end."""
    made: list[PromptLab] = []

    def make(**options: Any) -> PromptLab:
        options = {"client": client, "leads": LEADS, "available_var_names": VAR_NAMES, **options}
        lab = PromptLab(*campaign, **options)
        made.append(lab)
        return lab

    yield make
    for lab in made:
        lab.close()


@pytest.fixture
async def loop_errors() -> AsyncIterator[list[dict[str, Any]]]:
    """Whatever reaches the event loop's exception handler; tests end with it empty."""
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    yield errors
    loop.set_exception_handler(previous)
    assert errors == []
