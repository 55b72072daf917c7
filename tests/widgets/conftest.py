"""Widget tests without a browser: real widgets, the real client, the emulator over loopback.

The browser side is simulated by feeding ipywidgets the comm messages the front end sends.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from tests.conftest import FAST_POLL

LEADS = [
    {"first_name": "Sarah", "last_name": "Lee", "company": "Acme", "position": "VP of Sales"},
    {"first_name": "Tom", "company": "Globex"},
]


@pytest.fixture
def client(emulator: Emulator) -> Iterator[Puffle]:
    """A client on the emulator that polls quickly."""
    with Puffle(api_key=emulator.api_key, base_url=emulator.url, poll_interval=FAST_POLL) as c:
        yield c


@pytest.fixture
def other_client(client: Puffle) -> Iterator[Puffle]:
    """A second client on the same account: "someone else" changing the session."""
    with client.with_options() as c:
        yield c


@pytest.fixture
def session_id(client: Puffle, emulator: Emulator) -> str:
    """A fresh, empty session."""
    campaign_id, nodes = emulator.new_campaign(nodes=1)
    return client.sessions.create(campaign_id=campaign_id, node_id=nodes[0]).id


@pytest.fixture
def drafted_id(client: Puffle, session_id: str) -> str:
    """A session with a skeleton and a draft (two turns)."""
    client.sessions.turn(session_id, "Write an intro email for VPs of Sales")
    client.sessions.wait(session_id)
    client.sessions.turn(
        session_id,
        "Sender is Sid; angle: time-to-ROI",
        available_var_names=["first_name", "company"],
    )
    client.sessions.wait(session_id)
    return session_id


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


@pytest.fixture
async def widgets(loop_errors: list[dict[str, Any]]) -> AsyncIterator[list[SessionWidget]]:
    """Collects widgets made in a test and closes them at the end."""
    made: list[SessionWidget] = []
    yield made
    for widget in made:
        widget.close()
    await drain()


def make(
    widgets: list[SessionWidget], session: Any, client: Puffle, **kwargs: Any
) -> SessionWidget:
    """A SessionWidget that the `widgets` fixture will close."""
    widget = SessionWidget(session, client=client, **kwargs)
    widgets.append(widget)
    return widget


def browser_message(widget: SessionWidget, content: dict[str, Any]) -> None:
    """Deliver a custom message as the front end's `model.send(content)` would."""
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


async def drain() -> None:
    """Let the loop run every callback scheduled so far (FIFO), without a timed sleep."""
    loop = asyncio.get_running_loop()
    for _ in range(3):
        done = loop.create_future()
        loop.call_soon(done.set_result, None)
        await done


async def finished(widget: SessionWidget) -> None:
    """Wait for every background task the widget started so far."""
    await drain()
    while widget._tasks:
        await asyncio.gather(*list(widget._tasks), return_exceptions=True)
        await drain()


class RecordingComm:
    """Stands in for the kernel comm and records what the widget sends to the front end."""

    comm_id = "recording"
    kernel = object()  # ipywidgets sends only when the comm has a kernel

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send(self, data: dict[str, Any], buffers: Any = None, **_: Any) -> None:
        self.sent.append(data)

    def close(self, *_: Any, **__: Any) -> None:
        return None

    def on_msg(self, *_: Any) -> None:
        return None

    def on_close(self, *_: Any) -> None:
        return None

    def updates(self) -> list[dict[str, Any]]:
        return [m["state"] for m in self.sent if m.get("method") == "update"]


# A safety net so a broken widget fails a test instead of hanging it; never a timing.
GIVE_UP = 10.0


async def until(
    widget: Any, names: str | list[str], predicate: Any, timeout: float = GIVE_UP
) -> None:
    """Return once `predicate()` holds, checked whenever one of the traits `names` changes."""
    event = asyncio.Event()

    def check(_change: object = None) -> None:
        if predicate():
            event.set()

    widget.observe(check, names=names)
    try:
        check()
        await asyncio.wait_for(event.wait(), timeout)
    finally:
        widget.unobserve(check, names=names)
