"""Fixtures shared by every suite: a fast emulator on loopback and a quick poll schedule; each
test's phase reports kept on it, so fixtures can tell whether it failed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from puffle_widgets.client import PollSchedule
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import LiveSettings, configure

# Local polls can be quick; the documented 2-5 s cadence is tested on PollSchedule itself.
FAST_POLL = PollSchedule(0.02, 0.1, 2.0)

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


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


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def failed(node: pytest.Item) -> bool:
    """Whether any phase of `node` has failed so far."""
    return any(r.failed for r in node.stash.get(_REPORTS, {}).values())
