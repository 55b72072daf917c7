"""In a real kernel: an action handed in by a cell goes out at the end of that cell (so a
notebook run headless sends it before its kernel is shut down), without blocking the cell
through a rate limit's Retry-After: that wait is left to the kernel's loop."""

from __future__ import annotations

from typing import Any

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from tests.jupyter.conftest import outputs_of, run_notebook


def printed(cell: Any) -> str:
    return "".join(o.get("text", "") for o in outputs_of(cell, "stream"))


def test_a_rate_limited_send_leaves_the_wait_to_the_loop(emulator: Emulator) -> None:
    with Puffle(api_key=emulator.api_key, base_url=emulator.url) as client:
        campaign_id, nodes = emulator.new_campaign(nodes=1)
        session_id = client.sessions.create(campaign_id=campaign_id, node_id=nodes[0]).id
    since = len(emulator.requests)
    emulator.faults.status("runAiChatTurn", 429, retry_after=30)
    nb = run_notebook(
        [
            "from puffle_widgets import SessionWidget\n"
            "from puffle_widgets.live import configure\n\n"
            "configure(max_retry_after=5)\n"
            f"w = SessionWidget({session_id!r})",
            'entry = w.send("hello")',
            'print(w.outbox[0]["state"], w.problem["kind"], w.problem["retry_at"] is not None)',
            "session = await w.wait()\nprint([m.role for m in session.transcript], w.outbox)",
        ],
        env=emulator.env(),
    )
    # The end of the send's cell sent it once and met the 429; the next cell saw it waiting.
    assert printed(nb.cells[2]).split() == ["sending", "rate_limited", "True"]
    assert "['user', 'assistant'] []" in printed(nb.cells[3])
    turns = [r.status for r in emulator.requests[since:] if r.operation_id == "runAiChatTurn"]
    assert turns == [429, 202]
