"""Issue 11.1, kernel side: an idle widget re-reads its session while a view of it is on
screen, rarely while all its views are hidden, never while nothing displays it, and at once
when a view comes into view. Views also learn that the widget is alive (ping, pong)."""

from __future__ import annotations

import asyncio
from typing import Any

from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import configure
from tests.widgets.conftest import GIVE_UP, RecordingComm, browser_message, drain, make, until

GET = "getAiChatSession"


def shown(widget: SessionWidget, visible: bool, view: str = "v1", **extra: Any) -> None:
    browser_message(widget, {"type": "visibility", "view": view, "visible": visible, **extra})


def gets_of(emulator: Emulator, session_id: str, since: int = 0) -> int:
    return sum(
        r.operation_id == GET and r.session_id == session_id for r in emulator.requests[since:]
    )


async def wait_gets(emulator: Emulator, session_id: str, count: int, since: int) -> None:
    """Return once `count` GETs of `session_id` were made after index `since`."""
    seen = [0]

    def enough(record: Any) -> bool:
        if record.operation_id == GET and record.session_id == session_id:
            seen[0] += 1
        return seen[0] >= count

    await asyncio.to_thread(emulator.wait_for_request, enough, GIVE_UP * 3, since=since)


async def test_a_change_made_elsewhere_shows_while_a_view_is_visible(
    widgets: list[SessionWidget], client: Puffle, other_client: Puffle, drafted_id: str
) -> None:
    configure(idle_visible=0.05)
    w = make(widgets, drafted_id, client)
    shown(w, True)
    other_client.sessions.update(drafted_id, title="Renamed in the Puffle app")
    other_client.sessions.turn(drafted_id, "Make it shorter")  # a turn started elsewhere
    await until(w, "messages", lambda: len(w.messages) == 6)
    assert w.title == "Renamed in the Puffle app"
    assert w.checked_at is not None


async def test_idle_polling_follows_the_views(
    widgets: list[SessionWidget], client: Puffle, emulator: Emulator
) -> None:
    configure(idle_visible=0.05, idle_hidden=0.5)
    campaign_id, nodes = emulator.new_campaign(nodes=3)
    ids = [client.sessions.create(campaign_id=campaign_id, node_id=n).id for n in nodes]
    watched, hidden, undisplayed = (make(widgets, i, client) for i in ids)
    shown(watched, True)
    shown(hidden, False)
    since = len(emulator.requests)
    await wait_gets(emulator, watched.session_id, 20, since)
    assert gets_of(emulator, hidden.session_id, since) <= 20 // 10 + 1
    assert gets_of(emulator, undisplayed.session_id, since) == 0
    # A view coming into view reads at once; once it is gone, nothing more.
    before = len(emulator.requests)
    shown(undisplayed, True, view="late")
    await wait_gets(emulator, undisplayed.session_id, 1, before)
    shown(undisplayed, False, view="late", gone=True)
    shown(watched, False, gone=True)
    await drain()
    assert undisplayed._state.presence() == "none"
    assert watched._state.presence() == "none"


async def test_a_ping_is_answered_from_the_loop(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    comm = RecordingComm()
    w.comm = comm
    browser_message(w, {"type": "ping", "nonce": "n-1"})
    await drain()
    pongs = [m for m in comm.sent if m.get("method") == "custom"]
    assert pongs == [{"method": "custom", "content": {"type": "pong", "nonce": "n-1"}}]
