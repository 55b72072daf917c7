"""Issue 8, defect 2, and issue 11.3: a turn whose answer was lost is checked (polling, fast
then slower) until the transcript shows it or a bounded window passes, and the widget says
which. Nothing is sent again before the check is over; Retry sends a message not received
exactly once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from puffle_widgets import APIConnectionError, AsyncPuffle, Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import configure
from tests.conftest import FAST_POLL
from tests.widgets.conftest import browser_message, drain, make

TURN = "runAiChatTurn"


class LateTurns(httpx.AsyncBaseTransport):
    """Loses the answer to each POST /turn at once, and delivers the request itself only after
    a GET has shown the session without it: the server takes the turn after the client gave
    up on it."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._idle_seen = asyncio.Event()
        self.late: list[asyncio.Task[None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/turn"):
            body = await request.aread()
            self._idle_seen.clear()
            self.late.append(asyncio.ensure_future(self._deliver(request, body)))
            raise httpx.ReadTimeout("the answer was lost", request=request)
        response = await self._inner.handle_async_request(request)
        content = await response.aread()
        if request.method == "GET" and response.status_code == 200:
            data = json.loads(content).get("session") or {}
            if data.get("task_status") is None:
                self._idle_seen.set()
        return httpx.Response(
            response.status_code, headers=response.headers, content=content, request=request
        )

    async def _deliver(self, request: httpx.Request, body: bytes) -> None:
        await self._idle_seen.wait()
        late = httpx.Request(request.method, request.url, headers=request.headers, content=body)
        response = await self._inner.handle_async_request(late)
        await response.aread()

    async def aclose(self) -> None:
        await asyncio.gather(*self.late, return_exceptions=True)
        await self._inner.aclose()


@pytest.fixture
async def late_client(emulator: Emulator) -> AsyncIterator[AsyncPuffle]:
    """A client whose turns reach the server only after their answer was lost."""
    async with httpx.AsyncClient(transport=LateTurns()) as http:
        yield AsyncPuffle(
            api_key=emulator.api_key,
            base_url=emulator.url,
            http_client=http,
            poll_interval=FAST_POLL,
        )


def posted(emulator: Emulator) -> list[str]:
    """The messages of every POST /turn that reached the emulator's handler or a fault."""
    return [r.body["message"] for r in emulator.requests if r.operation_id == TURN]


async def test_a_turn_claimed_after_its_answer_was_lost_is_shown(
    widgets: list[SessionWidget], late_client: AsyncPuffle, session_id: str, emulator: Emulator
) -> None:
    """The server takes the turn only after the client gave up on its answer: the first check
    sees the session idle without the message; the widget keeps checking and shows the turn
    (it used to stop there: 2 messages on the server, none in the widget)."""
    w = SessionWidget(session_id, client=late_client)
    widgets.append(w)
    browser_message(w, {"type": "send", "message": "hello", "id": "m1"})
    session = await w.wait(timeout=30)
    assert [m.role for m in session.transcript] == ["user", "assistant"]
    assert len(w.messages) == 2
    assert w.notice == "Your message reached Puffle."
    assert w.outbox == []
    assert posted(emulator) == ["hello"]  # never sent twice


async def test_a_turn_never_received_is_marked_not_sent_and_retried_once(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    configure(lost_window=0.3)
    w = make(widgets, session_id, client)
    emulator.faults.drop(TURN)  # lost before the server saw it
    browser_message(w, {"type": "send", "message": "hello", "id": "m1"})
    with pytest.raises(APIConnectionError):
        await w.wait()
    [entry] = w.outbox
    assert (entry["id"], entry["text"], entry["state"]) == ("m1", "hello", "failed")
    assert entry["error"]["title"] == "Not received"
    assert w.problem is not None and w.problem["retryable"]
    assert w.messages == []
    # The fault is gone: Retry sends it, once.
    browser_message(w, {"type": "retry", "id": "m1"})
    session = await w.wait()
    assert [m.content for m in session.transcript if m.role == "user"] == ["hello"]
    assert w.outbox == []
    assert posted(emulator) == ["hello", "hello"]  # the lost one, and the retry


async def test_nothing_goes_out_while_a_lost_answer_is_checked(
    widgets: list[SessionWidget], late_client: AsyncPuffle, session_id: str, emulator: Emulator
) -> None:
    w = SessionWidget(session_id, client=late_client)
    widgets.append(w)
    browser_message(w, {"type": "send", "message": "first", "id": "m1"})
    await drain()
    second = w.send("second")
    await w.wait(timeout=30)
    users = [m["content"] for m in w.messages if m["role"] == "user"]
    assert users == ["first", "second"]
    assert posted(emulator) == ["first", "second"]
    statuses = [r.status for r in emulator.requests if r.operation_id == TURN]
    assert 409 not in statuses
    assert second not in [e["id"] for e in w.outbox]


async def test_cancel_drops_a_queued_message_and_edit_needs_nothing_from_the_kernel(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    w = make(widgets, session_id, client)
    emulator.faults.stick(session_id)
    w.send("running", wait=True)
    queued = w.send("not this one")
    await drain()
    assert [e["state"] for e in w.outbox if e["id"] == queued] == ["queued"]
    browser_message(w, {"type": "cancel", "id": queued})
    await drain()
    assert queued not in [e["id"] for e in w.outbox]
    emulator.faults.unstick(session_id)
    await w.wait()
    assert posted(emulator) == ["running"]
