"""pandas is optional: without it the quickstart runs to its end, its examples cell printing one
line that says how to install pandas instead of stopping at `examples_frame()`."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.environments.conftest import NOTEBOOKS, isolated_env, without_module

pytestmark = pytest.mark.notebook


def test_quickstart_runs_to_the_end_without_pandas(state_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "quickstart.ipynb"
    shutil.copy(NOTEBOOKS / "quickstart.ipynb", path)
    nb = nbformat.read(path, as_version=4)
    env = isolated_env(state_dir, PYTHONPATH=without_module(state_dir, "pandas"))
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute(env=env)

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [o for c in code for o in c.outputs if o.output_type == "error"] == []
    examples = next(c for c in code if "examples_frame()" in c.source)
    printed = "".join(o.get("text", "") for o in examples.outputs if o.output_type == "stream")
    assert printed.count("\n") == 1, printed
    assert "needs pandas" in printed
    assert "pip install" in printed
    assert code[-1].outputs, "the last cell did not run"
