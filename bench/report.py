"""RESULTS.md: the machine, the command, and a table of figure, baseline, ratio, target and
median [min-max] over the runs; then how each group measures (its module docstring)."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.stats import Figure, median
from tools.chromium import CHROMIUM


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _run(*cmd: str) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return "unavailable"
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "unavailable"


def _commit(repo: Path) -> str:
    commit = _run("git", "-C", str(repo), "rev-parse", "--short", "HEAD")
    # The report itself does not count as a change to what was measured.
    dirty = _run(
        "git",
        "-C",
        str(repo),
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        ".",
        ":!bench/RESULTS.md",
    )
    return commit + (" (with local changes)" if dirty not in ("", "unavailable") else "")


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (other work on the machine skews timings)."""
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unavailable"


def machine(repo: Path, load_at_start: str) -> dict[str, str]:
    """What the numbers were measured on."""
    return {
        "CPU": f"{_cpu_model()}, {os.cpu_count()} cores",
        "OS": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "Python": platform.python_version(),
        "Chromium": _run(CHROMIUM, "--version"),
        "JupyterLab": _version("jupyterlab"),
        "ipykernel / ipywidgets / anywidget": " / ".join(
            _version(p) for p in ("ipykernel", "ipywidgets", "anywidget")
        ),
        "puffle-widgets": f"{_version('puffle-widgets')} at commit {_commit(repo)}",
        "Load average (1 / 5 / 15 min), at start and at end": f"{load_at_start}; {load_average()}",
    }


def fmt(value: float, unit: str) -> str:
    """`value` in `unit`, readably."""
    if value != value:  # NaN
        return "n/a"
    if unit == "B":
        if abs(value) < 1024:
            return f"{value:,.0f} B"
        if abs(value) < 1024 * 1024:
            return f"{value / 1024:,.1f} KB"
        return f"{value / 1024 / 1024:,.2f} MB"
    if unit == "ms":
        return f"{value:,.1f} ms" if abs(value) >= 10 else f"{value:,.2f} ms"
    if unit == "s":
        return f"{value:,.2f} s"
    if unit == "MB":
        return f"{value:,.2f} MB"
    if unit == "x":
        return f"{value:,.2f}x"
    if unit == "per min":
        return f"{value:,.0f}/min"
    return f"{value:,.0f}"


def _ratio(value: float) -> str:
    return f"{value:,.1f}x" if value >= 10 else f"{value:,.2f}x"


def row(figure: Figure) -> list[str]:
    """The table cells of one figure."""
    if not figure.measured:
        return [figure.name, figure.baseline_label, "—", figure.target, f"n/a: {figure.note}", "—"]
    baseline = figure.baseline_label
    if figure.baseline:
        baseline = f"{baseline}: {fmt(median(figure.baseline), figure.unit)}"
    ratios = figure.ratios()
    ratio = _ratio(median(ratios)) if ratios else "—"
    low, high = min(figure.samples), max(figure.samples)
    value = fmt(median(figure.samples), figure.unit)
    if len(figure.samples) > 1:
        value += f" [{fmt(low, figure.unit)} - {fmt(high, figure.unit)}]"
    if figure.note:
        value += f"; {figure.note}"
    met = {True: "yes", False: "**no**", None: "—"}[figure.meets()]
    return [figure.name, baseline, ratio, figure.target, value, met]


def table(figures: Sequence[Figure], before: Mapping[tuple[str, str], str] | None = None) -> str:
    """The results as a markdown table, grouped; with `before`, a column of earlier medians."""
    head = ["group", "figure", "baseline", "ratio", "target", "median [min - max]", "met"]
    if before is not None:
        head.insert(5, "before")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for figure in figures:
        cells = [figure.group, *row(figure)]
        if before is not None:
            cells.insert(5, before.get((figure.group, figure.name), "—"))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def read_before(path: Path) -> dict[tuple[str, str], str]:
    """The median of each figure in an earlier RESULTS.md, by (group, figure): its table's
    `median [min - max]` cell up to the range."""
    found: dict[tuple[str, str], str] = {}
    if not path.is_file():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) == 7 and cells[0] not in ("group", "---"):
            found[(cells[0], cells[1].replace("\\|", "|"))] = cells[5].split(" [")[0]
    return found


def document(
    figures: Sequence[Figure],
    info: dict[str, str],
    command: str,
    runs: int,
    seconds: float,
    methods: dict[str, str],
    notes: Sequence[str],
    before: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """The whole RESULTS.md."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Benchmark results",
        "",
        f"Written by `{command}` on {when} in {seconds / 60:.1f} minutes; every figure is the "
        f"median and [min - max] of {runs} run(s), and each ratio is taken within a run. "
        "Targets are issue 10's; *met* says whether the median meets its target.",
        "",
        *(f"- **{k}:** {v}" for k, v in info.items()),
        "",
        table(figures, before),
        "",
    ]
    if notes:
        parts += ["## Notes", "", *(f"- {n}" for n in notes), ""]
    parts += ["## How each group measures", ""]
    for group, text in methods.items():
        parts += [f"### {group}", "", text.strip(), ""]
    return "\n".join(parts)


def dump_json(path: Path, figures: Sequence[Figure], info: dict[str, str]) -> None:
    """Every figure with its samples, for tools and the smoke test."""
    data: dict[str, Any] = {"machine": info, "figures": [f.to_json() for f in figures]}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
