"""Issue 8 risk: calls from a cell return as soon as the request is handed to the widget; the
widget waits through Retry-After itself and says so. `wait=True` (or `await w.wait()`) is how
a cell waits; input errors still raise at once."""

from __future__ import annotations

import asyncio

import pytest

from puffle_widgets import Puffle, SessionWidget, WaitTimeoutError
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import configure
from tests.widgets.conftest import LEADS, browser_message, make, until

TURN, PATCH, GET = "runAiChatTurn", "updateAiChatSession", "getAiChatSession"


def statuses(emulator: Emulator, operation: str, since: int = 0) -> list[int | None]:
    return [r.status for r in emulator.requests[since:] if r.operation_id == operation]


def recorder(widget: SessionWidget, name: str) -> list[object]:
    seen: list[object] = []
    widget.observe(lambda change: seen.append(change["new"]), names=name)
    return seen


async def test_send_returns_before_a_rate_limited_turn_goes_out(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    w = make(widgets, session_id, client)
    notices = recorder(w, "notice")
    emulator.faults.status(TURN, 429, retry_after=1)
    entry = w.send("hello")
    # Returned at once: nothing was sent from the cell (it used to send, wait and retry here).
    assert statuses(emulator, TURN) == []
    assert isinstance(entry, str)
    session = await w.wait()
    assert statuses(emulator, TURN) == [429, 202]
    assert any("Waiting: rate limited, retrying in 1 s" in str(n) for n in notices)
    assert [m.content for m in session.transcript if m.role == "user"] == ["hello"]
    assert w.problem is None  # cleared once it went through


async def test_save_and_refresh_return_before_their_requests(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client)
    since = len(emulator.requests)
    emulator.faults.status(PATCH, 429, retry_after=1)
    w.draft_subject = "Saved later"
    assert w.save() is None
    assert w.refresh() is None
    assert len(emulator.requests) == since  # both only handed over
    await w.wait()
    assert statuses(emulator, PATCH, since) == [429, 200]
    assert emulator.get_session(drafted_id)["draft_subject"] == "Saved later"
    assert w.dirty == {}


async def test_retry_now_skips_the_wait(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    configure(max_retry_after=60)
    w = make(widgets, session_id, client)
    emulator.faults.status(TURN, 429, retry_after=60)
    w.send("hello")
    await until(w, "problem", lambda: w.problem is not None)  # the 429: a 60 s countdown
    assert w.problem is not None
    assert w.problem["kind"] == "rate_limited"
    assert w.problem["retry_at"] is not None
    assert [e["state"] for e in w.outbox] == ["sending"]
    browser_message(w, {"type": "retry_now"})
    await w.wait(timeout=30)
    assert statuses(emulator, TURN) == [429, 202]


async def test_generate_examples_hands_over_too(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client, sample_leads=LEADS)
    since = len(emulator.requests)
    assert w.generate_examples() is None
    assert len(emulator.requests) == since
    await w.wait()
    assert w.generated_examples is not None and len(w.generated_examples) == 2
    with pytest.raises(ValueError, match="non-empty message"):
        w.send("")  # input errors still raise in the cell
    with pytest.raises(ValueError, match="100,000"):
        w.send("x" * 100_001)


def test_blocking_calls_from_another_thread_wait_for_the_loop(
    client: Puffle, session_id: str, emulator: Emulator
) -> None:
    """Outside a running loop (a script) the widget lives on a background loop; `wait=True`
    blocks the caller until the request went out there."""
    w = SessionWidget(session_id, client=client)
    try:
        run = w.send("hello", wait=True)
        assert run is not None and run.run_id.startswith("run_")
        session = w.wait_sync()
        assert [m.role for m in session.transcript] == ["user", "assistant"]
        saved = w.save(wait=True)
        assert saved is not None  # nothing to save: the session as read
        assert w.refresh(wait=True) == w.session
    finally:
        w.close()


async def test_a_blocking_save_takes_over_an_action_the_loop_waits_to_retry(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    # The soak (issue 8) found this hang: the loop's task waits out a Retry-After before
    # sending a save again; a cell then saves with wait=True, blocking the loop, so that task
    # never runs and the new save waited behind it for ever.
    w = make(widgets, drafted_id, client)
    since = len(emulator.requests)
    emulator.faults.status(PATCH, 429, retry_after=1)
    w.draft_subject = "First"
    w.save()
    await until(w, "problem", lambda: w.problem is not None)  # the 429: the loop waits 1 s
    w.draft_body = "Second"
    saved = w.save(wait=True)  # sends the waiting save itself (after its 1 s), then this one
    assert saved is not None
    row = emulator.get_session(drafted_id)
    assert (row["draft_subject"], row["draft_body"]) == ("First", "Second")
    assert statuses(emulator, PATCH, since)[0] == 429
    assert 200 in statuses(emulator, PATCH, since)
    await w.wait()  # the loop's task, when it wakes, does not send the save a second time
    assert statuses(emulator, PATCH, since).count(200) == len(statuses(emulator, PATCH, since)) - 1


async def test_a_blocking_send_behind_a_request_of_the_loop_raises_instead_of_hanging(
    widgets: list[SessionWidget], client: Puffle, session_id: str, emulator: Emulator
) -> None:
    w = make(widgets, session_id, client)
    emulator.faults.delay(TURN, 1.0)
    w.send("first")
    for _ in range(3):
        await asyncio.sleep(0)  # one step of the loop's task: it starts the POST and awaits it
    assert w._actions.in_flight is not None
    with pytest.raises(WaitTimeoutError, match=r"queued behind a turn .*await w.wait"):
        w.send("second", wait=True)
    session = await w.wait()
    assert [m.content for m in session.transcript if m.role == "user"] == ["first", "second"]
    assert statuses(emulator, TURN) == [202, 202]
