"""The edit-safety rules: a poll never overwrites unsaved edits, conflicts show both sides."""

from __future__ import annotations

from puffle_widgets.widgets.session.drafts import (
    Drafts,
    apply_edit,
    merge_server,
    moved_under,
    rebase_saved,
    resolve,
    revert,
)

SERVER = {"title": "T", "draft_subject": "S1", "draft_body": "B1", "skeleton": {"hook": "h"}}


def edited(**working: object) -> Drafts:
    clean = Drafts.from_server(SERVER)
    return Drafts({**clean.working, **working}, clean.baseline)


def test_clean_drafts_follow_the_server() -> None:
    merged = merge_server(Drafts.from_server(SERVER), {**SERVER, "draft_body": "B2"})
    assert merged.working["draft_body"] == "B2"
    assert merged.baseline["draft_body"] == "B2"
    assert merged.dirty() == {}
    assert merged.conflict == {}


def test_dirty_field_is_kept_when_the_server_did_not_move_it() -> None:
    merged = merge_server(edited(draft_body="mine"), {**SERVER, "draft_subject": "S2"})
    assert merged.working["draft_body"] == "mine"
    assert merged.working["draft_subject"] == "S2"
    assert merged.conflict == {}
    assert merged.dirty() == {"draft_body": "mine"}


def test_dirty_field_moved_by_the_server_becomes_a_conflict() -> None:
    merged = merge_server(edited(draft_body="mine"), {**SERVER, "draft_body": "theirs"})
    assert merged.working["draft_body"] == "mine"
    assert merged.conflict == {"draft_body": "theirs"}
    assert merged.dirty() == {"draft_body": "mine"}


def test_server_catching_up_with_the_edit_makes_it_clean() -> None:
    merged = merge_server(edited(draft_body="mine"), {**SERVER, "draft_body": "mine"})
    assert merged.dirty() == {}
    assert merged.conflict == {}


def test_keep_mine_then_save_writes_the_edit() -> None:
    merged = merge_server(edited(draft_body="mine"), {**SERVER, "draft_body": "theirs"})
    kept = resolve(merged, "draft_body", "mine")
    assert kept.conflict == {}
    assert kept.dirty() == {"draft_body": "mine"}
    assert moved_under(kept, {**SERVER, "draft_body": "theirs"}) == {}


def test_take_server_drops_the_edit() -> None:
    merged = merge_server(edited(draft_body="mine"), {**SERVER, "draft_body": "theirs"})
    taken = resolve(merged, "draft_body", "server")
    assert taken.working["draft_body"] == "theirs"
    assert taken.dirty() == {}
    assert resolve(taken, "draft_body", "mine") == taken


def test_browser_edit_typed_from_an_old_baseline_is_a_conflict() -> None:
    # The server moved to B2 while the browser was still typing on top of B1.
    moved = merge_server(Drafts.from_server(SERVER), {**SERVER, "draft_body": "B2"})
    after = apply_edit(moved, "draft_body", "B1 plus my words", base="B1")
    assert after.working["draft_body"] == "B1 plus my words"
    assert after.conflict == {"draft_body": "B2"}


def test_browser_edit_from_the_current_baseline_is_just_dirty() -> None:
    after = apply_edit(Drafts.from_server(SERVER), "draft_body", "B1!", base="B1")
    assert after.conflict == {}
    assert after.dirty() == {"draft_body": "B1!"}
    back = apply_edit(after, "draft_body", "B1", base="B1")
    assert back.dirty() == {}


def test_moved_under_names_only_dirty_fields_the_server_changed() -> None:
    drafts = edited(draft_body="mine", title="My title")
    server = {**SERVER, "draft_body": "theirs", "draft_subject": "S9"}
    assert moved_under(drafts, server) == {"draft_body": "theirs"}


def test_revert_drops_edits_and_conflicts_for_the_latest_server_values() -> None:
    merged = merge_server(edited(draft_body="mine", title="X"), {**SERVER, "draft_body": "theirs"})
    reverted = revert(merged)
    assert reverted.dirty() == {}
    assert reverted.conflict == {}
    assert reverted.working["draft_body"] == "theirs"
    assert reverted.working["title"] == "T"


