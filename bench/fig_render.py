"""3. Browser: first render, DOM size, an appended message's render, long tasks after an update.

Real JupyterLab in Chromium; bench/probe.js records, on the page's clock, when each kernel
message arrives on the websocket, when each widget's DOM last changed and when that change was
painted (the next animation frame, then the task after it), and the long tasks. Cells run one
at a time (Ctrl+Enter). First render: a widget shown alone (its view, without the static
snapshot output), from the arrival of its view's `display_data` to the paint after its DOM
stopped changing (1 s quiet); baseline: the same for a 1-message session. Then a widget shown
as users show it (`w`: view + snapshot) on a busy session of the big size polls every 0.5 s;
another client appends a message with a unique token: render cost is from the first comm
message after the append to the paint of the token; long tasks are summed over the 3 s after
that message. A new page per run.
"""

from __future__ import annotations

import time
from typing import Any

from bench import content
from bench.browser import LabPage
from bench.context import Context
from bench.seed import append_message, hold_busy, release, seed_session
from bench.stats import Figure

GROUP = "3. render"
AFTER_UPDATE_MS = 3000.0

SETUP = """\
from IPython.display import display
from puffle_widgets import Puffle, SessionWidget

client = Puffle(poll_interval=0.5)

def show_only(widget, tag):
    view = {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}
    display({"application/vnd.jupyter.widget-view+json": view, "text/plain": tag}, raw=True)
"""
ALONE = "w{n} = SessionWidget({sid!r}, client=client)\nshow_only(w{n}, {tag!r})"
SHOWN = "w{n} = SessionWidget({sid!r}, client=client)\nw{n}"


def run(ctx: Context) -> list[Figure]:
    """Figure 3's rows."""
    s = ctx.sizes
    shape = (
        f"{s.render_messages:,} messages / {s.render_history} history / "
        f"{s.render_examples} examples"
    )
    first = Figure(
        GROUP,
        f"first render, widget only, {shape}",
        "ms",
        baseline=[],
        baseline_label="a 1-message view",
        target="≤ 150 ms",
        limit=150.0,
    )
    nodes = Figure(
        GROUP,
        "DOM nodes of that view",
        "count",
        baseline=[],
        baseline_label="a 1-message view",
    )
    append = Figure(
        GROUP,
        "render of an appended message (update arrives → message painted)",
        "ms",
        baseline=[],
        baseline_label="the first render above",
        target="≤ 5% of the first render",
        limit=0.05,
        limit_on="ratio",
    )
    long_tasks = Figure(
        GROUP,
        "long tasks in the 3 s after an update (view + snapshot shown), total",
        "ms",
        target="≤ 50 ms",
        limit=50.0,
        show_ratio=False,
    )
    page_bytes = Figure(
        GROUP,
        "bytes the page received for that appended message (websocket)",
        "B",
        baseline=[],
        baseline_label="the message's JSON",
        target="≤ 3x its JSON + 2 KB",
        limit=2048,
        limit_factor=3.0,
    )
    small = seed_session(ctx.api, "render-small", messages=1)
    big = seed_session(
        ctx.api,
        "render-big",
        messages=s.render_messages,
        history=s.render_history,
        examples=s.render_examples,
    )
    for run_index in range(s.runs):
        busy = seed_session(
            ctx.api,
            f"render-busy{run_index}",
            messages=s.render_messages - 1,
            history=s.render_history,
            examples=s.render_examples,
        )
        ctx.at_latency(0.05)
        hold_busy(ctx.api, busy)
        try:
            cells = [
                SETUP,
                ALONE.format(n=1, sid=small, tag="BENCH-VIEW-small"),
                ALONE.format(n=2, sid=big, tag="BENCH-VIEW-big"),
                SHOWN.format(n=3, sid=busy),
            ]
            notebook = ctx.lab.write_notebook(f"render-{run_index}", cells)
            with ctx.lab.open(notebook) as lab:
                lab.run_cell(0)
                small_ms, small_nodes = _first_render(lab, 1, "BENCH-VIEW-small")
                big_ms, big_nodes = _first_render(lab, 2, "BENCH-VIEW-big")
                first.samples.append(big_ms)
                nodes.samples.append(big_nodes)
                _record_baseline(first, small_ms)
                _record_baseline(nodes, small_nodes)
                lab.run_cell(3)
                lab.page.wait_for_function("() => window.__bench.info(3)?.painted", timeout=120_000)
                lab.page.wait_for_timeout(2000)  # the snapshot output and the first polls
                message = content.message(f"render-append{run_index}", 0)
                cost, blocked, received = _append(ctx, lab, busy, message)
                append.samples.append(cost)
                _record_baseline(append, big_ms)
                long_tasks.samples.append(blocked)
                page_bytes.samples.append(received)
                _record_baseline(page_bytes, content.json_size(message))
        finally:
            release(ctx.api, busy)
    return [first, nodes, append, long_tasks, page_bytes]


def _append(
    ctx: Context, lab: LabPage, session_id: str, message: dict[str, Any]
) -> tuple[float, float, float]:
    """Append `message` (its marker text is watched) to the busy session shown in the page:
    (ms from the first widget message after it to its paint, ms of long tasks in the 3 s after
    that message, bytes the page received over that time)."""
    token = content.marker(message)
    watch = lab.evaluate("(t) => window.__bench.watchText(t)", token)
    appended_at = time.time() * 1000.0
    append_message(ctx.api, session_id, message)
    lab.page.wait_for_function("(i) => window.__bench.texts[i].painted", arg=watch, timeout=120_000)
    painted = float(lab.evaluate("(i) => window.__bench.texts[i].painted", watch))
    updates = [
        f["t"]
        for f in lab.frames()
        if f["t"] >= appended_at and f["channel"] == "iopub" and f["type"] == "comm_msg"
    ]
    if not updates:
        raise RuntimeError("the appended message was painted, but no comm message reached the page")
    update = min(updates)
    end = update + AFTER_UPDATE_MS
    wait_ms = end + 300 - lab.now()
    if wait_ms > 0:
        lab.page.wait_for_timeout(wait_ms)
    received = sum(
        f["size"] for f in lab.frames() if appended_at <= f["t"] < end and f["channel"] == "iopub"
    )
    return painted - update, sum(lab.long_tasks(update, end)), float(received)


def _record_baseline(figure: Figure, value: float) -> None:
    assert figure.baseline is not None
    figure.baseline.append(value)


def _first_render(lab: LabPage, cell: int, tag: str) -> tuple[float, int]:
    """(ms from the view's display_data to the paint after the DOM settled, DOM nodes)."""
    lab.run_cell(cell)
    info = lab.settled_root(cell)
    shown = [f["t"] for f in lab.frames() if f["tag"] == tag and f["type"] == "display_data"]
    if not shown:
        raise RuntimeError(f"no display_data frame tagged {tag} reached the page")
    return float(info["painted"]) - min(shown), int(info["nodes"])
