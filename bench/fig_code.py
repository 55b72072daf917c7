"""6. Front-end code per displayed widget, on the wire and in a saved notebook.

The baseline is the front-end code once: the built session bundle and stylesheet in the
installed package. On the wire: a kernel displays N widgets (small sessions, one cell each) and
the `comm_open` bytes of each cell are summed (the widget's model and its layout model).
Saved: nbclient runs a notebook showing the same N widgets with `store_widget_state=True`, the
way `jupyter nbconvert --execute` saves one; the code saved is counted by finding a slice of
the bundle (JSON-escaped, as the notebook holds it) in the saved file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import puffle_widgets
from bench.context import Context
from bench.notebook import notebook
from bench.seed import seed_session
from bench.stats import Figure, median

GROUP = "6. code once per page"
# The built front end of SessionWidget; if the build layout changes, change these names.
CODE_FILES = ("session.js", "styles.css")
SHOW = "from puffle_widgets import SessionWidget\nw{n} = SessionWidget({sid!r})\nw{n}"


def code_files() -> list[Path]:
    """The built bundle and stylesheet of the session widget, in the installed package."""
    package = Path(puffle_widgets.__file__).resolve().parent
    found = []
    for name in CODE_FILES:
        matches = sorted(package.rglob(name))
        if not matches:
            raise FileNotFoundError(f"{name} not found under {package}: run `make build`")
        found.append(matches[0])
    return found


def _needle() -> str:
    """A slice from the middle of the bundle, escaped as it appears inside notebook JSON."""
    bundle = code_files()[0].read_text(encoding="utf-8")
    middle = len(bundle) // 2
    return json.dumps(bundle[middle : middle + 200], ensure_ascii=False)[1:-1]


def run(ctx: Context) -> list[Figure]:
    """Figure 6's rows."""
    n = ctx.sizes.code_widgets
    code = float(sum(p.stat().st_size for p in code_files()))
    first = Figure(
        GROUP,
        "comm_open bytes of the first displayed widget in a kernel",
        "B",
        baseline=[],
        baseline_label="the code once",
    )
    later = Figure(
        GROUP,
        f"comm_open bytes of each further widget (widgets 2-{n}), median",
        "B",
        baseline=[],
        baseline_label="the code once",
        target="code not re-sent: ≤ 0.1x the code",
        limit=0.1,
        limit_on="ratio",
    )
    saved = Figure(
        GROUP,
        f"front-end code saved in a notebook with {n} displayed widgets",
        "B",
        baseline=[],
        baseline_label="the code once",
        target="saved at most once: ≤ 1x",
        limit=1.0,
        limit_on="ratio",
    )
    size = Figure(GROUP, "size of that saved notebook", "B", show_ratio=False)
    sessions = [seed_session(ctx.api, f"code{i}", messages=10) for i in range(n)]
    cells = [SHOW.format(n=i, sid=sid) for i, sid in enumerate(sessions)]
    for _ in range(ctx.sizes.runs):
        with ctx.kernel() as kernel:
            opened = []
            for cell in cells:
                run = kernel.execute(cell)
                opened.append(
                    sum(
                        m.size
                        for m in kernel.recorder.select(types={"comm_open"}, parent=run.msg_id)
                    )
                )
        first.samples.append(opened[0])
        later.samples.append(median(opened[1:]))
        copies, notebook_bytes = _saved_copies(ctx, cells)
        saved.samples.append(copies * code)
        size.samples.append(notebook_bytes)
        for figure in (first, later, saved):
            assert figure.baseline is not None
            figure.baseline.append(code)
    return [first, later, saved, size]


def _saved_copies(ctx: Context, cells: list[str]) -> tuple[int, int]:
    """(copies of the bundle, bytes) of the notebook nbclient saves after running `cells`."""
    state = ctx.scratch("nbclient")
    nb = nbformat.from_dict(notebook(cells))  # type: ignore[no-untyped-call]
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(state)}},
    )
    client.execute(env=ctx.kernel_env(state))
    path = state / "saved.ipynb"
    nbformat.write(nb, path)  # type: ignore[no-untyped-call]
    text = path.read_text(encoding="utf-8")
    return text.count(_needle()), os.path.getsize(path)
