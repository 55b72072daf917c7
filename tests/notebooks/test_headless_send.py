"""Issue 11.4: a notebook executed headless that ends right after `w.send(...)` is saved with
the message that was sent and "generating when this notebook was saved", in the static
snapshot and in the saved widget state, never the old idle state."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator

pytestmark = pytest.mark.notebook

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MESSAGE = "Write a version for CFOs, about cost of delay"


def snapshots(nb: Any) -> list[str]:
    return [
        "".join(output["data"]["text/html"])
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if "puffle-fallback" in "".join(output.get("data", {}).get("text/html", ""))
    ]


def test_a_notebook_ending_in_send_is_saved_generating(emulator: Emulator, tmp_path: Path) -> None:
    with Puffle(api_key=emulator.api_key, base_url=emulator.url) as client:
        campaign_id, nodes = emulator.new_campaign(nodes=1)
        session_id = client.sessions.create(campaign_id=campaign_id, node_id=nodes[0]).id
    emulator.faults.stick(session_id)  # the turn still runs when the kernel is shut down
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                f"from puffle_widgets import SessionWidget\n\nw = SessionWidget({session_id!r})\nw"
            ),
            nbformat.v4.new_code_cell(f"w.send({MESSAGE!r})"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PUFFLE_")}, **emulator.env()}
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute(env=env)
    nbformat.write(nb, tmp_path / "saved.ipynb")

    # The message went out before the kernel was shut down (the end of its cell sent it).
    turns = [r for r in emulator.requests if r.operation_id == "runAiChatTurn"]
    assert [(r.body["message"], r.status) for r in turns] == [(MESSAGE, 202)]

    [snapshot] = snapshots(nb)
    flat = " ".join(snapshot.split())
    assert MESSAGE in flat
    assert "Generating when this notebook was saved" in flat
    assert "Session as read from Puffle" in flat  # a snapshot says when it was taken

    states = nb.metadata["widgets"][WIDGET_STATE]["state"]
    [state] = [s["state"] for s in states.values() if s["state"].get("session_id") == session_id]
    in_outbox = [e["text"] for e in state["outbox"]]
    in_transcript = [m["content"] for m in state["messages"] if m["role"] == "user"]
    assert MESSAGE in in_outbox + in_transcript
    assert state["status"] == "chat_processing"  # never the old idle state
    emulator.faults.unstick(session_id)
