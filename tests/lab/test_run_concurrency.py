"""A run drives every variant through its own fresh session, a bounded number at a time.

Concurrency is shown by counting, in the emulator's request log, how many sessions were busy
with a turn at once (see claims.py): never more than the bound, and the bound itself reached,
so the run takes about the time of its slowest variants, not the sum of all turns.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from puffle_widgets.emulator import Emulator
from puffle_widgets.lab import LAB_PREFIX, PromptLab
from tests.lab.claims import overlap

BRIEFS = [
    "Write an intro email for VPs of Sales",
    "Write a short intro email for founders about hiring",
    "Cold email to CTOs about security audits",
    "Write an email to Heads of RevOps about forecasting",
    "Intro email for marketing leads about attribution",
    "Write a follow-up email for HR directors about onboarding",
    "Short email to CFOs about spend control",
    "Write an intro email for engineering managers about on-call",
]


@pytest.mark.parametrize("concurrency", [4, 3])
async def test_eight_variants_of_two_turns_run_at_most_and_at_least_the_bound_at_once(
    emulator: Emulator, make_lab: Callable[..., PromptLab], concurrency: int
) -> None:
    emulator.latency = 0.5  # long enough that every slot's turn overlaps the others'
    since = len(emulator.requests)
    lab = make_lab(concurrency=concurrency)

    result = lab.run(BRIEFS, turns=2)
    assert result.names == list("ABCDEFGH")
    await lab.wait()

    assert [v.status for v in result] == ["done"] * 8
    assert all(v.turns_done == 2 for v in result)
    assert all(v.has_draft for v in result)
    counted = overlap(emulator.requests[since:])
    assert counted.claims == 16
    assert counted.seen_together == concurrency
    assert counted.claimed_together == concurrency


async def test_each_variant_gets_a_fresh_marked_session_and_its_own_script(
    emulator: Emulator, make_lab: Callable[..., PromptLab], campaign: tuple[str, str]
) -> None:
    since = len(emulator.requests)
    lab = make_lab()
    result = lab.run(
        {"short": "Write a two-line intro", "scripted": ["Intro email", "For CTOs"]}, turns=3
    )
    await lab.wait()

    ids = {v.session_id for v in result}
    assert len(ids) == 2 and None not in ids
    assert set(lab.session_ids) == ids
    for variant in result:
        assert variant.session is not None
        assert variant.session.campaign_id == campaign[0]
        assert variant.session.node_id == campaign[1]
        assert variant.session.title is not None
        assert variant.session.title.startswith(f"{LAB_PREFIX}{variant.name} · ")
        sent = [m.content for m in variant.session.transcript if m.role == "user"]
        assert sent == list(variant.messages)
    assert len(result["short"].messages) == 3  # a message: the message, then follow-ups
    assert result["scripted"].messages == ("Intro email", "For CTOs")  # a script, as written
    turns = [r for r in emulator.requests[since:] if r.operation_id == "runAiChatTurn"]
    assert {tuple(t.body["availableVarNames"]) for t in turns} == {
        ("first_name", "company", "position")
    }
    assert all(t.body["sampleLeads"][0]["first_name"] == "Sarah" for t in turns)


async def test_a_second_run_waits_for_the_first(make_lab: Callable[..., PromptLab]) -> None:
    lab = make_lab()
    lab.run(["Write an intro email"])
    with pytest.raises(RuntimeError, match="in progress"):
        lab.run(["Another"])
    first = await lab.wait()
    second = lab.run(["Another"])
    assert second is not first
    assert lab.result is second
    await lab.wait()
    assert second["A"].status == "done"


def test_from_a_plain_script_wait_sync_blocks_until_done(
    make_lab: Callable[..., PromptLab],
) -> None:
    lab = make_lab()
    result = lab.run(["Write an intro email", "Write a short one"], turns=2)
    assert lab.wait_sync(timeout=60) is result
    assert result.done
    assert result.counts() == {
        "variants": 2,
        "finished": 2,
        "failed": 0,
        "skipped": 0,
        "turns": 4,
        "turns_done": 4,
    }


async def test_wait_sync_on_the_lab_loop_says_to_await(make_lab: Callable[..., PromptLab]) -> None:
    lab = make_lab()
    lab.run(["Write an intro email"])
    with pytest.raises(RuntimeError, match=r"await lab\.wait"):
        lab.wait_sync()
    await lab.wait()


async def test_wait_before_any_run_says_what_to_do(make_lab: Callable[..., PromptLab]) -> None:
    with pytest.raises(RuntimeError, match=r"lab.run\(\[...\]\)"):
        await make_lab().wait()
