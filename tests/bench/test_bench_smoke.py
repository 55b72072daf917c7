"""`python -m bench --tiny`: every benchmark runs once at a tiny size, so the harness cannot
rot. Nothing here is timed; byte counts are exact, so a few are checked."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import content, report
from bench.__main__ import GROUPS
from bench.config import Sizes
from bench.fig_code import code_files
from bench.stats import Figure

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 900


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The tiny run's report and samples."""
    out = tmp_path_factory.mktemp("bench")
    cmd = [
        sys.executable,
        "-m",
        "bench",
        "--tiny",
        "--out",
        str(out / "R.md"),
        "--json",
        str(out / "r.json"),
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUFFLE_")}
    # Its own process group: on a timeout the servers and kernels it started go with it.
    proc = subprocess.Popen(
        cmd,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        pytest.fail(f"python -m bench --tiny took over {TIMEOUT} s:\n{output.decode()[-5000:]}")
    assert proc.returncode == 0, output.decode()[-5000:]
    data: dict[str, Any] = json.loads((out / "r.json").read_text())
    data["markdown"] = (out / "R.md").read_text()
    return data


def figures(results: dict[str, Any], group: str) -> list[dict[str, Any]]:
    return [f for f in results["figures"] if f["group"].startswith(f"{group}.")]


def named(results: dict[str, Any], group: str, start: str) -> list[dict[str, Any]]:
    return [f for f in figures(results, group) if f["name"].startswith(start)]


def test_every_group_reports_measured_figures(results: dict[str, Any]) -> None:
    for key in (*GROUPS, "7"):
        found = figures(results, key)
        assert found, f"group {key} reported nothing"
        assert all(f["name"] != "(group failed)" for f in found), found
        assert any(f["samples"] for f in found), f"group {key} measured nothing"


def test_the_report_has_a_row_per_figure_and_the_machine(results: dict[str, Any]) -> None:
    markdown = results["markdown"]
    header = "| group | figure | baseline | ratio | target | before | median [min - max] | met |"
    assert header in markdown
    for figure in results["figures"]:
        assert f"| {figure['name']} |" in markdown
    for key in ("CPU", "Python", "Chromium", "JupyterLab"):
        assert f"**{key}:**" in markdown


def test_an_appended_message_is_counted_against_its_exact_json_size(
    results: dict[str, Any],
) -> None:
    appended = named(results, "1", "bytes for ONE appended message")
    assert [f["name"] for f in appended] == [
        f"bytes for ONE appended message, {n:,} messages" for n in Sizes.tiny().delta_sizes
    ]
    for figure, size in zip(appended, Sizes.tiny().delta_sizes, strict=True):
        expected = content.json_size(content.message(f"delta{size}-appended", 0))
        assert figure["baseline"] == [expected]
        # The message has to reach the front end somehow: never fewer bytes than itself.
        assert figure["samples"][0] >= expected


def test_saved_code_is_counted_in_whole_copies_of_the_bundle(results: dict[str, Any]) -> None:
    code = sum(p.stat().st_size for p in code_files())
    (saved,) = named(results, "6", "front-end code saved")
    assert saved["baseline"] == [code]
    copies = saved["samples"][0] / code
    assert copies == int(copies) and copies >= 1, "a saved widget needs its code at least once"


def test_an_earlier_median_stands_beside_the_same_figure(tmp_path: Path) -> None:
    earlier = tmp_path / "BEFORE.md"
    earlier.write_text(
        "| group | figure | baseline | ratio | target | median [min - max] | met |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 5. shared transport | constructing 100 widgets | — | — | ≤ 1 s "
        "| 4.9 s [4.1 s - 5.0 s] | **no** |\n",
        encoding="utf-8",
    )
    before = report.read_before(earlier)
    now = Figure("5. shared transport", "constructing 100 widgets", "s", samples=[0.8])
    other = Figure("5. shared transport", "… per widget", "ms", samples=[8.0])
    lines = report.table([now, other], before).splitlines()
    assert lines[2].split(" | ")[5] == "4.9 s"
    assert lines[3].split(" | ")[5] == "—"
