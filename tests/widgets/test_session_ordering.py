"""Order and staleness: old snapshots never roll a widget back, queued actions go out one at a
time in the order they were made, and a lost answer does not hide a running task."""

from __future__ import annotations

import asyncio

import pytest

from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import Observed, PollUpdate, next_seq, poller_for
from tests.widgets.conftest import browser_message, drain, finished, make


def user_messages(emulator: Emulator, session_id: str) -> list[str]:
    row = emulator.get_session(session_id)
    return [m["content"] for m in row["messages"] or [] if m["role"] == "user"]


async def test_an_older_snapshot_never_rolls_the_widget_back(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    stale = client.sessions.get(session_id)
    w = make(widgets, session_id, client)
    emulator.faults.stick(session_id)
    w.send("hello", wait=True)
    w.refresh(wait=True)
    assert w.status == "chat_processing"
    other = SessionWidget.from_session(stale, client=client)  # e.g. an old object displayed
    widgets.append(other)
    assert w.status == "chat_processing"
    assert len(w.messages) == 1
    assert other.status == "chat_processing"  # it caught up with the shared poll
    emulator.faults.unstick(session_id)
    assert len((await w.wait()).transcript) == 2


async def test_a_snapshot_from_before_a_send_does_not_end_the_wait(
    widgets: list[SessionWidget], client: Puffle, session_id: str
) -> None:
    w = make(widgets, session_id, client)
    before = w.session
    assert before is not None
    asked = next_seq()  # a poll asked before the POST...
    w.send("hello", wait=True)
    w._publish(Observed(before, asked))  # ...answers only now: it must not end the task
    assert w.status == "chat_processing"
    session = await w.wait()
    assert [m.role for m in session.transcript] == ["user", "assistant"]


async def test_an_action_during_a_poll_keeps_the_poller_going(
    client: Puffle, session_id: str, loop_errors: object
) -> None:
    aclient = client.as_async()
    poller = poller_for(aclient, session_id)
    seen: list[PollUpdate] = []
    stopped = asyncio.Event()

    def listener(update: PollUpdate) -> None:
        seen.append(update)
        if len(seen) == 1:  # the first answer arrives: meanwhile the user sends a turn
            client.sessions.turn(session_id, "hello")
            poller.poke()
        if update.kind == "stopped":
            stopped.set()

    unsubscribe = poller.subscribe(listener)
    poller.poke()
    await asyncio.wait_for(stopped.wait(), 10)
    unsubscribe()
    snapshots = [u.session for u in seen if u.kind == "snapshot" and u.session is not None]
    assert snapshots[-1].transcript[-1].role == "assistant"
    await aclient.close()


async def test_browser_messages_sent_while_busy_go_out_in_order(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    w = make(widgets, session_id, client)
    emulator.faults.stick(session_id)
    w.send("zero")
    for text in ("first", "second", "third"):
        browser_message(w, {"type": "send", "message": text})
    await drain()
    assert [op.args["message"] for op in w._queue] == ["first", "second", "third"]
    emulator.faults.unstick(session_id)
    await w.wait()
    assert user_messages(emulator, session_id) == ["zero", "first", "second", "third"]
    turns = [r.status for r in emulator.requests if r.operation_id == "runAiChatTurn"]
    assert turns == [202, 202, 202, 202]  # one at a time: never a 409 from our own queue


async def test_a_lost_turn_answer_still_shows_the_running_task(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    w = make(widgets, session_id, client)
    emulator.faults.drop("runAiChatTurn", after=True)
    w.send("hello")
    session = await w.wait()  # the check sees the message: no error, nothing sent twice
    assert [m.role for m in session.transcript] == ["user", "assistant"]
    assert w.outbox == []
    assert w.notice == "Your message reached Puffle."
    turns = [r for r in emulator.requests if r.operation_id == "runAiChatTurn"]
    assert len(turns) == 1


async def test_an_unlisted_task_status_counts_as_busy(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    emulator.set_session(drafted_id, task_status="researching")
    w = make(widgets, drafted_id, client)
    assert w.busy
    assert w.status == "researching"
    entry = w.send("after the research")  # waits its turn
    await drain()
    assert [(e["id"], e["state"]) for e in w.outbox] == [(entry, "queued")]
    emulator.set_session(drafted_id, task_status=None)
    w.refresh()
    await w.wait()
    assert user_messages(emulator, drafted_id)[-1] == "after the research"


async def test_a_forced_save_still_waits_for_a_running_task(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client)
    emulator.faults.stick(drafted_id)
    w.send("Make it shorter")
    w.draft_body = "my careful rewrite"
    assert w.save(force=True) is None
    await drain()
    assert emulator.get_session(drafted_id)["draft_body"] != "my careful rewrite"
    emulator.faults.unstick(drafted_id)
    await w.wait()
    assert emulator.get_session(drafted_id)["draft_body"] == "my careful rewrite"
    assert w.dirty == {}


async def test_an_old_background_error_is_not_raised_after_a_success(
    widgets: list[SessionWidget], client: Puffle, other_client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    browser_message(
        w, {"type": "edit", "field": "draft_subject", "value": "Mine", "base": w.draft_subject}
    )
    other_client.sessions.update(drafted_id, draft_subject="Theirs")
    browser_message(w, {"type": "save"})
    await finished(w)
    browser_message(w, {"type": "resolve_conflict", "field": "draft_subject", "keep": "mine"})
    browser_message(w, {"type": "save"})
    await finished(w)
    assert w.notice == "Saved."
    assert (await w.wait()).draft_subject == "Mine"


async def test_a_closed_widget_refuses_work_at_once(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    w = make(widgets, session_id, client)
    emulator.faults.stick(session_id)
    w.send("hello")
    waiting = asyncio.ensure_future(w.wait(timeout=None))
    await drain()
    w.close()
    with pytest.raises(RuntimeError, match="closed"):
        await waiting
    with pytest.raises(RuntimeError, match="closed"):
        w.send("hello")
    with pytest.raises(RuntimeError, match="closed"):
        await w.wait()
    emulator.faults.unstick(session_id)


async def test_resolving_a_field_without_a_conflict_says_so(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    with pytest.raises(ValueError, match="No conflict on 'draft_body'"):
        w.keep_mine("draft_body")


def test_server_mirrors_are_read_only(client: Puffle, drafted_id: str) -> None:
    async def check() -> None:
        w = SessionWidget(drafted_id, client=client)
        with pytest.raises(Exception, match="read-only"):
            w.session_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a"  # type: ignore[misc]
        with pytest.raises(Exception, match="read-only"):
            w.messages = []  # type: ignore[misc]
        w.close()

    asyncio.run(check())


def test_a_session_whose_id_the_api_would_refuse_is_named(client: Puffle, drafted_id: str) -> None:
    session = client.sessions.get(drafted_id).model_copy(
        update={"id": "d1d1d1d1-1111-1111-1111-111111111111"}
    )
    with pytest.raises(ValueError, match="session id 'd1d1d1d1"):
        SessionWidget(session, client=client)
