"""What reaches the front end: the long lists as deltas whose size does not grow with the
session, nothing for an unchanged poll, a browser event or the next cell, the whole state on a
resync, and what changed re-sent at the end of a cell where no view follows the widget."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.models import Session
from puffle_widgets.widgets import flush as _flush
from tests.widgets.conftest import RecordingComm, browser_message, drain, make

START = datetime(2026, 4, 22, 10, 0, tzinfo=UTC)


def session_of(size: int, *, later: int = 0, busy: bool = False) -> Session:
    """A session of `size` unique messages, `later` seconds after START."""
    roles = ("user", "assistant")
    messages = [
        {"role": roles[i % 2], "content": f"Message {i}: **point** {i * 7}"} for i in range(size)
    ]
    return Session.model_validate(
        {
            "id": "d1d1d1d1-1111-4111-8111-111111111111",
            "user_id": "user-1",
            "campaign_id": "8c2b2d4e-e29b-41d4-a716-446655440000",
            "node_id": "bbbb1111-1111-4111-8111-111111111111",
            "title": "Intro email",
            "messages": messages,
            "skeleton_history": [{"version": 1, "skeleton": {"hook": "question"}}],
            "draft_history": [],
            "task_status": "chat_processing" if busy else None,
            "created_at": START.isoformat(),
            "updated_at": (START + timedelta(seconds=later)).isoformat(),
        }
    )


def appended(session: Session, message: dict[str, Any], *, later: int) -> Session:
    """`session` with one more message, as a poll would parse it (new objects throughout)."""
    data = json.loads(session.model_dump_json())
    data["messages"].append(message)
    data["updated_at"] = (START + timedelta(seconds=later)).isoformat()
    return Session.model_validate(data)


def size_of(sent: list[dict[str, Any]]) -> int:
    """The JSON bytes of what went to the front end."""
    return sum(len(json.dumps(data, separators=(",", ":"))) for data in sent)


def deltas(comm: RecordingComm) -> list[dict[str, Any]]:
    return [
        m["content"]
        for m in comm.sent
        if m.get("method") == "custom" and m["content"].get("type") == "delta"
    ]


@pytest.fixture
def no_cell() -> Iterator[None]:
    """No cell is running (as between cells in a kernel)."""
    yield
    _flush.flush_all()


def shown(widgets: list[SessionWidget], client: Puffle, session: Session) -> SessionWidget:
    """A widget showing `session`, its front end recorded from here on."""
    w = make(widgets, session, client)
    w.comm = RecordingComm()
    return w


MESSAGE = {"role": "assistant", "content": "A shorter version:\n\n- one line\n- **two** lines"}
# A user's message ends no turn, so no change record goes with it (the sync rules alone).
NOTE = {"role": "user", "content": "And make it *friendlier*, please."}


@pytest.mark.parametrize("size", [10, 100, 1000, 5000])
async def test_one_appended_message_costs_its_json_and_a_little_whatever_the_length(
    widgets: list[SessionWidget], client: Puffle, size: int
) -> None:
    w = shown(widgets, client, session_of(size))
    comm, rev = w.comm, w.rev
    w._publish(appended(session_of(size), MESSAGE, later=5))
    messages, turn = deltas(comm)
    assert messages == {
        "type": "delta",
        "rev": rev + 1,
        "base_rev": rev,
        "key": "messages",
        "start": size,
        "items": [MESSAGE],
    }
    # The reply ends a turn seen from here: its change record (nothing changed) is appended.
    assert (turn["key"], turn["start"], turn["rev"]) == ("turn_changes", 0, rev + 2)
    assert turn["items"] == [w.turn_changes[-1]]
    assert w.turn_changes[-1]["fields"] == [] and w.turn_changes[-1]["before"] == {}
    # Besides them, only the fields that changed: nothing that grows with the session.
    [update] = comm.updates()
    assert update["updated_at"] == "2026-04-22T10:00:05Z"
    assert set(update) <= {"updated_at", "checked_at"}  # when it was read: a number
    assert size_of(comm.sent) <= 3 * len(json.dumps(MESSAGE)) + 2048
    assert len(w.messages) == size + 1  # the trait holds the whole transcript
    assert w.get_state()["messages"] == w.messages


async def test_an_unchanged_poll_sends_nothing(
    widgets: list[SessionWidget], client: Puffle
) -> None:
    w = shown(widgets, client, session_of(100))
    w._publish(session_of(100))  # equal, parsed anew
    w._publish(appended(session_of(100), MESSAGE, later=5))
    sent = len(w.comm.sent)
    w._publish(appended(session_of(100), MESSAGE, later=5))
    assert len(w.comm.sent) == sent


async def test_a_browser_event_after_an_update_re_sends_nothing(
    widgets: list[SessionWidget], client: Puffle
) -> None:
    w = shown(widgets, client, session_of(100))
    w._publish(appended(session_of(100), MESSAGE, later=5))
    comm = w.comm
    comm.sent.clear()
    browser_message(w, {"type": "resync", "rev": w.rev})  # a view renders: it holds it all
    browser_message(w, {"type": "edit", "field": "title", "value": "Mine", "base": "Intro email"})
    await drain()
    assert deltas(comm) == []
    assert all(not set(update) & {"messages", "rev"} for update in comm.updates())
    assert size_of(comm.sent) < 1024
    assert w.title == "Mine"


async def test_a_resync_re_sends_the_whole_state_and_deltas_follow_from_it(
    widgets: list[SessionWidget], client: Puffle
) -> None:
    w = shown(widgets, client, session_of(10))
    rev = w.rev
    w._publish(appended(session_of(10), NOTE, later=5))
    comm = w.comm
    comm.sent.clear()
    browser_message(w, {"type": "resync", "rev": rev})  # the view missed the last delta
    await drain()
    [update] = comm.updates()
    assert update["rev"] == rev + 1
    assert update["messages"] == w.messages
    assert "_esm" not in update  # not the front-end code
    comm.sent.clear()
    w._publish(appended(appended(session_of(10), NOTE, later=5), NOTE, later=6))
    [delta] = deltas(comm)
    assert (delta["base_rev"], delta["rev"], delta["start"]) == (rev + 1, rev + 2, 11)


async def test_a_list_that_did_not_just_grow_is_sent_whole(
    widgets: list[SessionWidget], client: Puffle
) -> None:
    w = shown(widgets, client, session_of(10))
    shorter = session_of(3, later=5)
    w._publish(shorter)
    [delta] = deltas(w.comm)
    assert (delta["key"], delta["start"]) == ("messages", 0)
    assert delta["items"] == [m.model_dump(mode="json") for m in shorter.transcript]


@pytest.mark.usefixtures("no_cell")
async def test_the_next_cell_sends_nothing_to_a_widget_a_view_follows(
    widgets: list[SessionWidget], client: Puffle
) -> None:
    w = shown(widgets, client, session_of(100))
    browser_message(w, {"type": "resync", "rev": w.rev})  # a view rendered
    await drain()
    w._publish(appended(session_of(100), MESSAGE, later=5))
    w.comm.sent.clear()
    _flush.flush_all()  # what IPython's post_execute hook calls
    assert w.comm.sent == []


@pytest.mark.usefixtures("no_cell")
async def test_a_widget_no_view_follows_re_sends_what_changed_after_the_next_cell(
    widgets: list[SessionWidget], client: Puffle
) -> None:
    w = shown(widgets, client, session_of(100))
    _flush.flush_all()
    w._publish(appended(session_of(100), NOTE, later=5))
    w.comm.sent.clear()
    _flush.flush_all()
    [update] = w.comm.updates()
    # What changed, the lists whole (a notebook executor ignores deltas): nothing else.
    assert set(update) - {"checked_at"} == {"messages", "rev", "updated_at"}
    assert update["messages"] == w.messages
    assert update["rev"] == w.rev
    w.comm.sent.clear()
    _flush.flush_all()
    assert w.comm.sent == []  # nothing changed since
