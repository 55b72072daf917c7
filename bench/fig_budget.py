"""9. Poll budget: many busy sessions followed on one key.

S sessions are made busy (each holds a task open), then one kernel shows a widget per session
with the default client (one key). For W seconds the emulator's request log is read: GETs of
those sessions per minute (against the budget of 60 per minute per key), and answers of 429.
The 429 count and the GETs per session per scheduled slot need the emulator's per-key rate
limit and the poll scheduler; until they exist they are recorded as n/a.
"""

from __future__ import annotations

import inspect
import time

from bench.clock import GET
from bench.context import Context
from bench.seed import hold_busy, release, seed_session
from bench.stats import Figure
from puffle_widgets.emulator import Emulator

GROUP = "9. poll budget"
BUDGET_PER_MINUTE = 60.0
SHOW = """\
from IPython.display import display
from puffle_widgets import SessionWidget
_widgets = [SessionWidget(_id) for _id in {ids!r}]
for _w in _widgets:
    display(_w)
"""


def rate_limit_option() -> str | None:
    """The name of the emulator's per-key rate-limit argument, when it has one."""
    for name in inspect.signature(Emulator).parameters:
        if "rate" in name:
            return name
    return None


def run(ctx: Context) -> list[Figure]:
    """Figure 9's rows."""
    s = ctx.sizes
    rate = Figure(
        GROUP,
        f"GETs per minute on one key, {s.budget_sessions} busy sessions",
        "per min",
        baseline=[],
        baseline_label="the budget, 60/min",
        target="never over budget: ≤ 1x",
        limit=1.0,
        limit_on="ratio",
    )
    option = rate_limit_option()
    missing = "the emulator has no per-key rate limit yet"
    rejected = Figure(
        GROUP,
        "answers of 429 under a 60/min per-key limit",
        "count",
        target="0",
        limit=0,
        show_ratio=False,
        note=missing if option is None else f"option {option!r} not wired yet",
    )
    per_slot = Figure(
        GROUP,
        "GETs per session per scheduled slot",
        "count",
        target="1.0",
        limit=1.0,
        show_ratio=False,
        note="needs the poll scheduler and the emulator's rate limit",
    )
    for run_index in range(s.runs):
        ids = [
            seed_session(ctx.api, f"budget{run_index}-{i}", messages=5)
            for i in range(s.budget_sessions)
        ]
        ctx.at_latency(0.05)
        for session_id in ids:
            hold_busy(ctx.api, session_id)
        try:
            with ctx.kernel() as kernel:
                kernel.execute(SHOW.format(ids=ids))
                since = ctx.clock.mark()
                started = time.time()
                time.sleep(s.budget_seconds)  # the window being measured: nothing to await
                ended = time.time()
            watched = set(ids)
            gets = [
                r
                for r in ctx.clock.stamped(since)
                if started <= r.at < ended
                and r.record.operation_id == GET
                and r.record.session_id in watched
            ]
            rate.samples.append(len(gets) * 60.0 / (ended - started))
            assert rate.baseline is not None
            rate.baseline.append(BUDGET_PER_MINUTE)
        finally:
            for session_id in ids:
                release(ctx.api, session_id)
    return [rate, rejected, per_slot]
