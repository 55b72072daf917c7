"""What a save does against the server's current row, and which browser edits are taken."""

from __future__ import annotations

import pytest

from puffle_widgets.errors import DraftConflictError
from puffle_widgets.widgets.session.drafts import Drafts, plan_save, valid_edit

SERVER = {"title": "T", "draft_subject": "S1", "draft_body": "B1", "skeleton": {"hook": "h"}}


def edited(**working: object) -> Drafts:
    clean = Drafts.from_server(SERVER)
    return Drafts({**clean.working, **working}, clean.baseline)


def test_dirty_fields_are_patched() -> None:
    plan = plan_save(edited(draft_body="B2"), SERVER, busy=False, force=False)
    assert (plan.outcome, plan.fields, plan.notice) == ("patch", {"draft_body": "B2"}, None)


def test_a_busy_session_makes_even_a_forced_save_wait() -> None:
    for force in (False, True):
        plan = plan_save(edited(draft_body="B2"), SERVER, busy=True, force=force)
        assert (plan.outcome, plan.fields) == ("wait", {})


def test_nothing_edited_sends_nothing() -> None:
    plan = plan_save(edited(), SERVER, busy=False, force=False)
    assert (plan.outcome, plan.notice) == ("nothing", "Nothing to save.")


def test_a_server_change_under_an_edit_is_refused_unless_forced() -> None:
    moved = {**SERVER, "draft_body": "B3", "title": "T3"}
    plan = plan_save(edited(draft_body="B2", title="T2"), moved, busy=False, force=False)
    assert (plan.outcome, plan.moved) == ("conflict", ("draft_body", "title"))
    assert plan.notice is not None
    assert "draft_body, title" in plan.notice
    error = plan.conflict_error()
    assert isinstance(error, DraftConflictError)
    assert error.fields == ["draft_body", "title"]
    forced = plan_save(edited(draft_body="B2", title="T2"), moved, busy=False, force=True)
    assert (forced.outcome, forced.fields) == ("patch", {"draft_body": "B2", "title": "T2"})


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("draft_body", "text", True),
        ("title", None, True),
        ("skeleton", {"hook": "h"}, True),
        ("skeleton", "not a dict", False),
        ("draft_body", 42, False),
        ("colour", "red", False),
        (None, "x", False),
    ],
)
def test_browser_edits_must_name_a_field_and_fit_its_type(
    name: object, value: object, ok: bool
) -> None:
    assert valid_edit(name, value) is ok
