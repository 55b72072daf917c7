"""Fixtures shared by every suite: a fast emulator on loopback and a quick poll schedule."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator

import pytest

from puffle_widgets.client import PollSchedule
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import LiveSettings, configure

# Debian's chromium, as the browser-test recipe launches it: no sandbox as root, and nothing
# that reaches for the network (this machine has none but the package registries).
CHROMIUM = os.environ.get("PUFFLE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Local polls can be quick; the documented 2-5 s cadence is tested on PollSchedule itself.
FAST_POLL = PollSchedule(0.02, 0.1, 2.0)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A running emulator whose tasks take 0.05 s; it must end without job errors."""
    with Emulator(latency=0.05) as emu:
        yield emu
        assert emu.job_errors == []


@pytest.fixture(autouse=True)
def _live_settings() -> Iterator[None]:
    """Polls as quick as FAST_POLL asks (a budget no test reaches); the defaults come back after
    each test. Tests of the budget itself set their own."""
    configure(budget_per_minute=1_000_000, busy_interval=FAST_POLL.initial)
    yield
    configure(**dataclasses.asdict(LiveSettings()))
