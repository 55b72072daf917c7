"""The emulator a notebook starts with `%puffle_emulator`, and the client pointed at it."""

from __future__ import annotations

import os

from puffle_widgets.client import PollSchedule, Puffle, set_default_client
from puffle_widgets.emulator import Emulator

# The emulator is local and quick, so polls may be too; the real API asks for 2-5 s.
EMULATOR_POLL = PollSchedule(0.5, 2.0, 1.5)

_running: Emulator | None = None


def start_emulator(*, latency: float = 1.0, port: int = 0, demo: bool = True) -> Emulator:
    """Start (or reuse) the kernel's emulator and make it the default for widgets and clients."""
    global _running
    if _running is None or not _running.running:
        _running = Emulator(latency=latency, port=port, demo=demo).start()
    else:
        _running.latency = latency
    emu = _running
    os.environ.update(emu.env())
    set_default_client(Puffle(api_key=emu.api_key, base_url=emu.url, poll_interval=EMULATOR_POLL))
    where = f" · demo campaign {emu.demo_campaign_id}" if emu.demo_campaign_id else ""
    print(f"Puffle emulator at {emu.url}{where}. Widgets, magics and Puffle() now use it.")
    return emu


def running_emulator() -> Emulator | None:
    """The emulator `%puffle_emulator` started in this kernel, if any."""
    return _running
