"""The extension in a real kernel (nbclient): live widgets, their static snapshots, the turn
magic's value, and the state a saved notebook keeps."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.jupyter.conftest import outputs_of, run_notebook

pytestmark = pytest.mark.notebook

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

SETUP = """\
%load_ext puffle_widgets
emu = %puffle_emulator --latency 0.2
sid = emu.demo_session_ids["drafted"]
"""


def widget_state(nb: Any, model_id: str) -> dict[str, Any]:
    state: dict[str, Any] = nb.metadata["widgets"][WIDGET_STATE]["state"][model_id]["state"]
    return state


@pytest.fixture(scope="module")
def turned() -> Any:
    """A notebook that shows a session, turns it with the magic, and looks at the result."""
    return run_notebook(
        [
            SETUP,
            "%puffle $sid",
            "%%puffle_turn $sid --vars first_name,company\nMake it shorter and mention onboarding",
            "_.transcript[-1].role, len(_.transcript)",
            "emu.demo_session_ids",
        ]
    )


def test_emulator_magic_needs_no_key(turned: Any) -> None:
    setup = turned.cells[0]
    text = "".join(o.get("text", "") for o in outputs_of(setup, "stream"))
    assert "Puffle emulator at http://127.0.0.1:" in text
    assert "pk_live" not in json.dumps(setup.outputs)


def test_a_widget_output_is_followed_by_its_static_snapshot(turned: Any) -> None:
    outputs = outputs_of(turned.cells[1], "display_data")
    assert len(outputs) == 2
    live, snapshot = outputs
    assert WIDGET_VIEW in live.data
    assert "snapshot below" in live.data["text/plain"]  # never stale: it names no counts
    assert set(snapshot.data) == {"text/html"}
    key = widget_state(turned, live.data[WIDGET_VIEW]["model_id"])["fallback_key"]
    assert f'<div class="puffle-fallback" data-puffle-for="{key}">' in snapshot.data["text/html"]
    assert "pw-transcript" in snapshot.data["text/html"]


def test_turn_magic_updates_live_and_its_value_is_the_session(turned: Any) -> None:
    cell = turned.cells[2]
    assert not outputs_of(cell, "execute_result")  # the live widget already shows it
    live, snapshot = outputs_of(cell, "display_data")
    # Updated in place after the turn: the snapshot shows the reply to this message.
    assert "Make it shorter and mention onboarding" in snapshot.data["text/html"]
    state = widget_state(turned, live.data[WIDGET_VIEW]["model_id"])
    assert state["status"] == "idle"
    assert state["messages"][-2]["content"] == "Make it shorter and mention onboarding"
    assert state["messages"][-1]["role"] == "assistant"
    value = outputs_of(turned.cells[3], "execute_result")[0].data["text/plain"]
    assert value.startswith("('assistant',")


def test_saved_widget_state_never_holds_the_key(turned: Any) -> None:
    saved = json.dumps(turned.metadata["widgets"])
    assert "pk_live" not in saved
    assert "api_key" not in saved


@pytest.fixture(scope="module")
def background() -> Any:
    """A widget updated by its background poll between cells, then awaited."""
    return run_notebook(
        [
            SETUP + "from puffle_widgets import SessionWidget\n",
            "w = SessionWidget(sid)\nw",
            "w.send('Now a version for CFOs')",
            "await w.wait()\nw.status",
            "w.session",
            "w.session.examples_frame().shape",
            "[w.session]",
        ]
    )


def test_background_updates_reach_the_saved_state_and_snapshot(background: Any) -> None:
    live, snapshot = outputs_of(background.cells[1], "display_data")
    state = widget_state(background, live.data[WIDGET_VIEW]["model_id"])
    assert state["status"] == "idle"
    assert state["messages"][-2]["content"] == "Now a version for CFOs"
    assert "Now a version for CFOs" in snapshot.data["text/html"]


def test_a_bare_session_shows_as_a_widget_with_a_snapshot(background: Any) -> None:
    outputs = outputs_of(background.cells[4])
    assert [o.output_type for o in outputs] == ["display_data", "display_data"]
    assert WIDGET_VIEW in outputs[0].data
    assert "puffle-fallback" in outputs[1].data["text/html"]


def test_a_list_of_sessions_shows_as_a_table(background: Any) -> None:
    result = outputs_of(background.cells[6], "execute_result")[0]
    assert "<table" in result.data["text/html"]
