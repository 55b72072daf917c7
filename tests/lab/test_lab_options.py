"""PromptLab checks what it is given, runs examples for a chosen variant, and closes cleanly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from puffle_widgets import InternalServerError, Puffle
from puffle_widgets.emulator import Emulator
from puffle_widgets.lab import PromptLab

pytestmark = pytest.mark.usefixtures("loop_errors")
GOOD = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


@pytest.mark.parametrize(
    ("args", "options", "error", "match"),
    [
        (("nope", GOOD), {}, ValueError, "campaign_id 'nope'"),
        ((GOOD, "nope"), {}, ValueError, "node_id 'nope'"),
        ((GOOD, GOOD), {"concurrency": 0}, ValueError, "concurrency"),
        ((GOOD, GOOD), {"concurrency": True}, ValueError, "concurrency"),
        ((GOOD, GOOD), {"leads": {"first_name": "Sarah"}}, TypeError, "leads must be a list"),
        ((GOOD, GOOD), {"available_var_names": "first_name"}, TypeError, "list of names"),
        ((GOOD, GOOD), {"client": "a key"}, TypeError, "client must be a Puffle"),
        ((GOOD, GOOD), {"turn_timeout": 0}, ValueError, "turn_timeout"),
    ],
)
def test_bad_options_are_refused_with_what_to_fix(
    client: Puffle,
    args: tuple[str, str],
    options: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    with pytest.raises(error, match=match):
        PromptLab(*args, **{"client": client, **options})


async def test_examples_for_a_chosen_variant(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    lab = make_lab()
    with pytest.raises(RuntimeError, match="No run yet"):
        lab.generate_examples("A")
    result = lab.run(["Write an intro email", "Write a short one"], turns=2)
    await lab.wait()

    lab.generate_examples("B", leads=[{"first_name": "Ada", "company": "Initech"}])
    await lab.wait()
    (example,) = result["B"].examples
    assert "Ada" in (example.body or "")
    assert result["A"].examples == []
    assert lab.grid.variants[1]["examples"] == 1
    assert lab.grid.variants[1]["notice"] == "1 examples written."

    emulator.faults.status("generateAiChatExamples", 500)
    lab.generate_examples("A")
    with pytest.raises(InternalServerError):
        await lab.wait()
    assert lab.grid.variants[0]["notice"].startswith("Examples failed: InternalServerError")


async def test_examples_need_a_done_variant_and_leads(
    emulator: Emulator, make_lab: Callable[..., PromptLab]
) -> None:
    emulator.faults.status("runAiChatTurn", 500)  # the first turn to arrive, A's or B's
    lab = make_lab(leads=None)
    result = lab.run(["Write an intro email", "Write an intro email"])
    await lab.wait()
    by_status = {v.status: v.name for v in result}
    assert set(by_status) == {"failed", "done"}
    with pytest.raises(ValueError, match="needs leads"):
        lab.generate_examples(by_status["done"])
    with pytest.raises(ValueError, match="is failed"):
        lab.generate_examples(by_status["failed"], leads=[{"first_name": "Ada"}])
    with pytest.raises(ValueError, match="No variant 'C'"):
        lab.generate_examples("C")


def test_options_read_back_and_concurrency_can_change(make_lab: Callable[..., PromptLab]) -> None:
    lab = make_lab(concurrency=2)
    assert lab.leads[0]["first_name"] == "Sarah"
    lab.leads[0]["first_name"] = "changed"  # a copy: the lab's own leads stay
    assert lab.leads[0]["first_name"] == "Sarah"
    assert lab.available_var_names == ["first_name", "company", "position"]
    lab.concurrency = 6
    assert lab.concurrency == 6
    with pytest.raises(ValueError, match="concurrency"):
        lab.concurrency = -1


async def test_a_closed_lab_refuses_work(make_lab: Callable[..., PromptLab]) -> None:
    lab = make_lab()
    assert repr(lab).endswith("no run yet)")
    lab.close()
    lab.close()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        lab.run(["Hi"])
