"""notebooks/prompt-lab.ipynb runs top to bottom against the emulator with no key, saves the
grid's final state (ratings included), and converts to HTML whose snapshot shows the run with
no script run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nbconvert import HTMLExporter
from playwright.sync_api import Browser, sync_playwright

from tests.notebooks.test_shipped_notebooks import WIDGET_STATE, WIDGET_VIEW, execute, stream_text
from tests.pages import offline
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.notebook
VARIANTS = ["plain", "roi", "short", "scripted"]


@pytest.fixture(scope="module")
def notebook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return execute("prompt-lab.ipynb", tmp_path_factory.mktemp("lab-notebook"))


def code_cells(nb: Any) -> list[Any]:
    return [c for c in nb.cells if c.cell_type == "code"]


def grid_state(nb: Any) -> dict[str, Any]:
    states = nb.metadata["widgets"][WIDGET_STATE]["state"]
    grids = [s["state"] for s in states.values() if "run_state" in s["state"]]
    assert len(grids) == 1
    state: dict[str, Any] = grids[0]
    return state


def test_runs_top_to_bottom_without_errors_or_key(notebook: Any) -> None:
    errors = [o for c in code_cells(notebook) for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert "Puffle emulator at http://127.0.0.1:" in stream_text(code_cells(notebook)[0])
    assert "pk_" not in json.dumps(notebook)


def test_the_saved_grid_is_the_finished_run_with_its_rating(notebook: Any) -> None:
    state = grid_state(notebook)
    assert state["run_state"] == "done"
    assert [row["name"] for row in state["variants"]] == VARIANTS
    assert all(row["status"] == "done" and row["subject"] for row in state["variants"])
    assert state["progress"]["turns_done"] == state["progress"]["turns"] == 8
    assert state["ratings"]["roi"] == {"star": True, "note": "Best hook: the ROI line. Keep it."}
    assert state["baseline"] == "plain"
    roi = state["variants"][1]
    assert roi["examples"] == 2
    assert roi["notice"].startswith("Promoted to ")


def test_the_run_cell_shows_the_live_grid_and_its_current_snapshot(notebook: Any) -> None:
    run_cell = next(c for c in code_cells(notebook) if c.source.startswith("variants = {"))
    data = [o.data for o in run_cell.outputs if "data" in o]
    assert [WIDGET_VIEW in d for d in data] == [True, False]
    snapshot = data[1]["text/html"]
    assert snapshot.startswith('<div class="puffle-fallback" data-puffle-for="')
    assert "4 of 4 variants finished" in snapshot  # updated in place as the run went on
    assert "<script" not in snapshot


def test_the_cells_compare_promote_and_clean_up(notebook: Any) -> None:
    cells = code_cells(notebook)
    by_source = {c.source.splitlines()[0]: c for c in cells}
    promoted = stream_text(by_source['saved = lab.promote("roi", real_session_id)'])
    state = grid_state(notebook)
    assert promoted.strip() == state["variants"][1]["subject"]
    markdown = stream_text(by_source["print(result.to_markdown()[:600])"])
    assert markdown.startswith("# Prompt lab: 4 variants")
    cleanup = by_source["lab.delete_sessions()"].outputs[-1].data["text/plain"]
    assert cleanup.startswith("CleanupReport(deleted=4,")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_nbconvert_html_shows_the_final_run_offline_with_no_script(
    notebook: Any, browser: Browser, tmp_path: Path
) -> None:
    html, _ = HTMLExporter().from_notebook_node(notebook)
    page_file = tmp_path / "page.html"
    page_file.write_text(html, encoding="utf-8")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.route("**/*", offline)
        page.goto(page_file.as_uri())
        snapshot = page.locator(".puffle-fallback .puffle-lab").first
        assert snapshot.is_visible()
        text = snapshot.inner_text()
        assert "4 of 4 variants finished" in text
        assert "★ starred" in text
        assert "Best hook: the ROI line." in text
        for name in VARIANTS:
            assert name in text
        assert snapshot.locator("script").count() == 0
    finally:
        context.close()
