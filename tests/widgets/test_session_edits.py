"""No lost edits: polls never overwrite unsaved drafts, and saving checks for server changes."""

from __future__ import annotations

import pytest

from puffle_widgets import DraftConflictError, Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from tests.widgets.conftest import browser_message, drain, finished, make


async def test_save_patches_only_what_was_edited(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client)
    browser_message(
        w,
        {
            "type": "edit",
            "field": "draft_subject",
            "value": "New %company%",
            "base": w.draft_subject,
        },
    )
    await drain()
    assert w.dirty == {"draft_subject": "New %company%"}
    assert w.save() is None  # handed to the widget: it returns at once
    saved = await w.wait()
    assert saved.draft_subject == "New %company%"
    patch = [r for r in emulator.requests if r.operation_id == "updateAiChatSession"][-1]
    assert patch.body == {"draft_subject": "New %company%"}
    assert w.dirty == {}
    assert w.baseline["draft_subject"] == "New %company%"
    assert w.notice == "Saved."
    assert emulator.get_session(drafted_id)["draft_subject"] == "New %company%"


async def test_python_side_edits_are_saved_too(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    w.title = "Q3 intro"
    w.skeleton = {**(w.skeleton or {}), "cta": "Worth a chat?"}
    assert set(w.dirty) == {"title", "skeleton"}
    saved = w.save(wait=True)  # blocks until saved, and returns the saved session
    assert saved is not None
    assert saved.title == "Q3 intro"
    assert saved.skeleton is not None
    assert saved.skeleton["cta"] == "Worth a chat?"
    assert w.save(wait=True) == saved  # nothing left to save
    assert w.notice == "Nothing to save."


async def test_poll_never_overwrites_an_unsaved_edit(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    browser_message(
        w, {"type": "edit", "field": "draft_body", "value": "my body", "base": w.draft_body}
    )
    await drain()
    w.send("Make it about onboarding instead")
    session = await w.wait()
    assert session.draft_body != "my body"
    assert w.draft_body == "my body"
    assert w.conflict == {"draft_body": session.draft_body}
    assert w.draft_subject == session.draft_subject  # clean fields do follow the server


async def test_keep_mine_then_save_writes_the_edit(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client)
    w.draft_body = "my body"
    w.send("Make it about onboarding instead")
    await w.wait()
    browser_message(w, {"type": "resolve_conflict", "field": "draft_body", "keep": "mine"})
    await drain()
    assert w.conflict == {}
    w.save()
    await w.wait()
    assert emulator.get_session(drafted_id)["draft_body"] == "my body"


async def test_take_server_drops_the_edit(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    w.draft_body = "my body"
    w.send("Make it about onboarding instead")
    session = await w.wait()
    w.take_server("draft_body")
    assert w.draft_body == session.draft_body
    assert w.dirty == {}


async def test_save_warns_instead_of_overwriting_a_server_change(
    widgets: list[SessionWidget],
    client: Puffle,
    other_client: Puffle,
    drafted_id: str,
    emulator: Emulator,
) -> None:
    w = make(widgets, drafted_id, client)
    w.draft_body = "my body"
    other_client.sessions.update(drafted_id, draft_body="their body")  # the widget is idle: no poll
    w.save()  # returns at once; the conflict shows in the widget and wait() raises it
    with pytest.raises(DraftConflictError, match="draft_body") as info:
        await w.wait()
    assert info.value.fields == ["draft_body"]
    assert emulator.get_session(drafted_id)["draft_body"] == "their body"
    assert w.draft_body == "my body"
    assert w.conflict == {"draft_body": "their body"}
    assert "Not saved" in w.notice
    with pytest.raises(DraftConflictError):
        w.save(wait=True)  # a blocking save raises the conflict itself
    saved = w.save(force=True, wait=True)
    assert saved is not None
    assert saved.draft_body == "my body"
    assert w.conflict == {}


async def test_save_button_reports_conflicts_in_the_widget(
    widgets: list[SessionWidget],
    client: Puffle,
    other_client: Puffle,
    drafted_id: str,
    emulator: Emulator,
) -> None:
    w = make(widgets, drafted_id, client)
    browser_message(
        w, {"type": "edit", "field": "draft_body", "value": "mine", "base": w.draft_body}
    )
    other_client.sessions.update(drafted_id, draft_body="theirs")
    browser_message(w, {"type": "save"})
    await finished(w)
    assert w.conflict == {"draft_body": "theirs"}
    assert emulator.get_session(drafted_id)["draft_body"] == "theirs"
    with pytest.raises(DraftConflictError):
        await w.wait()
    browser_message(w, {"type": "resolve_conflict", "field": "draft_body", "keep": "mine"})
    browser_message(w, {"type": "save"})
    await finished(w)
    assert emulator.get_session(drafted_id)["draft_body"] == "mine"
    assert w.notice == "Saved."


async def test_edit_typed_on_an_old_draft_is_flagged(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    old_body = w.draft_body
    w.send("Make it about onboarding instead")
    session = await w.wait()
    # The browser had been typing on the old draft; its edit arrives after the new one.
    browser_message(
        w, {"type": "edit", "field": "draft_body", "value": "typed on old", "base": old_body}
    )
    await drain()
    assert w.draft_body == "typed on old"
    assert w.conflict == {"draft_body": session.draft_body}


async def test_save_while_busy_waits_for_idle(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client)
    emulator.faults.stick(drafted_id)
    w.send("Make it shorter")
    w.title = "Saved after the turn"
    assert w.save() is None
    await drain()
    assert "save" in w.notice
    assert emulator.get_session(drafted_id)["title"] != "Saved after the turn"
    emulator.faults.unstick(drafted_id)
    await w.wait()
    assert emulator.get_session(drafted_id)["title"] == "Saved after the turn"


async def test_revert_drops_edits(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    original = w.draft_body
    w.draft_body = "scratch"
    browser_message(w, {"type": "revert"})
    await drain()
    assert w.draft_body == original
    assert w.dirty == {}
