"""What reaches the front end: one message per snapshot, nothing when nothing changed, and
state re-sent after background changes."""

from __future__ import annotations

from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.widgets import flush as _flush
from puffle_widgets.widgets.session.traits import STATE_KEYS
from tests.widgets.conftest import RecordingComm, make


async def test_a_snapshot_goes_out_as_one_message_and_only_when_changed(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, other_client: Puffle
) -> None:
    w = make(widgets, drafted_id, client)
    comm = RecordingComm()
    w.comm = comm
    w.refresh(wait=True)
    assert comm.updates() == []  # same snapshot, read a moment ago: nothing to send
    other_client.sessions.update(drafted_id, title="Renamed", draft_subject="New subject")
    w.refresh(wait=True)
    updates = comm.updates()
    assert len(updates) == 1
    assert updates[0]["title"] == "Renamed"
    assert updates[0]["draft_subject"] == "New subject"
    assert "messages" not in updates[0]  # unchanged traits are not re-sent


async def test_background_changes_are_re_sent_after_the_next_cell(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    comm = RecordingComm()
    w.comm = comm
    w.send("Make it shorter")
    await w.wait()
    comm.sent.clear()
    _flush.flush_all()  # what IPython's post_execute hook calls
    updates = comm.updates()
    assert len(updates) == 1
    assert set(updates[0]) == set(STATE_KEYS)  # the front-end code is not re-sent
    assert updates[0]["messages"] == w.messages
    comm.sent.clear()
    _flush.flush_all()
    assert comm.updates() == []  # nothing changed since
