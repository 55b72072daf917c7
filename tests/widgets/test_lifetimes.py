"""Widget lifetimes: a closed widget is freed, and a widget that could not be made leaves
nothing behind (no comm, no poller, no registration)."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from puffle_widgets import CampaignWidget, Puffle, SessionWidget
from puffle_widgets.client import pools
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import active_pollers
from tests.widgets.conftest import drain


async def gone(ref: weakref.ref[Any]) -> bool:
    """True once nothing holds the object `ref` points to."""
    await drain()
    gc.collect()
    return ref() is None


async def test_a_closed_session_widget_is_freed(client: Puffle, drafted_id: str) -> None:
    w = SessionWidget(drafted_id, client=client)
    assert w.session is not None
    ref = weakref.ref(w)
    w.close()
    del w
    assert await gone(ref)


async def test_a_closed_busy_session_widget_is_freed(client: Puffle, session_id: str) -> None:
    w = SessionWidget(session_id, client=client)
    w.send("Write an intro email")
    ref = weakref.ref(w)
    w.close()
    del w
    assert await gone(ref)
    assert active_pollers() == []


async def test_a_closed_campaign_widget_and_its_opened_sessions_are_freed(
    client: Puffle, emulator: Emulator
) -> None:
    campaign_id, nodes = emulator.new_campaign(nodes=2)
    ids = [client.sessions.create(campaign_id=campaign_id, node_id=n).id for n in nodes]
    w = CampaignWidget(campaign_id, client=client)
    detail = w.select(ids[0])
    assert detail is not None
    refs = [weakref.ref(w), weakref.ref(detail)]
    w.close()
    del w, detail
    for ref in refs:
        assert await gone(ref)


MakeError = Callable[[], BaseException]
FOREIGN_ERRORS = pytest.mark.parametrize(
    "error",
    [lambda: httpx.InvalidURL("no host"), lambda: ValueError("bad value"), KeyboardInterrupt],
    ids=["InvalidURL", "ValueError", "KeyboardInterrupt"],
)


def recording(monkeypatch: pytest.MonkeyPatch, cls: type[Any]) -> list[Any]:
    """Every `cls` constructed from now on (kept weakly), to see whether it is freed."""
    made: list[weakref.ref[Any]] = []
    original: Callable[..., None] = cls.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        made.append(weakref.ref(self))
        original(self, *args, **kwargs)

    monkeypatch.setattr(cls, "__init__", init)
    return made


def failing_with(error: MakeError) -> Callable[..., Any]:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise error()

    return fail


@FOREIGN_ERRORS
async def test_a_session_widget_whose_first_fetch_fails_with_a_foreign_error_is_freed(
    client: Puffle, drafted_id: str, monkeypatch: pytest.MonkeyPatch, error: MakeError
) -> None:
    made = recording(monkeypatch, SessionWidget)
    monkeypatch.setattr(type(client.sessions), "get", failing_with(error))
    with pytest.raises(type(error())) as raised:
        SessionWidget(drafted_id, client=client)
    del raised  # its traceback holds the half-made widget
    assert active_pollers() == []  # no poller registration left
    assert len(made) == 1
    assert await gone(made[0])  # nor a comm (ipywidgets keeps open ones)


@FOREIGN_ERRORS
async def test_a_campaign_widget_whose_first_list_fails_with_a_foreign_error_is_freed(
    client: Puffle, emulator: Emulator, monkeypatch: pytest.MonkeyPatch, error: MakeError
) -> None:
    campaign_id, _nodes = emulator.new_campaign(nodes=1)
    made = recording(monkeypatch, CampaignWidget)
    monkeypatch.setattr(type(client.sessions), "list", failing_with(error))
    with pytest.raises(type(error())) as raised:
        CampaignWidget(campaign_id, client=client)
    del raised  # its traceback holds the half-made widget
    assert len(made) == 1
    assert await gone(made[0])


async def test_a_session_widget_given_a_bad_client_leaves_no_comm(
    drafted_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = recording(monkeypatch, SessionWidget)
    with pytest.raises(TypeError, match="client must be") as raised:
        SessionWidget(drafted_id, client="not a client")  # type: ignore[arg-type]
    del raised  # its traceback holds the half-made widget
    assert len(made) == 1
    assert await gone(made[0])


async def test_a_closed_campaign_widget_gives_back_every_connection_pool_lease(
    client: Puffle, emulator: Emulator
) -> None:
    """Its poller's client copy was never closed: the account's async pool kept a lease until
    garbage collection, so it never closed, and its keep-alive sockets stayed open (the soak's
    leftover fds). The widget is kept referenced here, so only close() can give leases back."""
    campaign_id, nodes = emulator.new_campaign(nodes=1)
    client.sessions.create(campaign_id=campaign_id, node_id=nodes[0])
    w = CampaignWidget(campaign_id, client=client)
    since = len(emulator.requests)
    w.refresh()  # the poller lists the campaign with its own client
    await asyncio.to_thread(emulator.wait_for_request, "listAiChatSessions", since=since)
    await w.wait(10)
    key = w._async._transport.pool_key
    w.close()
    await drain()  # the closes handed to the loop give their leases back when they start
    assert key not in pools._registry.async_.get(asyncio.get_running_loop(), {})
