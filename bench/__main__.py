"""Run every benchmark against a local emulator and write bench/RESULTS.md.

Each result is a ratio between two ways of doing the same work on the same machine, so the
numbers mean the same on a laptop and on CI. Tests never assert timings; this file records them.
"""

from __future__ import annotations

import asyncio
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from puffle_widgets import Puffle, Session, SessionWidget
from puffle_widgets.client import PollSchedule
from puffle_widgets.emulator import Emulator
from puffle_widgets.render import session_html
from puffle_widgets.widgets.session.traits import STATE_KEYS

RESULTS = Path(__file__).with_name("RESULTS.md")
FAST = PollSchedule(0.05, 0.2, 1.5)


class CountingComm:
    """Counts the messages a widget sends to its front end."""

    comm_id = "bench"
    kernel = object()

    def __init__(self) -> None:
        self.messages = 0

    def send(self, *_: Any, **__: Any) -> None:
        self.messages += 1

    def on_msg(self, *_: Any) -> None:
        return None

    def close(self, *_: Any, **__: Any) -> None:
        return None


def best_of(fn: Callable[[], object], repeat: int = 7, number: int = 20) -> float:
    """Median seconds per call of `fn` over `repeat` rounds of `number` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def client_overhead(emu: Emulator, session_id: str) -> dict[str, Any]:
    """GET through the typed client (validation, retries, models) vs raw httpx."""
    headers = {"Authorization": f"Bearer {emu.api_key}"}
    url = f"{emu.url}/api/campaigns/ai-chat-sessions/{session_id}"
    with httpx.Client() as raw, Puffle(api_key=emu.api_key, base_url=emu.url) as client:
        raw_time = best_of(lambda: raw.get(url, headers=headers).json())
        typed = best_of(lambda: client.sessions.get(session_id))
    return {
        "name": "Typed client GET vs raw httpx GET + json()",
        "ratio": typed / raw_time,
        "detail": f"{typed * 1e3:.2f} ms vs {raw_time * 1e3:.2f} ms per request",
    }


def coalescing(emu: Emulator, session_id: str, client: Puffle) -> dict[str, Any]:
    """Messages to the front end for one snapshot: one hold_sync vs one per changed trait."""

    async def run() -> tuple[int, int]:
        widget = SessionWidget(session_id, client=client)
        counting = CountingComm()
        widget.comm = counting
        other = emu.get_session(session_id)
        fresh = Session.model_validate(
            {
                **other,
                "title": "T2",
                "draft_subject": "S2",
                "draft_body": "B2",
                "framework_version": 99,
            }
        )
        widget._state.apply_snapshot(fresh)
        held = counting.messages
        counting.messages = 0
        for key in ("title", "draft_subject", "draft_body", "framework_version", "baseline"):
            widget.send_state(key=key)
        widget.close()
        return held, counting.messages

    held, loose = asyncio.run(run())
    return {
        "name": "Front-end messages per snapshot: one hold_sync vs trait by trait",
        "ratio": held / loose,
        "detail": f"{held} message vs {loose} messages (5 changed traits)",
    }


def shared_poll(emu: Emulator, session_id: str, client: Puffle, widgets: int = 5) -> dict[str, Any]:
    """GETs while N widgets watch one busy session: shared poll vs N clients' own waits."""

    async def with_widgets() -> int:
        made = [SessionWidget(session_id, client=client) for _ in range(widgets)]
        emu.faults.stick(session_id)
        start = len(emu.requests)
        made[0].send("bench")
        for _ in range(10):
            await asyncio.sleep(FAST.maximum)
        emu.faults.unstick(session_id)
        await made[0].wait()
        gets = sum(r.operation_id == "getAiChatSession" for r in emu.requests[start:])
        for w in made:
            w.close()
        return gets

    async def separate() -> int:
        emu.faults.stick(session_id)
        client.sessions.turn(session_id, "bench")
        start = len(emu.requests)
        aclient = client.as_async()

        async def unstick_later() -> None:
            await asyncio.sleep(10 * FAST.maximum)
            emu.faults.unstick(session_id)

        waits = [aclient.sessions.wait(session_id) for _ in range(widgets)]
        await asyncio.gather(unstick_later(), *waits)
        await aclient.close()
        return sum(r.operation_id == "getAiChatSession" for r in emu.requests[start:])

    shared = asyncio.run(with_widgets())
    apart = asyncio.run(separate())
    return {
        "name": f"GETs while {widgets} widgets watch one busy session: shared vs separate polls",
        "ratio": shared / apart,
        "detail": f"{shared} vs {apart} requests over the same busy period",
    }


def idle_cost(emu: Emulator, session_id: str, client: Puffle) -> dict[str, Any]:
    """Requests an idle widget makes while the kernel sits idle (should be none)."""

    async def run() -> int:
        widget = SessionWidget(session_id, client=client)
        start = len(emu.requests)
        await asyncio.sleep(1.0)
        widget.close()
        return len(emu.requests) - start

    made = asyncio.run(run())
    return {
        "name": "Requests from an idle widget in 1 s, relative to one poll interval's worth",
        "ratio": made / max(1, round(1.0 / FAST.initial)),
        "detail": f"{made} requests (a busy widget would make about {round(1.0 / FAST.initial)})",
    }


def render_cost(session: Session) -> dict[str, Any]:
    """Static HTML of a long session (the demo transcript x100) vs serialising it to JSON."""
    big = session.model_copy(update={"messages": session.transcript * 100})
    html_time = best_of(lambda: session_html(big), repeat=5, number=5)
    json_time = best_of(lambda: big.model_dump_json(), repeat=5, number=5)
    return {
        "name": f"Static HTML of a {len(big.transcript)}-message session vs its JSON dump",
        "ratio": html_time / json_time,
        "detail": f"{html_time * 1e3:.1f} ms vs {json_time * 1e3:.2f} ms",
    }


def main() -> None:
    """Run the benchmarks and write the results table."""
    with Emulator(latency=0.3, demo=True) as emu:
        session_id = emu.demo_session_ids["drafted"]
        with Puffle(api_key=emu.api_key, base_url=emu.url, poll_interval=FAST) as client:
            results = [
                client_overhead(emu, session_id),
                coalescing(emu, session_id, client),
                shared_poll(emu, session_id, client),
                idle_cost(emu, session_id, client),
                render_cost(client.sessions.get(session_id)),
            ]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python "
        f"{platform.python_version()}, {platform.machine()}. Lower ratios are better except "
        "where noted; each compares two ways of doing the same work on the same machine.",
        "",
        "| measure | ratio | detail |",
        "|---|---|---|",
        *(f"| {r['name']} | {r['ratio']:.2f} | {r['detail']} |" for r in results),
        "",
        f"Traits re-sent after a background change: {len(STATE_KEYS)} (the front-end code is "
        "never re-sent).",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
