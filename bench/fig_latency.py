"""4. Live latency: a task's end -> its reply in the DOM; `%%puffle_turn` and `wait()` returns.

The task's end is the session's `updated_at` written by the emulator's job as it finishes
(the same write clears `task_status`). In JupyterLab, a widget shown with the default client
and poll schedule sends a turn from a cell (`w.send(...)`) for each task latency in turn; the
reply's DOM time is the paint after the first assistant message element added at or after the
task's end (bench/probe.js). The poll -> DOM pipeline is measured from the emulator answering
the GET that first saw the session idle. In a kernel (jupyter_client), a cell runs
`%%puffle_turn` (through `run_cell_magic`) or `w.send(...); await w.wait()` and reports
`time.time()` when it returns. Each run's value is the median (or p95) over its tasks.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.browser import LabPage
from bench.clock import epoch, get_of, session_in
from bench.context import Context
from bench.seed import seed_session
from bench.stats import Figure, median, percentile
from puffle_widgets.emulator import RequestRecord

GROUP = "4. latency"
ASSISTANT = "[data-testid=message][data-role=assistant]"
MESSAGES = 10

BROWSER_CELLS = (
    "import itertools\nfrom puffle_widgets import SessionWidget\n"
    "_turns = itertools.count()\nw = SessionWidget({sid!r})\nw",
    'w.send(f"Make it shorter, take {{next(_turns)}}")',
)
KERNEL_SETUP = """\
import time
from IPython.display import display
from puffle_widgets import SessionWidget
get_ipython().run_line_magic("load_ext", "puffle_widgets")
w = SessionWidget({sid!r})
display(w)
"""
MAGIC = (
    "get_ipython().run_cell_magic('puffle_turn', {sid!r}, {message!r})\n_bench_emit(time.time())"
)
WAIT = "w.send({message!r})\nawait w.wait()\n_bench_emit(time.time())"


def run(ctx: Context) -> list[Figure]:
    """Figure 4's rows."""
    tasks = ctx.sizes.browser_task_seconds
    span = f"tasks {min(tasks):g}-{max(tasks):g} s"
    dom_median = Figure(
        GROUP,
        f"task end → reply in the DOM, median ({span})",
        "s",
        baseline=[],
        baseline_label="pipeline poll → DOM",
        target="≤ 0.8 s",
        limit=0.8,
        show_ratio=False,
    )
    dom_p95 = Figure(
        GROUP,
        f"task end → reply in the DOM, p95 ({span})",
        "s",
        baseline=[],
        baseline_label="pipeline poll → DOM",
        target="≤ 2.0 s",
        limit=2.0,
        show_ratio=False,
    )
    waits = ctx.sizes.wait_task_seconds
    wspan = f"tasks {min(waits):g}-{max(waits):g} s"
    magic = Figure(
        GROUP,
        f"%%puffle_turn returns after the task's end, median ({wspan})",
        "s",
        baseline_label="the task's end",
        target="≤ 1.0 s",
        limit=1.0,
    )
    wait = Figure(
        GROUP,
        f"await w.wait() returns after the task's end, median ({wspan})",
        "s",
        baseline_label="the task's end",
        target="≤ 1.0 s",
        limit=1.0,
    )
    for run_index in range(ctx.sizes.runs):
        latencies, pipelines = _browser_run(ctx, run_index)
        dom_median.samples.append(median(latencies))
        dom_p95.samples.append(percentile(latencies, 95))
        for figure in (dom_median, dom_p95):
            assert figure.baseline is not None
            figure.baseline.append(median(pipelines))
        magic_delays, wait_delays = _kernel_run(ctx, run_index)
        magic.samples.append(median(magic_delays))
        wait.samples.append(median(wait_delays))
    return [dom_median, dom_p95, magic, wait]


def _browser_run(ctx: Context, run_index: int) -> tuple[list[float], list[float]]:
    """(task end -> DOM, idle poll answered -> DOM) in seconds, one per task."""
    session_id = seed_session(ctx.api, f"live{run_index}", messages=MESSAGES)
    cells = [BROWSER_CELLS[0].format(sid=session_id), BROWSER_CELLS[1]]
    notebook = ctx.lab.write_notebook(f"latency-{run_index}", cells)
    latencies: list[float] = []
    pipelines: list[float] = []
    with ctx.lab.open(notebook) as lab:
        lab.run_cell(0)
        lab.page.wait_for_function("() => window.__bench.info(0)?.painted", timeout=120_000)
        watch = lab.evaluate("(s) => window.__bench.watchSelector(s)", ASSISTANT)
        for seconds in ctx.sizes.browser_task_seconds:
            ctx.at_latency(seconds)
            since = ctx.clock.mark()
            lab.run_cell(1)
            row = ctx.emu.wait_idle(session_id, timeout=seconds + 120)
            assert row is not None, "the session disappeared"
            end = epoch(row["updated_at"])
            painted = _reply_painted(lab, watch, end * 1000.0)
            latencies.append(painted / 1000.0 - end)
            seen = ctx.clock.wait(_answered(session_id, row["updated_at"]), since)
            pipelines.append(painted / 1000.0 - seen.at)
    return latencies, pipelines


def _answered(session_id: str, updated_at: str) -> Callable[[RequestRecord], bool]:
    """Matches the GET that answered the session as last written at `updated_at`."""
    is_get = get_of(session_id)
    return lambda r: is_get(r) and session_in(r)["updated_at"] == updated_at


def _reply_painted(lab: LabPage, watch: int, after_ms: float) -> float:
    """When the first assistant message added at or after `after_ms` was painted (epoch ms)."""
    script = """([i, after]) => {
        const hit = window.__bench.selectors[i].arrivals.find((a) => a.t >= after);
        return hit && hit.painted ? hit.painted : null;
    }"""
    handle = lab.page.wait_for_function(script, arg=[watch, after_ms], timeout=120_000)
    return float(handle.json_value())


def _kernel_run(ctx: Context, run_index: int) -> tuple[list[float], list[float]]:
    """(%%puffle_turn return - task end, wait() return - task end) in seconds, one per task."""
    magic_session = seed_session(ctx.api, f"magic{run_index}", messages=MESSAGES)
    wait_session = seed_session(ctx.api, f"wait{run_index}", messages=MESSAGES)
    magic: list[float] = []
    wait: list[float] = []
    with ctx.kernel() as kernel:
        kernel.execute(KERNEL_SETUP.format(sid=wait_session))
        for index, seconds in enumerate(ctx.sizes.wait_task_seconds):
            ctx.at_latency(seconds)
            message = f"Make it warmer, take {index}"
            returned = kernel.run_value(MAGIC.format(sid=magic_session, message=message))
            magic.append(returned - epoch(ctx.emu.get_session(magic_session)["updated_at"]))
            ctx.at_latency(seconds)
            returned = kernel.run_value(WAIT.format(message=message))
            wait.append(returned - epoch(ctx.emu.get_session(wait_session)["updated_at"]))
    return magic, wait
