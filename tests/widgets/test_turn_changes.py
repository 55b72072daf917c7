"""What a finished turn changed (changes.py): the pure rules, then a widget against the emulator."""

from __future__ import annotations

from typing import Any

from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.emulator import Emulator
from puffle_widgets.widgets.session.changes import (
    MAX_CHANGES,
    TurnLog,
    ends_turn,
    examples_version,
    slim,
    turn_change,
)
from tests.widgets.conftest import make

ASKED = [{"role": "user", "content": "Shorter"}]
ANSWERED = [*ASKED, {"role": "assistant", "content": "Done."}]


def row(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "Intro",
        "messages": ASKED,
        "draft_subject": "Hi %company%",
        "draft_body": "Long body.",
        "skeleton": {"hook": "ROI"},
        "framework_version": 3,
        "task_status": None,
        "generated_examples": None,
    }
    return {**base, **fields}


def test_a_finished_turn_is_one_with_a_new_assistant_reply_and_no_task() -> None:
    before = row()
    assert ends_turn(before, row(messages=ANSWERED))
    assert not ends_turn(before, row(messages=ANSWERED, task_status="chat_processing"))
    assert not ends_turn(before, row())  # nothing new
    assert not ends_turn(before, row(messages=[*ASKED, {"role": "user", "content": "More"}]))
    assert ends_turn(slim(before), row(messages=ANSWERED))  # the slim form counts messages


def test_the_change_names_fields_versions_and_values() -> None:
    after = row(messages=ANSWERED, draft_body="Short body.", framework_version=4)
    change = turn_change(row(), after, {})
    assert change is not None
    assert change.message_index == 1
    assert change.fields == ("draft_body",)
    assert (change.from_version, change.to_version) == (3, 4)
    assert change.before["draft_body"] == "Long body."
    assert change.after["draft_body"] == "Short body."
    assert change.replaced_hand_edit == ()
    # Only the fields the turn changed travel with the record.
    assert set(change.as_trait()["before"]) == set(change.as_trait()["after"]) == {"draft_body"}


def test_a_turn_that_changed_nothing_says_so() -> None:
    change = turn_change(row(), row(messages=ANSWERED), {})
    assert change is not None
    assert change.fields == ()


def test_a_replaced_hand_save_is_named_and_a_kept_one_is_not() -> None:
    before = row(draft_body="My own body.", draft_subject="My subject")
    after = row(messages=ANSWERED, draft_body="Rewritten.", draft_subject="My subject")
    hand = {"draft_body": "My own body.", "draft_subject": "My subject"}
    change = turn_change(before, after, hand)
    assert change is not None
    assert change.replaced_hand_edit == ("draft_body",)
    # A hand save that the server had already moved past is not what the turn replaced.
    change = turn_change(before, after, {"draft_body": "Older text."})
    assert change is not None
    assert change.replaced_hand_edit == ()


def test_examples_version_prefers_the_examples_own_tag() -> None:
    tagged = [{"subject": "a", "framework_version": 6}, {"subject": "b", "framework_version": 7}]
    assert examples_version(row(generated_examples=tagged, framework_version=8), None, None) == 6
    plain = [{"subject": "a"}]
    arrived = row(generated_examples=plain, framework_version=5)
    assert examples_version(arrived, None, None) == 5
    # The same examples under a newer draft keep the version they arrived with.
    later = row(generated_examples=plain, framework_version=7)
    assert examples_version(later, slim(arrived), 5) == 5
    assert examples_version(row(generated_examples=[]), None, 5) is None


def test_the_log_reports_only_what_changed_and_keeps_a_bounded_list() -> None:
    log = TurnLog()
    assert log.observe(row()) == {}
    messages = list(ASKED)
    for turn in range(MAX_CHANGES + 3):
        messages = [*messages, {"role": "assistant", "content": f"Reply {turn}"}]
        update = log.observe(row(messages=messages, framework_version=4 + turn))
        assert set(update) == {"turn_changes"}
        messages = [*messages, {"role": "user", "content": "Again"}]
        log.observe(row(messages=messages, task_status="chat_processing"))
    # Trimmed by halves once full, so that appends stay deltas most of the time.
    assert len(log.changes) == MAX_CHANGES // 2 + 2  # trimmed at the 101st, then two more
    assert log.changes[-1]["message_index"] == len(messages) - 2


async def test_a_turn_in_the_widget_records_what_it_changed(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, emulator: Emulator
) -> None:
    w = make(widgets, drafted_id, client)
    assert w.turn_changes == []
    before = emulator.get_session(drafted_id)
    w.draft_body = "Hi %first_name%, my own words."
    w.save()
    w.send("Make it about onboarding speed instead")
    session = await w.wait()
    assert len(w.turn_changes) == 1
    change = w.turn_changes[0]
    assert change["message_index"] == len(session.transcript) - 1
    assert change["from_version"] == before["framework_version"]
    assert change["to_version"] == session.framework_version
    assert "draft_body" in change["fields"]
    assert change["before"]["draft_body"] == "Hi %first_name%, my own words."
    assert change["after"]["draft_body"] == session.draft_body
    assert change["replaced_hand_edit"] == ["draft_body"]


async def test_examples_version_follows_the_examples(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str
) -> None:
    w = make(widgets, drafted_id, client, sample_leads=[{"first_name": "Ann", "company": "Acme"}])
    assert w.examples_version is None
    w.generate_examples()
    session = await w.wait()
    assert w.examples_version == session.framework_version
    w.send("Lead with the free pilot")
    session = await w.wait()
    assert session.generated_examples  # a turn keeps the examples
    assert session.framework_version is not None
    assert w.examples_version is not None
    assert w.examples_version < session.framework_version
