"""CampaignWidget: rows from the list endpoint, live while busy, a selected row opens below."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import traitlets

from puffle_widgets import AuthenticationError, CampaignWidget, Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import configure
from puffle_widgets.widgets import campaign_details
from puffle_widgets.widgets.assets import asset_text
from tests.widgets.conftest import RecordingComm, drain, until


@pytest.fixture
def campaign(client: Puffle, emulator: Emulator) -> tuple[str, list[str]]:
    """A campaign with three sessions, one of them drafted."""
    campaign_id, nodes = emulator.new_campaign(nodes=3)
    ids = [client.sessions.create(campaign_id=campaign_id, node_id=n).id for n in nodes]
    client.sessions.turn(ids[1], "Write an intro email")
    client.sessions.wait(ids[1])
    return campaign_id, ids


@pytest.fixture
async def open_table(
    loop_errors: object, client: Puffle, campaign: tuple[str, list[str]]
) -> AsyncIterator[Callable[..., CampaignWidget]]:
    """`open_table(**options)`: a CampaignWidget of `campaign`, closed after the test."""
    made: list[CampaignWidget] = []

    def open_(**options: Any) -> CampaignWidget:
        widget = CampaignWidget(campaign[0], client=client, **options)
        made.append(widget)
        return widget

    yield open_
    for widget in made:
        widget.close()
    await drain()


def select_in_browser(widget: CampaignWidget, session_id: str) -> None:
    """The front end's row click: an update of the widget's `selected` trait."""
    widget._handle_msg(
        {
            "content": {"data": {"method": "update", "state": {"selected": session_id}}},
            "buffers": [],
        }
    )


async def test_lists_every_session_as_a_row(
    open_table: Callable[..., CampaignWidget], campaign: tuple[str, list[str]]
) -> None:
    ids = campaign[1]
    w = open_table()
    assert [row["id"] for row in w.rows] == ids
    assert w.status == "idle"
    assert w.rows[1]["title"] == "Write an intro email"
    assert set(w.rows[0]) == {
        "id",
        "title",
        "node_id",
        "task_status",
        "framework_version",
        "draft_subject",
        "updated_at",
    }
    assert w.detail is None


async def test_live_status_while_any_session_is_busy(
    open_table: Callable[..., CampaignWidget],
    client: Puffle,
    campaign: tuple[str, list[str]],
    emulator: Emulator,
) -> None:
    ids = campaign[1]
    emulator.faults.stick(ids[0])
    client.sessions.turn(ids[0], "hello")
    w = open_table()
    assert w.status == "busy"
    assert w.rows[0]["task_status"] == "chat_processing"
    emulator.faults.unstick(ids[0])
    sessions = await w.wait()
    assert not any(s.is_busy for s in sessions)
    assert w.status == "idle"
    assert w.rows[0]["task_status"] is None


async def test_selecting_a_row_opens_the_session_below_without_a_fetch(
    open_table: Callable[..., CampaignWidget],
    campaign: tuple[str, list[str]],
    emulator: Emulator,
) -> None:
    ids = campaign[1]
    w = open_table(available_var_names=["company"])
    before = len(emulator.requests)
    select_in_browser(w, ids[1])
    await drain()
    assert w.detail is not None
    assert w.detail.session_id == ids[1]
    assert w.detail.available_var_names == ["company"]
    assert w.get_state(["detail"]) == {"detail": f"anywidget:{w.detail.model_id}"}
    assert len(emulator.requests) == before
    first = w.detail
    first.draft_body = "an edit not saved yet"
    select_in_browser(w, ids[2])
    await drain()
    assert w.detail is not None
    assert w.detail.session_id == ids[2]
    select_in_browser(w, ids[1])
    await drain()
    assert w.detail is first  # switching rows keeps the opened session and its edits
    assert first.dirty == {"draft_body": "an edit not saved yet"}
    w.select(None)
    assert w.detail is None
    with pytest.raises(ValueError, match="No session 'nope'"):
        w.select("nope")


async def test_a_turn_in_the_opened_session_updates_its_row(
    open_table: Callable[..., CampaignWidget], campaign: tuple[str, list[str]]
) -> None:
    ids = campaign[1]
    w = open_table()
    detail = w.select(ids[0])
    assert detail is not None
    detail.send("A fresh start", wait=True)  # accepted: the row shows it at once
    assert w.rows[0]["task_status"] == "chat_processing"
    await w.wait()  # the campaign waits for the opened session's task too
    row = w.rows[0]
    assert row["title"] == "A fresh start"
    assert row["task_status"] is None
    assert w.status == "idle"


def test_bad_arguments_are_refused(client: Puffle) -> None:
    with pytest.raises(ValueError, match="campaign_id 'x'"):
        CampaignWidget("x", client=client)
    with pytest.raises(TypeError, match="'colour'"):
        CampaignWidget("3c90c3cc-0d44-4b50-8888-8dd25736052a", client=client, colour="red")


async def test_wait_raises_what_stopped_the_poll(
    open_table: Callable[..., CampaignWidget],
    client: Puffle,
    campaign: tuple[str, list[str]],
    emulator: Emulator,
) -> None:
    ids = campaign[1]
    emulator.faults.stick(ids[0])
    client.sessions.turn(ids[0], "hello")
    w = open_table()
    emulator.faults.status("listAiChatSessions", 401, times=5)
    with pytest.raises(AuthenticationError):
        await w.wait()
    assert w.status == "error"
    assert "401" in w.error
    emulator.faults.clear()
    emulator.faults.unstick(ids[0])


async def test_unreachable_at_first_shows_reconnecting_then_lists(
    open_table: Callable[..., CampaignWidget],
    campaign: tuple[str, list[str]],
    emulator: Emulator,
) -> None:
    ids = campaign[1]
    emulator.faults.drop("listAiChatSessions", times=4)
    w = open_table()
    assert w.status == "reconnecting"
    assert [s.id for s in await w.wait()] == ids
    assert w.status == "idle"


def view_message(widget: CampaignWidget, content: dict[str, object]) -> None:
    """A custom message from the widget's front end."""
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