def test_skeleton_edits_compare_by_value() -> None:
    drafts = edited(skeleton={"hook": "h", "cta": "reply"})
    merged = merge_server(drafts, {**SERVER, "skeleton": {"hook": "h"}})
    assert merged.dirty() == {"skeleton": {"hook": "h", "cta": "reply"}}
    assert merged.conflict == {}


def test_a_conflict_clears_when_the_server_returns_to_the_baseline() -> None:
    merged = merge_server(edited(draft_body="mine"), {**SERVER, "draft_body": "theirs"})
    back = merge_server(merged, SERVER)
    assert back.conflict == {}
    assert back.dirty() == {"draft_body": "mine"}


def test_typing_during_our_own_save_is_not_a_conflict() -> None:
    sent = edited(draft_body="saved text")
    typing_on = Drafts({**sent.working, "draft_body": "saved text and more"}, sent.baseline)
    after = merge_server(
        rebase_saved(typing_on, {"draft_body": "saved text"}),
        {**SERVER, "draft_body": "saved text"},
    )
    assert after.conflict == {}
    assert after.dirty() == {"draft_body": "saved text and more"}
    assert after.baseline["draft_body"] == "saved text"


def test_keep_mine_settles_the_shown_version_and_flags_a_newer_one() -> None:
    merged = merge_server(edited(draft_body="mine"), {**SERVER, "draft_body": "shown"})
    newer = merge_server(merged, {**SERVER, "draft_body": "newer"})
    kept = resolve(newer, "draft_body", "mine", "shown")
    assert kept.baseline["draft_body"] == "shown"
    assert kept.conflict == {"draft_body": "newer"}
    assert kept.working["draft_body"] == "mine"
    assert resolve(merged, "draft_body", "mine", "shown").conflict == {}


def test_take_server_takes_the_newest_server_value() -> None:
    merged = merge_server(edited(draft_body="mine"), {**SERVER, "draft_body": "shown"})
    newer = merge_server(merged, {**SERVER, "draft_body": "newer"})
    taken = resolve(newer, "draft_body", "server", "shown")
    assert taken.working["draft_body"] == taken.baseline["draft_body"] == "newer"
    assert taken.conflict == {}


def test_a_second_click_changes_nothing() -> None:
    merged = merge_server(edited(draft_body="mine"), {**SERVER, "draft_body": "theirs"})
    for keep in ("mine", "server"):
        once = resolve(merged, "draft_body", keep, "theirs")
        assert resolve(once, "draft_body", keep, "theirs") == once


def test_an_edit_on_an_older_base_after_keep_mine_is_just_dirty() -> None:
    # Typed on B1, the server moved to "theirs", the user kept theirs; an edit sent before the
    # browser heard back still names B1.
    merged = merge_server(edited(draft_body="mine"), {**SERVER, "draft_body": "theirs"})
    kept = resolve(merged, "draft_body", "mine", "theirs")
    after = apply_edit(kept, "draft_body", "mine, more", "B1")
    assert after.conflict == {}
    assert after.dirty() == {"draft_body": "mine, more"}
    assert after.baseline["draft_body"] == "theirs"


def test_an_edit_flagged_on_arrival_survives_later_snapshots() -> None:
    # The kernel followed the server to B2 before the edit typed on B1 arrived.
    moved = merge_server(Drafts.from_server(SERVER), {**SERVER, "draft_body": "B2"})
    flagged = apply_edit(moved, "draft_body", "mine", "B1")
    assert flagged.baseline["draft_body"] == "B1"  # what the user typed on, as merge_server has
    again = merge_server(flagged, {**SERVER, "draft_body": "B2", "title": "T2"})
    assert again.conflict == {"draft_body": "B2"}
    assert moved_under(again, {**SERVER, "draft_body": "B2"}) == {"draft_body": "B2"}
    assert resolve(again, "draft_body", "mine", "B2").baseline["draft_body"] == "B2"
