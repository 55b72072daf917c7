"""Kernel CPU of a changed poll tick, against `json.loads` of the same body (issue 10, target:
at most 3x, at 1,000 and 5,000 messages), and of bringing the static snapshot up to date.

    .venv/bin/python tools/measure_tick.py [SIZES...]   # default: 1000 5000

A measurement, not a test (timings are never asserted). In-process and offline: a widget shows
a session of N unique messages on a running loop (as in a kernel) with a comm that only counts
bytes; each tick appends one message to the body, parses it as the client does (not counted),
then times `json.loads(body)` and applying the snapshot (`process_time`, median of the ticks).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.models import Session
from puffle_widgets.widgets import display

TICKS = 15
WORDS = [
    "pipeline",
    "quarter",
    "revenue",
    "onboarding",
    "churn",
    "renewal",
    "forecast",
    "outreach",
    "cadence",
]


class CountingComm:
    """Stands in for the kernel's comm: counts what would go to the front end."""

    comm_id = "measure"
    kernel = object()

    def __init__(self) -> None:
        self.bytes = 0

    def send(self, data: dict[str, Any], buffers: Any = None, **_: Any) -> None:
        self.bytes += len(json.dumps(data))

    def close(self, *_: Any, **__: Any) -> None:
        return None

    def on_msg(self, *_: Any) -> None:
        return None


def message(i: int) -> dict[str, str]:
    words = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(40))
    return {
        "role": ("user", "assistant")[i % 2],
        "content": f"Message {i}: **{words}**\n\n- point {i}\n- point {i * 3}",
    }


def body(size: int, later: int) -> bytes:
    start = datetime(2026, 4, 22, 10, 0, tzinfo=UTC)
    session = {
        "id": "d1d1d1d1-1111-4111-8111-111111111111",
        "user_id": "user-1",
        "campaign_id": "8c2b2d4e-e29b-41d4-a716-446655440000",
        "node_id": "bbbb1111-1111-4111-8111-111111111111",
        "title": "Measured",
        "messages": [message(i) for i in range(size)],
        "created_at": start.isoformat(),
        "updated_at": (start + timedelta(seconds=later)).isoformat(),
    }
    return json.dumps(session).encode()


def ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


async def measure(size: int) -> None:
    sent: list[int] = []
    display._display = lambda data, **_: None
    display._update_display = lambda data, **_: sent.append(len(data["text/html"]))
    client = Puffle(api_key="measure-key", base_url="http://127.0.0.1:9")  # never contacted
    widget = SessionWidget.from_session(Session.model_validate_json(body(size, 0)), client=client)
    comm = CountingComm()
    widget.comm = comm
    widget._fallback.show()
    loads, apply, tick_bytes = [], [], []
    for tick in range(1, TICKS + 1):
        raw = body(size + tick, tick)
        session = Session.model_validate_json(raw)  # the poll's parsing, not counted
        t0 = time.process_time()
        json.loads(raw)
        t1 = time.process_time()
        before = comm.bytes
        widget._publish(session)
        t2 = time.process_time()
        loads.append(t1 - t0)
        apply.append(t2 - t1)
        tick_bytes.append(comm.bytes - before)
    t0 = time.process_time()
    widget._fallback.bring_up_to_date()  # what coming to rest costs, once
    rest = time.process_time() - t0
    print(
        f"{size:>6} messages: json.loads {ms(loads):6.2f} ms | apply {ms(apply):6.2f} ms "
        f"({ms(apply) / ms(loads):.2f}x) | comm bytes per tick {statistics.median(tick_bytes):.0f}"
        f" | snapshot at rest {rest * 1000:.1f} ms, {sent[-1] if sent else 0} B"
    )
    widget.close()
    client.close()


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1000, 5000]
    for size in sizes:
        asyncio.run(measure(size))


if __name__ == "__main__":
    main()
