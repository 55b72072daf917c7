"""Issue 8, defect 1: the finished snapshot arrives before the answer to the widget's own
POST /turn (the poller was already running, e.g. after a failed first load). The widget must
not stay busy for ever: the next answer, though equal to what the poller cached, ends it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from puffle_widgets import AsyncPuffle, SessionWidget
from puffle_widgets.emulator import Emulator
from tests.conftest import FAST_POLL
from tests.widgets.conftest import browser_message

# A safety net, so the defect shows as a failure instead of a hang; never a timing.
GIVE_UP = 10.0


class TurnAnswerAfterTheReply(httpx.AsyncBaseTransport):
    """Holds the answer to POST /turn until a GET has brought back the finished turn."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.finished_seen = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        body = await response.aread()
        if request.method == "POST" and request.url.path.endswith("/turn"):
            await asyncio.wait_for(self.finished_seen.wait(), GIVE_UP)
        elif request.method == "GET" and response.status_code == 200:
            data = json.loads(body).get("session") or {}
            if data.get("task_status") is None and len(data.get("messages") or []) >= 2:
                self.finished_seen.set()
        return httpx.Response(
            response.status_code, headers=response.headers, content=body, request=request
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest.fixture
async def held_client(emulator: Emulator) -> AsyncIterator[AsyncPuffle]:
    async with httpx.AsyncClient(transport=TurnAnswerAfterTheReply()) as http:
        yield AsyncPuffle(
            api_key=emulator.api_key,
            base_url=emulator.url,
            http_client=http,
            poll_interval=FAST_POLL,
        )


async def test_a_reply_seen_before_the_turn_is_accepted_does_not_leave_it_busy(
    held_client: AsyncPuffle, session_id: str, emulator: Emulator, loop_errors: object
) -> None:
    # The first load fails (it and its two retries), and so do the first polls: the widget is
    # reconnecting, its poller running, when the message goes out.
    emulator.faults.drop("getAiChatSession", times=5)
    w = SessionWidget(session_id, client=held_client)
    try:
        assert w.status == "reconnecting"
        browser_message(w, {"type": "send", "message": "hello", "id": "m1"})
        session = await w.wait(timeout=GIVE_UP)
        assert w.status == "idle"
        assert [m.role for m in session.transcript] == ["user", "assistant"]
        assert len(w.messages) == 2
        assert w.outbox == []
    finally:
        w.close()