async def test_a_save_through_the_opened_session_shows_in_its_row_at_once(
    open_table: Callable[..., CampaignWidget],
    campaign: tuple[str, list[str]],
    emulator: Emulator,
) -> None:
    ids = campaign[1]
    w = open_table()
    detail = w.select(ids[1])
    assert detail is not None
    detail.draft_subject = "Saved from the session widget"
    before = len(emulator.requests)
    detail.save(wait=True)
    assert w.rows[1]["draft_subject"] == "Saved from the session widget"
    ops = [r.operation_id for r in emulator.requests[before:]]
    assert "listAiChatSessions" not in ops  # no list needed: the save's answer did it


async def test_a_visible_table_shows_changes_made_elsewhere(
    open_table: Callable[..., CampaignWidget],
    other_client: Puffle,
    campaign: tuple[str, list[str]],
) -> None:
    configure(idle_visible=0.05)
    ids = campaign[1]
    w = open_table()
    first_check = w.checked_at
    assert first_check is not None
    view_message(w, {"type": "visibility", "view": "t1", "visible": True})
    other_client.sessions.update(ids[2], title="Renamed elsewhere")
    await until(w, "rows", lambda: w.rows[2]["title"] == "Renamed elsewhere")
    assert w.checked_at is not None and w.checked_at >= first_check


async def test_the_table_answers_refresh_and_ping(
    open_table: Callable[..., CampaignWidget],
    emulator: Emulator,
) -> None:
    w = open_table()
    comm = RecordingComm()
    w.comm = comm
    before = len(emulator.requests)
    view_message(w, {"type": "refresh"})
    await asyncio.to_thread(emulator.wait_for_request, "listAiChatSessions", 10.0, since=before)
    view_message(w, {"type": "ping", "nonce": "p-1"})
    await drain()
    assert {"method": "custom", "content": {"type": "pong", "nonce": "p-1"}} in comm.sent


async def test_the_selection_is_a_synced_trait_others_can_follow(
    open_table: Callable[..., CampaignWidget], campaign: tuple[str, list[str]]
) -> None:
    ids = campaign[1]
    w = open_table()
    picked: list[str | None] = []
    w.observe(lambda change: picked.append(change["new"]), names="selected")
    select_in_browser(w, ids[2])
    await drain()
    assert picked == [ids[2]]
    assert w.get_state(["selected"]) == {"selected": ids[2]}
    assert w.detail is not None and w.detail.session_id == ids[2]
    with pytest.raises(traitlets.TraitError, match="opened SessionWidget"):
        w.detail = w  # an anywidget, but not a session


async def test_a_session_that_cannot_be_opened_says_so_in_the_view(
    open_table: Callable[..., CampaignWidget],
    campaign: tuple[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The row click is handled outside any cell: its failure becomes visible state, never an
    exception in the kernel (the `loop_errors` fixture checks the loop saw none)."""
    ids = campaign[1]
    w = open_table()

    def fail(*_args: Any, **_kwargs: Any) -> SessionWidget:
        raise AssertionError("widgets cannot be made here")

    monkeypatch.setattr(SessionWidget, "from_session", fail)
    select_in_browser(w, ids[0])
    await drain()
    assert w.selected == ids[0]
    assert w.detail is None
    assert w.detail_error == "Could not open this session here: widgets cannot be made here"
    monkeypatch.undo()
    select_in_browser(w, ids[1])
    await drain()
    assert w.detail is not None and w.detail_error == ""


async def test_in_marimo_opened_sessions_carry_their_code_as_a_url(
    open_table: Callable[..., CampaignWidget],
    campaign: tuple[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """marimo cannot register inline code outside a cell (a row click is outside one); a
    `data:` URL it takes as it is."""
    monkeypatch.setattr(campaign_details, "in_marimo", lambda: True)
    ids = campaign[1]
    w = open_table()
    assert w.get_state(["_esm"])["_esm"] == asset_text("campaign.js")  # made in a cell
    select_in_browser(w, ids[1])
    await drain()
    assert w.detail is not None
    esm = w.detail.get_state(["_esm"])["_esm"]
    prefix = "data:text/javascript;base64,"
    assert esm.startswith(prefix)
    assert base64.b64decode(esm[len(prefix) :]).decode() == asset_text("session.js")
