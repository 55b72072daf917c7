"""Restore (restore.py): the pure plan, then the browser's Restore against the emulator."""

from __future__ import annotations

from typing import Any

from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from puffle_widgets.widgets.session.drafts import Drafts
from puffle_widgets.widgets.session.restore import (
    entry_fields,
    hand_edit_fields,
    history_entries,
    plan_restore,
    requested,
    restored,
)
from tests.widgets.conftest import browser_message, drain, finished, make

NOW = "2026-04-22T10:00:00.000Z"
SERVER: dict[str, Any] = {
    "title": "Intro",
    "draft_subject": "New subject",
    "draft_body": "New body.",
    "skeleton": {"hook": "new"},
    "framework_version": 8,
    "draft_history": [{"version": 6, "subject": "Old subject", "body": "Old body.", "at": NOW}],
    "skeleton_history": [{"version": 7, "skeleton": {"hook": "old"}, "at": NOW}],
}


def clean() -> Drafts:
    return Drafts.from_server(SERVER)


def test_entries_give_their_fields_whatever_their_key_names() -> None:
    assert entry_fields("draft", {"subject": "s", "body": "b", "version": 1}) == {
        "draft_subject": "s",
        "draft_body": "b",
    }
    assert entry_fields("draft", {"draft_body": "b", "subject": None}) == {"draft_body": "b"}
    assert entry_fields("skeleton", {"skeleton": {"a": 1}}) == {"skeleton": {"a": 1}}
    assert entry_fields("skeleton", {"skeleton": "not an object"}) == {}
    assert entry_fields("draft", ["not", "a", "dict"]) == {}


def test_hand_edits_come_from_the_turn_record() -> None:
    change = {
        "before": {"draft_body": "mine", "draft_subject": "s"},
        "replaced_hand_edit": ["draft_body"],
    }
    assert hand_edit_fields(change) == {"draft_body": "mine"}
    assert hand_edit_fields({"before": {}, "replaced_hand_edit": ["draft_body"]}) == {}


def test_a_request_names_an_existing_entry() -> None:
    fields, label = requested("draft", 0, SERVER, [])
    assert fields == {"draft_subject": "Old subject", "draft_body": "Old body."}
    assert label == "v6 of the draft"
    assert requested("draft", 5, SERVER, [])[0] == {}
    assert requested("draft", -1, SERVER, [])[0] == {}
    assert requested("bogus", 0, SERVER, [])[0] == {}
    assert requested("skeleton", True, SERVER, [])[0] == {}


def test_a_clean_restore_patches_the_fields_and_pushes_what_it_replaces() -> None:
    fields = {"draft_subject": "Old subject", "draft_body": "Old body."}
    plan = plan_restore(clean(), SERVER, fields, label="v6", busy=False, now=NOW)
    assert plan.outcome == "patch"
    assert plan.fields == fields
    assert plan.patch["framework_version"] == 9
    pushed = plan.patch["draft_history"][-1]
    assert pushed == {"version": 8, "subject": "New subject", "body": "New body.", "at": NOW}
    assert "skeleton_history" not in plan.patch
    assert plan.notice == "Restored v6."


def test_history_shape_follows_the_entries_already_there() -> None:
    server = {**SERVER, "draft_history": [{"rev": 1, "draft_body": "x", "timestamp": NOW}]}
    extra = history_entries(server, {"draft_body": "x"}, NOW)
    assert extra["draft_history"][-1] == {"draft_body": "New body.", "timestamp": NOW}
    # Nothing recognisable to push: the history and the version stay as they are.
    assert (
        history_entries({**server, "draft_history": [{"rev": 1}]}, {"draft_body": "x"}, NOW) == {}
    )
    assert history_entries(SERVER, {"title": "x"}, NOW) == {}


def test_restore_waits_refuses_or_does_nothing_like_a_save() -> None:
    fields = {"draft_body": "Old body."}
    assert plan_restore(clean(), SERVER, fields, label="v6", busy=True, now=NOW).outcome == "wait"
    same = {"draft_body": "New body."}
    assert plan_restore(clean(), SERVER, same, label="v6", busy=False, now=NOW).outcome == "nothing"
    typed = Drafts({**clean().working, "draft_body": "typing"}, clean().baseline)
    plan = plan_restore(typed, SERVER, fields, label="v6", busy=False, now=NOW)
    assert (plan.outcome, plan.blocking) == ("unsaved", ("draft_body",))
    assert "unsaved edit of the body" in plan.notice
    moved = {**SERVER, "draft_body": "Someone else's body."}
    plan = plan_restore(clean(), moved, fields, label="v6", busy=False, now=NOW)
    assert (plan.outcome, plan.blocking) == ("moved", ("draft_body",))


def test_after_the_patch_the_editors_show_the_restored_values() -> None:
    drafts = Drafts({**clean().working, "title": "typed meanwhile"}, clean().baseline)
    after = restored(drafts, {"draft_body": "Old body.", "title": "Old"})
    assert after.working["draft_body"] == after.baseline["draft_body"] == "Old body."
    assert after.working["title"] == "typed meanwhile"  # typing since stays, now dirty
    assert after.baseline["title"] == "Old"


async def test_restore_from_history_brings_the_version_back_on_the_server(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client)
    w.send("Make it about onboarding speed instead")
    await w.wait()
    history = emulator.get_session(drafted_id)["draft_history"]
    old = history[-1]
    version = emulator.get_session(drafted_id)["framework_version"]
    browser_message(w, {"type": "restore", "kind": "draft", "index": len(history) - 1})
    await finished(w)
    row = emulator.get_session(drafted_id)
    assert (row["draft_subject"], row["draft_body"]) == (old["subject"], old["body"])
    assert row["framework_version"] == version + 1
    assert len(row["draft_history"]) == len(history) + 1
    assert w.draft_body == old["body"]
    assert w.dirty == {}
    assert w.notice == f"Restored v{old['version']} of the draft."


async def test_restore_never_replaces_an_unsaved_edit(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client)
    w.send("Make it about onboarding speed instead")
    await w.wait()
    w.draft_body = "typed, not saved"
    body = emulator.get_session(drafted_id)["draft_body"]
    browser_message(w, {"type": "restore", "kind": "draft", "index": 0})
    await finished(w)
    assert emulator.get_session(drafted_id)["draft_body"] == body
    assert w.draft_body == "typed, not saved"
    assert "Not restored" in w.notice


async def test_a_replaced_hand_edit_comes_back(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client)
    w.draft_body = "Hi %first_name%, my own words."
    w.save()
    w.send("Make it about onboarding speed instead")
    await w.wait()
    assert w.turn_changes[-1]["replaced_hand_edit"] == ["draft_body"]
    browser_message(w, {"type": "restore", "kind": "hand_edit", "index": 0})
    await finished(w)
    assert emulator.get_session(drafted_id)["draft_body"] == "Hi %first_name%, my own words."
    assert w.notice == "Restored your edit."


async def test_resize_keeps_the_height_in_the_widget_state(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client)
    browser_message(w, {"type": "resize", "height": 512.4})
    await drain()
    assert w.view_height == 512
    browser_message(w, {"type": "resize", "height": 3})  # nonsense is ignored
    await drain()
    assert w.view_height == 512
    browser_message(w, {"type": "resize", "height": None})
    await drain()
    assert w.view_height is None
