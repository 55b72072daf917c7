"""Fixtures shared by every suite: a fast emulator on loopback and a quick poll schedule."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from puffle_widgets.client import PollSchedule
from puffle_widgets.emulator import Emulator

# Local polls can be quick; the documented 2-5 s cadence is tested on PollSchedule itself.
FAST_POLL = PollSchedule(0.02, 0.1, 2.0)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A running emulator whose tasks take 0.05 s; it must end without job errors."""
    with Emulator(latency=0.05) as emu:
        yield emu
        assert emu.job_errors == []
