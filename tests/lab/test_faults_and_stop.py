"""One variant's failure stops neither the others nor the kernel; busy answers are waited out;
Stop skips the variants that have not started and lets the running ones finish."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator, RequestRecord
from puffle_widgets.lab import PromptLab

pytestmark = pytest.mark.usefixtures("loop_errors")

BRIEFS = ["Write an intro email", "Write a short intro", "Cold email to CTOs", "Email to CFOs"]


async def test_a_failed_turn_fails_one_variant_and_the_others_finish(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    emulator.faults.status("runAiChatTurn", 500)  # one turn, whichever variant sends first
    lab = make_lab()
    result = lab.run(BRIEFS, turns=2)
    await lab.wait()  # nothing raises

    statuses = sorted(v.status for v in result)
    assert statuses == ["done", "done", "done", "failed"]
    failed = next(v for v in result if v.status == "failed")
    assert failed.error is not None and "InternalServerError" in failed.error
    assert failed.turns_done == 0
    assert all(v.has_draft for v in result if v.status == "done")


async def test_a_session_gone_404_fails_only_its_variant(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    emulator.faults.status("getAiChatSession", 404)
    lab = make_lab()
    result = lab.run(BRIEFS, turns=2)
    await lab.wait()

    assert sorted(v.status for v in result) == ["done", "done", "done", "failed"]
    failed = next(v for v in result if v.status == "failed")
    assert failed.error is not None and "NotFoundError" in failed.error
    assert result.counts()["failed"] == 1


async def test_a_failed_create_and_a_failed_mark_leave_no_unmarked_session(
    emulator: Emulator,
    make_lab: Callable[..., PromptLab],
    client: Puffle,
    campaign: tuple[str, str],
) -> None:
    emulator.faults.status("createAiChatSession", 503)
    emulator.faults.status("updateAiChatSession", 500)
    lab = make_lab()
    result = lab.run(BRIEFS[:3])
    await lab.wait()

    assert sorted(v.status for v in result) == ["done", "failed", "failed"]
    listed = client.sessions.list(campaign[0])
    assert len(listed) == 1  # the session whose marking failed was deleted again
    assert all((s.title or "").startswith("[lab] ") for s in listed)


async def test_busy_answers_are_waited_out_never_fatal(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    emulator.faults.status("runAiChatTurn", 409, times=3)
    emulator.faults.status("generateAiChatExamples", 409)
    lab = make_lab(concurrency=1)
    result = lab.run(BRIEFS[:2], turns=2)
    await lab.wait()
    assert [v.status for v in result] == ["done", "done"]

    lab.generate_examples("B")
    await lab.wait()
    assert len(result["B"].examples) == 2  # one per sample lead


async def test_a_lost_turn_answer_is_not_sent_twice(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    since = len(emulator.requests)
    emulator.faults.drop("runAiChatTurn", after=True)  # the turn ran; its answer was lost
    lab = make_lab()
    result = lab.run(BRIEFS[:1], turns=2)
    await lab.wait()

    assert result["A"].status == "done"
    assert result["A"].turns_done == 2
    turns = [r for r in emulator.requests[since:] if r.operation_id == "runAiChatTurn"]
    assert len(turns) == 2
    user = [m for m in result["A"].session.transcript if m.role == "user"]  # type: ignore[union-attr]
    assert len(user) == 2


async def test_stop_skips_variants_not_started_and_lets_running_ones_finish(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    since = len(emulator.requests)
    lab = make_lab(concurrency=1)
    result = lab.run(BRIEFS[:3], turns=2)
    turn = await _first_turn(emulator, since)
    lab.stop()  # A holds the only slot; B and C never started
    lab.stop()  # stopping twice is harmless
    await lab.wait()

    assert [v.status for v in result] == ["done", "skipped", "skipped"]
    assert result["A"].turns_done == 2
    assert result["A"].session_id == turn.session_id
    assert result["B"].session_id is None and result["C"].session_id is None
    creates = [r for r in emulator.requests[since:] if r.operation_id == "createAiChatSession"]
    assert len(creates) == 1
    assert lab.grid.run_state == "done"
    assert result.counts()["skipped"] == 2


def test_stop_without_a_run_does_nothing(make_lab: Callable[..., PromptLab]) -> None:
    lab = make_lab()
    lab.stop()
    assert lab.result is None


async def _first_turn(emulator: Emulator, since: int) -> RequestRecord:
    return await asyncio.to_thread(emulator.wait_for_request, "runAiChatTurn", since=since)
