"""Shared fixtures: a fast emulator and an httpx client authenticated on it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from puffle_widgets.emulator import Emulator
from tests.emulator.helpers import client_for, create


@pytest.fixture
def client(emulator: Emulator) -> Iterator[httpx.Client]:
    """httpx on the emulator with its key."""
    with client_for(emulator) as http:
        yield http


@pytest.fixture
def session_id(emulator: Emulator, client: httpx.Client) -> str:
    """A fresh session on a new campaign of the emulator's user."""
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    return str(create(client, campaign_id, node_ids[0])["id"])
