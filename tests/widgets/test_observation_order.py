"""Issue 8 risks: a snapshot is ordered by when this kernel asked for it, so a far-future
`updated_at` cannot freeze a widget; an answer about another session is never shown."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import httpx
import pytest

from puffle_widgets import AsyncPuffle, Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from tests.conftest import FAST_POLL
from tests.widgets.conftest import browser_message, make

OTHER_ID = "d1d1d1d1-1111-1111-1111-111111111111"
FAR_FUTURE = datetime(2999, 1, 1, tzinfo=UTC)


async def test_a_far_future_timestamp_does_not_freeze_the_widget(
    widgets: list[SessionWidget],
    client: Puffle,
    other_client: Puffle,
    drafted_id: str,
    emulator: Emulator,
) -> None:
    emulator.set_session(drafted_id, updated_at=FAR_FUTURE, title="From a broken clock")
    w = make(widgets, drafted_id, client)
    assert w.title == "From a broken clock"
    other_client.sessions.update(drafted_id, title="Renamed later")  # updated_at: now
    w.refresh()
    await w.wait()
    assert w.title == "Renamed later"
    assert w.session is not None and w.session.title == "Renamed later"


class AnswersAboutAnotherSession(httpx.AsyncBaseTransport):
    """Once `armed`, answers every GET of a session with another session's id in it."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.armed = False
        self.foreign = 0
        self.twice = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        content = await response.aread()
        if self.armed and request.method == "GET" and response.status_code == 200:
            data = json.loads(content)
            data["session"]["id"] = OTHER_ID
            data["session"]["title"] = "Someone else's session"
            content = json.dumps(data).encode()
            self.foreign += 1
            if self.foreign >= 2:  # the first one was fully taken in before the second began
                self.twice.set()
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(
            response.status_code, headers=headers, content=content, request=request
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest.fixture
def mixed_up() -> AnswersAboutAnotherSession:
    return AnswersAboutAnotherSession()


async def test_an_answer_about_another_session_is_not_shown(
    widgets: list[SessionWidget],
    mixed_up: AnswersAboutAnotherSession,
    session_id: str,
    emulator: Emulator,
) -> None:
    async with httpx.AsyncClient(transport=mixed_up) as http:
        client = AsyncPuffle(
            api_key=emulator.api_key,
            base_url=emulator.url,
            http_client=http,
            poll_interval=FAST_POLL,
        )
        w = SessionWidget(session_id, client=client)
        widgets.append(w)
        emulator.faults.stick(session_id)
        browser_message(w, {"type": "send", "message": "hello", "id": "m1"})
        mixed_up.armed = True
        await asyncio.wait_for(mixed_up.twice.wait(), 10)
        assert w.session is not None and w.session.id == session_id
        assert w.title != "Someone else's session"
        assert w.problem is not None
        assert w.problem["title"] == "Puffle answered with another session"
        assert OTHER_ID in w.problem["detail"]
        mixed_up.armed = False
        emulator.faults.unstick(session_id)
        await w.wait()
        w.close()
