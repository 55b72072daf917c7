"""Promote copies a variant's draft onto a real session and never overwrites an unseen change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from puffle_widgets import DraftConflictError, Puffle, Session, SessionWidget
from puffle_widgets.emulator import Emulator
from puffle_widgets.lab import PromptLab
from puffle_widgets.lab.result import LabResult
from tests.widgets.conftest import until


@pytest.fixture
def target(client: Puffle, campaign: tuple[str, str]) -> str:
    """A real session with a draft of its own."""
    session = client.sessions.create(campaign_id=campaign[0], node_id=campaign[1])
    client.sessions.update(
        session.id, title="The real one", draft_subject="Old subject", draft_body="Old body"
    )
    return session.id


@pytest.fixture
def finished(make_lab: Callable[..., PromptLab]) -> tuple[PromptLab, LabResult]:
    """A lab whose run of two variants has finished (run from a plain thread)."""
    lab = make_lab()
    result = lab.run(["Write an intro email for VPs of Sales", "Write one for founders"], turns=2)
    lab.wait_sync(timeout=60)
    return lab, result


def test_promote_writes_subject_body_and_skeleton(
    client: Puffle, target: str, finished: tuple[PromptLab, LabResult]
) -> None:
    lab, result = finished
    saved = lab.promote("B", target)

    variant = result["B"]
    assert (saved.draft_subject, saved.draft_body) == (variant.subject, variant.body)
    assert saved.skeleton == variant.skeleton
    assert saved.title == "The real one"  # only the draft fields are copied
    assert client.sessions.get(target).draft_body == variant.body
    assert variant.promoted_to == [target]
    assert "Promoted to" in lab.grid.variants[1]["notice"]


def test_promote_refuses_a_change_made_since_the_caller_looked(
    client: Puffle, target: str, finished: tuple[PromptLab, LabResult]
) -> None:
    lab, _ = finished
    seen = client.sessions.get(target)
    client.sessions.update(target, draft_body="Someone else's edit")  # unseen by the caller

    with pytest.raises(DraftConflictError) as caught:
        lab.promote("A", target, expected=seen)

    assert caught.value.fields == ["draft_body"]
    assert "draft_body" in str(caught.value)
    assert client.sessions.get(target).draft_body == "Someone else's edit"  # nothing written


def test_promote_rereads_just_before_writing(
    client: Puffle,
    target: str,
    finished: tuple[PromptLab, LabResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A change landing between the first read and the write is caught by the second read."""
    lab, _ = finished
    sessions = lab._sync.sessions
    real_get = sessions.get
    reads: list[str] = []

    def get_then_someone_edits(session_id: str) -> Session:
        session = real_get(session_id)
        reads.append(session_id)
        if len(reads) == 1:
            client.sessions.update(target, draft_subject="Edited meanwhile")
        return session

    monkeypatch.setattr(sessions, "get", get_then_someone_edits)
    with pytest.raises(DraftConflictError) as caught:
        lab.promote("A", target)

    assert caught.value.fields == ["draft_subject"]
    assert len(reads) == 2
    assert client.sessions.get(target).draft_subject == "Edited meanwhile"


def test_promote_onto_a_busy_session_waits_and_refuses_what_the_task_wrote(
    emulator: Emulator, client: Puffle, target: str, finished: tuple[PromptLab, LabResult]
) -> None:
    lab, _ = finished
    client.sessions.turn(target, "Write an intro email for VPs of Sales")
    client.sessions.wait(target)  # questions first; the next turn rewrites the draft
    emulator.faults.stick(target)
    client.sessions.turn(target, "From Sid, angle: time-to-ROI")
    since = len(emulator.requests)
    outcome: list[BaseException | Session] = []

    def promote() -> None:
        try:
            outcome.append(lab.promote("A", target))
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=promote)
    thread.start()
    emulator.wait_for_request("getAiChatSession", since=since)  # it read the busy session
    emulator.faults.unstick(target)
    thread.join(30)

    assert len(outcome) == 1 and isinstance(outcome[0], DraftConflictError)
    assert set(outcome[0].fields) >= {"draft_subject", "draft_body"}
    assert client.sessions.get(target).draft_subject != lab.result["A"].subject  # type: ignore[index]


@pytest.mark.usefixtures("loop_errors")
async def test_promote_refuses_a_widget_with_unsaved_edits(
    client: Puffle, target: str, make_lab: Callable[..., PromptLab]
) -> None:
    lab = make_lab()
    lab.run(["Write an intro email for VPs of Sales"], turns=2)
    await lab.wait()
    widget = SessionWidget(target, client=client)
    try:
        widget.draft_body = "My unsaved words"
        with pytest.raises(DraftConflictError) as caught:
            lab.promote("A", widget)
        assert caught.value.fields == ["draft_body"]
        assert client.sessions.get(target).draft_body == "Old body"

        widget.revert()
        saved = lab.promote("A", widget)
        assert saved.draft_body == lab.result["A"].body  # type: ignore[index]
    finally:
        widget.close()


@pytest.mark.usefixtures("loop_errors")
async def test_promote_by_id_refuses_while_an_open_widget_of_the_target_has_unsaved_edits(
    client: Puffle, target: str, make_lab: Callable[..., PromptLab]
) -> None:
    """The target's widget need not be passed in: any open one of this kernel counts (here
    one the user opened elsewhere), from a cell and from the grid's Promote alike."""
    lab = make_lab()
    lab.run(["Write an intro email for VPs of Sales"], turns=2)
    await lab.wait()
    widget = SessionWidget(target, client=client)
    widget.draft_subject = "My unsaved subject"
    try:
        with pytest.raises(DraftConflictError, match="unsaved edits of draft_subject") as caught:
            lab.promote("A", target)
        assert caught.value.fields == ["draft_subject"]
        lab.grid._handle_custom_msg({"type": "promote", "variant": "A", "session_id": target}, [])

        def refused() -> bool:
            return str(lab.grid.variants[0]["notice"]).startswith("Not promoted: DraftConflict")

        await until(lab.grid, "variants", refused)
        assert client.sessions.get(target).draft_subject == "Old subject"  # nothing written
    finally:
        widget.close()
    saved = lab.promote("A", target)  # the closed widget holds nothing any more
    assert saved.draft_subject == lab.result["A"].subject  # type: ignore[index]


@pytest.mark.parametrize(
    ("variant", "target_id", "error", "match"),
    [
        ("Z", None, ValueError, "No variant 'Z'"),
        ("A", "nope", ValueError, "session id"),
    ],
)
def test_promote_checks_its_arguments(
    finished: tuple[PromptLab, LabResult],
    target: str,
    variant: str,
    target_id: Any,
    error: type[Exception],
    match: str,
) -> None:
    lab, _ = finished
    with pytest.raises(error, match=match):
        lab.promote(variant, target_id or target)


async def test_promote_needs_a_draft(
    emulator: Emulator, target: str, make_lab: Callable[..., PromptLab]
) -> None:
    emulator.faults.status("runAiChatTurn", 500)
    lab = make_lab()
    lab.run(["Write an intro email"])
    await lab.wait()
    with pytest.raises(ValueError, match="no draft to promote"):
        lab.promote("A", target)
