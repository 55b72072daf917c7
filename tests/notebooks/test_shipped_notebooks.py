"""The notebooks in notebooks/ run top to bottom against the emulator with no key, keep their
widget state current, and convert to HTML that shows the session with no script run."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from playwright.sync_api import Browser, sync_playwright

from tests.pages import offline
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.notebook

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def execute(name: str, workdir: Path) -> Any:
    """Run notebooks/NAME in a copy under `workdir`, with no Puffle key in the environment."""
    path = workdir / name
    shutil.copy(NOTEBOOKS / name, path)
    nb = nbformat.read(path, as_version=4)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUFFLE_")}
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute(env=env)
    nbformat.write(nb, path)
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    workdir = tmp_path_factory.mktemp("notebooks")
    return {name: execute(name, workdir) for name in ("quickstart.ipynb", "sharing.ipynb")}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def stream_text(cell: Any) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


@pytest.mark.parametrize("name", ["quickstart.ipynb", "sharing.ipynb"])
def test_runs_top_to_bottom_without_errors(executed: dict[str, Any], name: str) -> None:
    nb = executed[name]
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    assert "Puffle emulator at http://127.0.0.1:" in stream_text(nb.cells[2])
    assert "pk_live" not in json.dumps(nb)


@pytest.mark.parametrize("name", ["quickstart.ipynb", "sharing.ipynb"])
def test_saved_widget_state_is_current(executed: dict[str, Any], name: str) -> None:
    nb = executed[name]
    states = nb.metadata["widgets"][WIDGET_STATE]["state"]
    sessions = [s["state"] for s in states.values() if "draft_body" in s["state"]]
    assert sessions
    for state in sessions:
        assert state["status"] == "idle"
        assert state["busy_since"] is None
    first_widget = next(
        o.data[WIDGET_VIEW]["model_id"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if WIDGET_VIEW in o.get("data", {})
    )
    messages = states[first_widget]["state"]["messages"]
    assert messages[-1]["role"] == "assistant"


def code_cell(nb: Any, starts: str) -> Any:
    """The code cell whose source starts with `starts`."""
    return next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith(starts))


def test_quickstart_chats_edits_saves_and_generates(executed: dict[str, Any]) -> None:
    nb = executed["quickstart.ipynb"]
    printed = stream_text(code_cell(nb, "session = await w.wait()"))
    assert "%" in printed  # the new draft uses template variables
    saved = code_cell(nb, "w.draft_subject =").outputs[-1].data["text/plain"]
    assert "Quick question about onboarding at %company%" in saved
    frame = code_cell(nb, "w.generate_examples()").outputs[-1].data["text/html"]
    assert "Sarah" in frame
    assert "Tom" in frame


def test_quickstart_shows_what_turns_changed(executed: dict[str, Any]) -> None:
    nb = executed["quickstart.ipynb"]
    change = stream_text(code_cell(nb, "change = w.turn_changes[-1]"))
    assert re.search(r"Changed .*body.* \(framework v\d+ -> v\d+\)", change), change
    later = stream_text(code_cell(nb, 'w.send("Lead with the free pilot instead")'))
    assert "Replaced your saved edit of: ['draft_subject']" in later
    made, now = map(int, re.findall(r"v(\d+)", later))
    assert made < now  # the examples are marked as made from an older version


def test_sharing_exports_every_format(executed: dict[str, Any]) -> None:
    cells = [c for c in executed["sharing.ipynb"].cells if c.cell_type == "code"]
    listing = cells[4].outputs[-1].data["text/plain"]
    assert "('session.md', True)" in listing
    assert "('session.html', True)" in listing
    assert "('session.json', True)" in listing


@pytest.mark.parametrize("name", ["quickstart.ipynb", "sharing.ipynb"])
def test_nbconvert_html_shows_the_session_offline_with_no_script_run(
    executed: dict[str, Any], name: str, browser: Browser, tmp_path: Path
) -> None:
    nb = executed[name]
    html, _ = HTMLExporter().from_notebook_node(nb)
    page_file = tmp_path / "page.html"
    page_file.write_text(html, encoding="utf-8")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.route("**/*", offline)
        page.goto(page_file.as_uri())
        snapshots = page.locator(".puffle-fallback")
        assert snapshots.count() >= 1
        first = snapshots.first
        assert first.is_visible()
        text = first.inner_text()
        user_turns = [m["content"] for m in _first_widget_messages(nb) if m["role"] == "user"]
        assert user_turns[-1] in text
        assert "Draft" in text
    finally:
        context.close()


def _first_widget_messages(nb: Any) -> list[dict[str, Any]]:
    states = nb.metadata["widgets"][WIDGET_STATE]["state"]
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view and "messages" in states[view["model_id"]]["state"]:
                messages: list[dict[str, Any]] = states[view["model_id"]]["state"]["messages"]
                return messages
    raise AssertionError("no session widget in the notebook")
