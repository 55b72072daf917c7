"""Writing a test notebook and driving it in JupyterLab or Notebook 7."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
from playwright.sync_api import Locator, Page, expect

from tools.jupyter_server import LAB_KERNEL_READY

if TYPE_CHECKING:
    from puffle_widgets.emulator import RequestRecord
    from tools.jupyter_server import JupyterServer

UIS = ("lab", "notebook")
VAR_NAMES = ["first_name", "company", "position"]
LEADS = [{"first_name": "Sarah", "last_name": "Lee", "company": "Acme", "position": "VP of Sales"}]
# A transcript after which the emulator's next turn writes a skeleton and a draft.
BRIEFED = [
    {"role": "user", "content": "Write an intro email for VPs of Sales"},
    {"role": "assistant", "content": "Thanks! Who is the email from?"},
]

# Every value the status badge takes from now on (a MutationObserver misses no transient state).
_RECORD_STATUS = """(badge) => {
  window.__statusHistory = [badge.dataset.status];
  new MutationObserver(() => {
    const history = window.__statusHistory;
    if (history[history.length - 1] !== badge.dataset.status) history.push(badge.dataset.status);
  }).observe(badge, { attributes: true, attributeFilter: ['data-status'] });
}"""


def write_notebook(server: JupyterServer, name: str, session_id: str) -> str:
    """A notebook (see `write_cells`) whose last cell shows a fast-polling `SessionWidget`."""
    widget = f"""\
from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.client import PollSchedule

client = Puffle(poll_interval=PollSchedule(0.2, 1.0, 1.5))
w = SessionWidget(
    {session_id!r},
    client=client,
    available_var_names={VAR_NAMES!r},
    sample_leads={LEADS!r},
)
w"""
    return write_cells(server, name, [widget])


def write_cells(server: JupyterServer, name: str, cells: Sequence[str]) -> str:
    """A notebook: a markdown cell, a cell logging every execution, then `cells` (code).

    The kernel logs what it handles after the second cell to `<name>.runs` (see `runs()`), which
    shows whether any cell ran after Run All.
    """
    runs = server.root / f"{name}.runs"
    setup = f"""\
import json
import pathlib

_runs = pathlib.Path({str(runs)!r})


def _log_run():
    # pre_execute also fires around comm messages (the widget's own traffic): log what it was.
    parent = get_ipython().kernel.get_parent()
    entry = {{"msg_type": parent["header"]["msg_type"], "code": parent["content"].get("code")}}
    with _runs.open("a") as f:
        f.write(json.dumps(entry) + "\\n")


get_ipython().events.register("pre_execute", _log_run)"""
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(f"# Browser test: {name}"),
            nbformat.v4.new_code_cell(setup),
            *(nbformat.v4.new_code_cell(source) for source in cells),
        ],
        metadata={
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            },
            "language_info": {"name": "python"},
        },
    )
    filename = f"{name}.ipynb"
    nbformat.write(nb, server.root / filename)
    return filename


@dataclass
class NotebookPage:
    """One open notebook with the session widget in its last cell."""

    page: Page
    server: JupyterServer
    ui: str
    name: str

    @classmethod
    def open(cls, page: Page, server: JupyterServer, ui: str, notebook: str) -> NotebookPage:
        page.goto(server.url(ui, notebook))
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        page.wait_for_function(LAB_KERNEL_READY, timeout=60_000, polling=100)
        return cls(page, server, ui, notebook.removesuffix(".ipynb"))

    # --- the notebook -----------------------------------------------------------------------

    def run_all(self, widget: Locator | None = None) -> None:
        """Run All Cells from the menu (the same in both UIs), then wait for the widget (the
        session widget unless given) and for the last cell to finish."""
        self.start_run_all()
        expect(self.widget if widget is None else widget).to_be_visible(timeout=60_000)
        expect(self.last_prompt).to_have_text(re.compile(r"^\[\d+\]:$"))

    def start_run_all(self) -> None:
        """Run All Cells from the menu (the same in both UIs); returns at once."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

    @property
    def cells(self) -> Locator:
        return self.page.locator(".jp-Notebook .jp-Cell")

    @property
    def last_prompt(self) -> Locator:
        return self.cells.last.locator(".jp-InputPrompt")

    def cell_types(self) -> list[str]:
        classes = self.cells.evaluate_all("cells => cells.map(c => c.className)")
        return [m.group(1) for m in (re.search(r"jp-(Code|Markdown|Raw)Cell", c) for c in classes)]

    def runs(self) -> list[str]:
        """The code of every execute request the kernel handled after the logging cell."""
        path: Path = self.server.root / f"{self.name}.runs"
        entries = [json.loads(line) for line in path.read_text().splitlines()]
        return [e["code"] for e in entries if e["msg_type"] == "execute_request"]

    def execution_marks(self) -> tuple[list[str], str]:
        """What shows whether a cell ran: the kernel's execute requests and the last prompt."""
        return self.runs(), self.last_prompt.inner_text()

    # --- the widget -------------------------------------------------------------------------

    @property
    def widget(self) -> Locator:
        return self.page.locator(".puffle-session")

    def testid(self, testid: str) -> Locator:
        return self.widget.get_by_test_id(testid)

    @property
    def status(self) -> Locator:
        return self.testid("status")

    def messages(self, role: str | None = None) -> Locator:
        selector = "[data-testid=message]" + (f"[data-role={role}]" if role else "")
        return self.widget.locator(selector)

    def record_status(self) -> None:
        """Start recording every status the badge shows (see `status_history`)."""
        self.status.evaluate(_RECORD_STATUS)

    def status_history(self) -> list[str]:
        history: list[str] = self.page.evaluate("() => window.__statusHistory")
        return history


def body_of(record: RequestRecord) -> dict[str, Any]:
    """A request body as a dict (the emulator logs parsed JSON)."""
    body = record.body
    return body if isinstance(body, dict) else json.loads(body)


def subsequence(needle: Sequence[str], haystack: Sequence[str]) -> bool:
    """Whether `needle` occurs in `haystack` in order (not necessarily adjacent)."""
    it = iter(haystack)
    return all(item in it for item in needle)
