"""Jupyter-layer tests: an in-process IPython shell for parsing and static views, and real
kernels driven by nbclient for everything live."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell
from nbclient import NotebookClient

from puffle_widgets import Puffle
from puffle_widgets.client import PollSchedule, set_default_client
from puffle_widgets.emulator import Emulator

FAST_POLL = PollSchedule(0.05, 0.2, 1.5)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    """A demo emulator shared by a module's tests."""
    with Emulator(latency=0.1, demo=True) as emu:
        yield emu


@pytest.fixture
def shell(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[InteractiveShell]:
    """An IPython shell (no kernel) with the extension loaded and the emulator as default."""
    monkeypatch.delenv("PUFFLE_API_KEY", raising=False)
    set_default_client(
        Puffle(api_key=emulator.api_key, base_url=emulator.url, poll_interval=FAST_POLL)
    )
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "puffle_widgets")
    yield ip
    ip.run_line_magic("unload_ext", "puffle_widgets")
    set_default_client(None)


def run_notebook(cells: list[str], *, env: dict[str, str] | None = None, timeout: int = 120) -> Any:
    """Execute `cells` in a fresh kernel, as `jupyter nbconvert --execute` would, and return
    the executed notebook (outputs and saved widget state)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    kernel_env = {k: v for k, v in os.environ.items() if not k.startswith("PUFFLE_")}
    kernel_env.update(env or {})
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True)
    client.execute(env=kernel_env)
    return nb


def outputs_of(cell: Any, output_type: str | None = None) -> list[Any]:
    """The outputs of one executed cell, optionally only those of one type."""
    return [o for o in cell.outputs if output_type is None or o.output_type == output_type]
