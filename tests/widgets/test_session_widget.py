"""SessionWidget against the emulator: fetch, actions, live polling, errors, and state."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest

from puffle_widgets import NotFoundError, Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import active_pollers
from tests.widgets.conftest import LEADS, browser_message, finished, make

GET = "getAiChatSession"


def gets(emulator: Emulator) -> int:
    return sum(r.operation_id == GET for r in emulator.requests)


async def test_fetches_and_shows_the_session(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    before = gets(emulator)
    w = make(widgets, drafted_id, client)
    assert gets(emulator) == before + 1
    session = w.session
    assert session is not None
    assert w.status == "idle"
    assert w.title == session.title
    assert w.messages == [m.model_dump(mode="json") for m in session.transcript]
    assert w.draft_body == session.draft_body
    assert w.skeleton == session.skeleton
    assert w.baseline["draft_subject"] == session.draft_subject
    assert w.dirty == {}
    assert w.campaign_id == session.campaign_id
    # Idle: nothing polls, so an idle widget makes no requests.
    assert not w._poller.running


async def test_send_updates_live_until_idle(
    widgets: list[SessionWidget], client: Puffle, session_id: str
) -> None:
    w = make(widgets, session_id, client)
    statuses: list[str] = []
    w.observe(lambda change: statuses.append(change["new"]), names="status")
    entry = w.send("Write an intro email for VPs of Sales")  # returns at once: an outbox id
    assert [(e["id"], e["text"]) for e in w.outbox] == [
        (entry, "Write an intro email for VPs of Sales")
    ]
    session = await w.wait()
    assert [m["role"] for m in w.messages] == ["user", "assistant"]
    assert w.title == session.title
    assert statuses[0] == "chat_processing"
    assert statuses[-1] == "idle"
    assert w.busy_since is None
    assert w.outbox == []  # the transcript holds it now
    assert not w._poller.running
    run = w.send("Make it shorter", wait=True)  # blocks until it went out
    assert run is not None
    assert run.run_id.startswith("run_")
    assert w.status == "chat_processing"
    assert w.busy_since is not None
    await w.wait()


async def test_turn_context_set_once_goes_with_every_turn(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    w = make(
        widgets,
        session_id,
        client,
        available_var_names=["first_name", "company"],
        sample_leads=LEADS,
        sequence_context={"position": 1, "total_nodes": 3, "prior_nodes": []},
    )
    w.send("First")
    await w.wait()
    w.send("Second", available_var_names=["company"])
    await w.wait()
    turns = [r.body for r in emulator.requests if r.operation_id == "runAiChatTurn"]
    assert turns[0]["availableVarNames"] == ["first_name", "company"]
    assert turns[0]["sampleLeads"][0]["first_name"] == "Sarah"
    assert turns[0]["sequenceContext"] == {"position": 1, "total_nodes": 3, "prior_nodes": []}
    assert turns[1]["availableVarNames"] == ["company"]
    assert "%company%" in (w.draft_subject or "") + (w.draft_body or "")


async def test_generate_examples_fills_the_table(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client, sample_leads=LEADS)
    assert w.generate_examples() is None
    statuses: list[str] = []
    w.observe(lambda change: statuses.append(change["new"]), names="status")
    await w.wait()
    assert statuses[0] == "generating_examples"
    assert w.generated_examples is not None
    assert len(w.generated_examples) == 2
    assert "Sarah" in w.generated_examples[0]["body"]


async def test_busy_session_queues_the_message_instead_of_failing(
    widgets: list[SessionWidget],
    client: Puffle,
    other_client: Puffle,
    session_id: str,
    emulator: Emulator,
) -> None:
    emulator.faults.stick(session_id)
    other_client.sessions.turn(session_id, "someone else's turn")
    w = make(widgets, session_id, client)
    assert w.status == "chat_processing"
    entry = w.send("mine, when it is free")
    assert "busy" in w.notice
    assert [(e["id"], e["state"]) for e in w.outbox] == [(entry, "queued")]
    emulator.faults.unstick(session_id)
    session = await w.wait()
    users = [m.content for m in session.transcript if m.role == "user"]
    assert users == ["someone else's turn", "mine, when it is free"]
    assert w.notice == ""


async def test_poll_errors_show_reconnecting_and_recover(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    w = make(widgets, session_id, client)
    statuses: list[str] = []
    w.observe(lambda change: statuses.append(change["new"]), names="status")
    emulator.faults.stick(session_id)
    w.send("hello")
    emulator.faults.status(GET, 503, times=2)
    emulator.faults.status(GET, 429, retry_after=0.05)
    emulator.faults.drop(GET)
    await asyncio.to_thread(emulator.wait_for_request, lambda r: r.fault == "drop")
    emulator.faults.unstick(session_id)
    await w.wait()
    assert "reconnecting" in statuses
    assert statuses[-1] == "idle"
    assert w.notice == ""
    assert w.error == ""


async def test_deleted_session_stops_polling_with_a_clear_message(
    widgets: list[SessionWidget],
    client: Puffle,
    other_client: Puffle,
    session_id: str,
    emulator: Emulator,
) -> None:
    w = make(widgets, session_id, client)
    emulator.faults.stick(session_id)
    w.send("hello", wait=True)
    other_client.sessions.delete(session_id)
    with pytest.raises(NotFoundError):
        await w.wait()
    assert w.status == "error"
    assert "404" in w.error
    assert not w._poller.running
    emulator.faults.unstick(session_id)


async def test_widgets_on_one_session_share_one_poll(
    widgets: list[SessionWidget], client: Puffle, session_id: str
) -> None:
    first = make(widgets, session_id, client)
    second = make(widgets, session_id, client.with_options())
    assert first._poller is second._poller
    assert len([p for p in active_pollers() if p.session_id == session_id]) == 1
    first.send("hello")
    await first.wait()
    await second.wait()
    assert second.messages == first.messages
    assert len(second.messages) == 2


async def test_close_cancels_polling(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    w = make(widgets, session_id, client)
    emulator.faults.stick(session_id)
    w.send("hello", wait=True)
    poller = w._poller
    assert poller.running
    w.close()
    await finished(w)
    assert not poller.running
    assert poller not in active_pollers()
    emulator.faults.unstick(session_id)


async def test_from_session_needs_no_fetch_and_polls_when_busy(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    emulator.faults.stick(session_id)
    client.sessions.turn(session_id, "hello")
    snapshot = client.sessions.get(session_id)
    before = gets(emulator)
    w = SessionWidget.from_session(snapshot, client=client)
    widgets.append(w)
    assert gets(emulator) == before
    assert w.status == "chat_processing"
    assert w._poller.running
    emulator.faults.unstick(session_id)
    assert len((await w.wait()).transcript) == 2


async def test_unreachable_at_first_shows_reconnecting_then_loads(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    emulator.faults.drop(GET, times=3)  # the first fetch and its two retries
    w = make(widgets, drafted_id, client)
    assert w.status == "reconnecting"
    assert w.session is None
    assert "Connection problem" in w.notice
    session = await w.wait()
    assert w.status == "idle"
    assert session.id == drafted_id


def test_bad_input_is_refused_before_any_request(client: Puffle, emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="not a valid UUID"):
        SessionWidget("nope", client=client)
    with pytest.raises(TypeError, match="colour"):
        SessionWidget("3c90c3cc-0d44-4b50-8888-8dd25736052a", client=client, colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="list of leads"):
        SessionWidget("3c90c3cc-0d44-4b50-8888-8dd25736052a", client=client, sample_leads="x")
    assert len(emulator.requests) == 0


def test_missing_session_raises_at_once(client: Puffle) -> None:
    with pytest.raises(NotFoundError):
        SessionWidget("3c90c3cc-0d44-4b50-8888-8dd25736052a", client=client)


async def test_action_inputs_are_checked(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    with pytest.raises(ValueError, match="non-empty message"):
        w.send("  ")
    with pytest.raises(TypeError, match="'temperature'"):
        w.send("hi", temperature=0.2)
    with pytest.raises(ValueError, match="needs leads"):
        w.generate_examples()
    with pytest.raises(ValueError, match=r"sample_leads\[0\]"):
        w.sample_leads = [{"first_name": 3}]  # type: ignore[list-item]
    assert w.status == "idle"


async def test_api_key_and_client_never_reach_widget_state(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client)
    state = json.dumps(w.get_state(), default=str)
    assert emulator.api_key not in state
    assert emulator.api_key not in repr(w)
    synced = set(w.keys)
    assert not {"client", "api_key", "_sync", "_async"} & synced


async def test_browser_buttons_drive_the_same_actions(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client, sample_leads=LEADS, available_var_names=["company"])
    browser_message(w, {"type": "send", "message": "Make it shorter"})
    await finished(w)
    await w.wait()
    turn = [r for r in emulator.requests if r.operation_id == "runAiChatTurn"][-1]
    assert turn.body["message"] == "Make it shorter"
    assert turn.body["availableVarNames"] == ["company"]
    browser_message(w, {"type": "generate_examples"})
    await finished(w)
    await w.wait()
    assert w.generated_examples is not None
    assert len(w.generated_examples) == 2
    browser_message(w, {"type": "refresh"})
    await finished(w)
    assert w.status == "idle"


async def test_malformed_browser_messages_are_ignored(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    for content in ({"type": "edit", "field": "colour", "value": "x"}, {"type": "nope"}, {}):
        browser_message(w, content)
    browser_message(w, {"type": "edit", "field": "draft_body", "value": 42, "base": None})
    await finished(w)
    assert w.dirty == {}
    assert w.error == ""


def test_closing_after_the_loop_ended_is_quiet(client: Puffle, drafted_id: str) -> None:
    async def make_one() -> SessionWidget:
        return SessionWidget(drafted_id, client=client)

    widget = asyncio.run(make_one())
    widget.close()  # the loop it was made on is closed now: nothing may raise
    assert widget._closed


def test_python_exits_promptly_with_widgets_alive(emulator: Emulator, drafted_id: str) -> None:
    """Outside a kernel the widgets run on a daemon thread's loop, which is frozen while Python
    shuts down; ipywidgets then closes every widget from __del__, and that must not wait for
    the frozen loop (it used to hang forever)."""
    script = "\n".join(
        [
            "from IPython.core.interactiveshell import InteractiveShell",
            "from puffle_widgets import Puffle",
            "from puffle_widgets.client import set_default_client",
            f"set_default_client(Puffle(api_key={emulator.api_key!r}, base_url={emulator.url!r}))",
            "ip = InteractiveShell.instance()",
            "ip.run_line_magic('load_ext', 'puffle_widgets')",
            f"ip.run_cell('%puffle {drafted_id}')",
            "print('shown')",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip().endswith("shown")
    assert "Traceback" not in done.stderr
