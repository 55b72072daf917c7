"""The grid's state follows the run live, and what the browser sends (star, note, baseline, Stop,
Promote) reaches the result. The browser side is simulated with the comm messages it sends."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from puffle_widgets.lab import PromptLab
from puffle_widgets.lab.grid import LabGrid
from puffle_widgets.lab.rows import ROW_KEYS

pytestmark = pytest.mark.usefixtures("loop_errors")
BRIEFS = ["Write an intro email for VPs of Sales", "Write one for founders about hiring"]


def browser_sends(grid: LabGrid, content: dict[str, Any]) -> None:
    """A custom message, as the front end's `model.send(content)` delivers it."""
    grid._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})


def browser_sets(grid: LabGrid, **state: Any) -> None:
    """A trait change made in the browser (`model.set(...); model.save_changes()`)."""
    data = {"method": "update", "state": state, "buffer_paths": []}
    grid._handle_msg({"content": {"data": data}, "buffers": []})


async def drain() -> None:
    """Let the loop run every callback scheduled so far, without a timed sleep."""
    for _ in range(3):
        done = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_soon(done.set_result, None)
        await done


async def test_the_grid_fills_in_live_and_ends_complete(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    lab = make_lab(concurrency=1)
    seen: list[dict[str, int]] = []
    lab.grid.observe(lambda change: seen.append(dict(change["new"])), names="progress")
    lab.run(BRIEFS, turns=2)
    await lab.wait()

    done = [p["turns_done"] for p in seen]
    assert done == sorted(done) and done[0] == 0 and done[-1] == 4
    assert len(set(done)) >= 4  # each turn showed up as it finished
    grid = lab.grid
    assert grid.run_state == "done"
    assert grid.progress == {
        "variants": 2,
        "finished": 2,
        "failed": 0,
        "skipped": 0,
        "turns": 4,
        "turns_done": 4,
    }
    a, b = grid.variants
    assert set(a) == set(ROW_KEYS)
    assert (a["status"], a["turns_done"], a["turns"]) == ("done", 2, 2)
    assert a["subject"] and a["body"] and a["metrics"]["body_words"] > 0
    assert a["diff"] is None  # the baseline
    assert {op for op, _ in b["diff"]["body"]} >= {"eq", "add"}
    assert [f["lead"] for f in b["filled"]] == ["Sarah Lee (Acme)", "Tom (Globex)"]
    assert "%first_name%" not in b["filled"][0]["body"]
    assert a["skeleton"][0][0] == "Hook"
    assert grid.leads == ["Sarah Lee (Acme)", "Tom (Globex)"]
    assert emulator.api_key not in json.dumps(grid.get_state(), default=str)


async def test_a_failed_variant_shows_its_error_in_its_row(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    emulator.faults.status("runAiChatTurn", 500)
    lab = make_lab(concurrency=1)
    lab.run(BRIEFS, turns=2)
    await lab.wait()
    a, b = lab.grid.variants
    assert a["status"] == "failed"
    assert "InternalServerError" in a["error"]
    assert a["metrics"] is None and a["diff"] is None
    assert b["status"] == "done" and b["error"] is None
    assert lab.grid.progress["failed"] == 1


async def test_star_and_note_from_the_browser_travel_with_the_result(
    make_lab: Callable[..., PromptLab],
) -> None:
    lab = make_lab()
    result = lab.run(BRIEFS, turns=2)
    await lab.wait()

    browser_sets(lab.grid, ratings={"B": {"star": True, "note": "Warmer <b>tone</b>"}})
    await drain()

    assert (result["B"].star, result["B"].note) == (True, "Warmer <b>tone</b>")
    assert result["A"].star is False
    frame = result.to_frame()
    assert bool(frame.loc["B", "star"]) is True
    assert frame.loc["B", "note"] == "Warmer <b>tone</b>"
    assert "| B | done |" in result.to_markdown()
    assert "★" in result.to_markdown()
    assert lab.grid.ratings["B"] == {"star": True, "note": "Warmer <b>tone</b>"}

    result.rate("A", star=True, note="Shorter")  # from a cell: the grid shows it too
    assert lab.grid.ratings["A"] == {"star": True, "note": "Shorter"}
    browser_sets(lab.grid, ratings={"Z": {"star": True}, "A": "not a rating"})
    await drain()
    assert result.ratings() == {
        "A": {"star": True, "note": "Shorter"},
        "B": {"star": True, "note": "Warmer <b>tone</b>"},
    }


async def test_a_star_from_the_browser_is_in_the_result_when_its_message_is_handled(
    make_lab: Callable[..., PromptLab],
) -> None:
    """On the lab's loop thread (a Jupyter kernel's comm handler, a marimo kernel's), the change
    is applied before the handler returns: marimo reruns a cell following the grid's value
    right after, and that cell must see the result holding the star."""
    lab = make_lab()
    result = lab.run(BRIEFS, turns=2)
    await lab.wait()
    seen: list[dict[str, Any]] = []
    lab.grid.observe(lambda _change: seen.append(result.ratings()["B"]), names="ratings")

    browser_sets(lab.grid, ratings={"B": {"star": True, "note": ""}})

    assert result["B"].star is True  # no turn of the loop in between
    assert seen and seen[-1]["star"] is True


async def test_the_baseline_chosen_in_the_browser_recomputes_the_diffs(
    make_lab: Callable[..., PromptLab],
) -> None:
    lab = make_lab()
    result = lab.run(BRIEFS, turns=2)
    await lab.wait()

    browser_sets(lab.grid, baseline="B")
    await drain()
    assert result.baseline == "B"
    a, b = lab.grid.variants
    assert a["diff"] is not None and b["diff"] is None

    browser_sets(lab.grid, baseline="no such variant")
    await drain()
    assert result.baseline == "B"
    assert lab.grid.baseline == "B"


async def test_stop_from_the_browser_skips_what_has_not_started(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    since = len(emulator.requests)
    lab = make_lab(concurrency=1)
    result = lab.run([*BRIEFS, "A third brief"], turns=1)
    await asyncio.to_thread(emulator.wait_for_request, "runAiChatTurn", since=since)
    browser_sends(lab.grid, {"type": "stop"})
    await lab.wait()
    assert [v.status for v in result] == ["done", "skipped", "skipped"]
    assert lab.grid.progress["skipped"] == 2


async def test_promote_from_the_browser_reports_in_the_column(
    client: Puffle, campaign: tuple[str, str], make_lab: Callable[..., PromptLab]
) -> None:
    target = client.sessions.create(campaign_id=campaign[0], node_id=campaign[1]).id
    lab = make_lab()
    result = lab.run(BRIEFS, turns=2)
    await lab.wait()

    browser_sends(lab.grid, {"type": "promote", "variant": "B", "session_id": f" {target} "})
    await drain()
    await asyncio.gather(*lab._work.tasks)
    assert client.sessions.get(target).draft_body == result["B"].body
    assert lab.grid.variants[1]["notice"] == f"Promoted to {target}."

    browser_sends(lab.grid, {"type": "promote", "variant": "A", "session_id": "not-an-id"})
    await drain()
    await asyncio.gather(*lab._work.tasks)
    assert lab.grid.variants[0]["notice"].startswith("Not promoted: ValueError")

    browser_sends(lab.grid, {"type": "promote", "variant": "A"})  # malformed: ignored
    browser_sends(lab.grid, {"type": "explode"})  # unknown: ignored
    await drain()
    assert not lab._work.tasks


async def test_the_baseline_is_the_first_variant_with_a_draft_until_one_is_chosen(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    emulator.faults.status("runAiChatTurn", 500)
    lab = make_lab(concurrency=1)
    result = lab.run([*BRIEFS, "A third brief"], turns=2)
    await lab.wait()
    assert result["A"].status == "failed"
    assert result.baseline == lab.grid.baseline == "B"
    assert lab.grid.variants[2]["diff"] is not None
    result.baseline = "C"
    assert lab.grid.baseline == "C"
    assert lab.grid.variants[1]["diff"] is not None
