"""8. Kernel free: how fast a trivial cell answers while a widget follows a long turn.

In a kernel, a widget (default client and poll schedule) is shown on an idle session of N
unique messages, followed by a view (the kernel is told so, as a rendered view tells it). A
trivial cell (`pass`) is run every 100 ms (or as soon as the previous one answered), and its
round trip (execute request sent -> reply) taken: first while the widget is idle (the
baseline, after a few warm-up cells), then while the widget follows a turn the emulator takes T
seconds to finish, until a second after the widget sent its front end the reply. Sampling at a
steady pace makes the mean the expected wait of a cell run at a random moment, spikes included;
each run's value is that mean (and its worst round trip), the ratio is to the idle mean.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from bench.clock import epoch
from bench.context import Context
from bench.kernel import Kernel
from bench.seed import seed_session
from bench.stats import Figure

GROUP = "8. kernel free"
TRIVIAL = "pass"
PACE = 0.1
WARM_UP = 3
AFTER_REPLY = 1.0
SHOW = """\
from IPython.display import display
from puffle_widgets import SessionWidget
w = SessionWidget({sid!r})
display(w)
"""


def run(ctx: Context) -> list[Figure]:
    """Figure 8's rows."""
    s = ctx.sizes
    figure = Figure(
        GROUP,
        f"a trivial cell's round trip during a {s.free_turn_seconds:g} s turn, "
        f"{s.free_messages:,} messages (mean)",
        "ms",
        baseline=[],
        baseline_label="the same, idle",
        target="≤ 2x idle",
        limit=2.0,
        limit_on="ratio",
    )
    worst = Figure(
        GROUP,
        "… its worst round trip during the turn",
        "ms",
        baseline=[],
        baseline_label="the idle mean",
    )
    for run_index in range(s.runs):
        session_id = seed_session(ctx.api, f"free{run_index}", messages=s.free_messages)
        with ctx.kernel() as kernel:
            kernel.execute(SHOW.format(sid=session_id))
            kernel.announce_view()  # as the view in a browser does when it renders
            for _ in range(WARM_UP):
                _round_trip(kernel)
            idle = _paced(kernel, lambda count: count >= s.free_idle_cells)
            ctx.at_latency(s.free_turn_seconds)
            kernel.execute(f"w.send({f'Make it bolder, take {run_index}'!r})")
            busy = _paced(kernel, _until_reply_shown(ctx, kernel, session_id))
        figure.samples.append(statistics.fmean(busy))
        assert figure.baseline is not None
        figure.baseline.append(statistics.fmean(idle))
        worst.samples.append(max(busy))
        assert worst.baseline is not None
        worst.baseline.append(statistics.fmean(idle))
    return [figure, worst]


def _until_reply_shown(ctx: Context, kernel: Kernel, session_id: str) -> Callable[[int], bool]:
    """True from a second after the widget sent its front end an update made after the task
    finished (the reply)."""
    seen: list[float] = []

    def done(_: int) -> bool:
        if not seen:
            row = ctx.emu.get_session(session_id)
            ended = row["task_status"] is None
            if ended and kernel.recorder.select(sent_from=epoch(row["updated_at"])):
                seen.append(time.monotonic())
        return bool(seen) and time.monotonic() - seen[0] >= AFTER_REPLY

    return done


def _paced(kernel: Kernel, done: Callable[[int], bool]) -> list[float]:
    """Round trips (ms) of trivial cells started every PACE seconds until `done(count)`."""
    trips: list[float] = []
    next_start = time.monotonic()
    while not done(len(trips)):
        time.sleep(max(0.0, next_start - time.monotonic()))  # the pace itself
        next_start = time.monotonic() + PACE
        trips.append(_round_trip(kernel))
    return trips


def _round_trip(kernel: Kernel) -> float:
    return kernel.execute(TRIVIAL, wait_idle=False).round_trip * 1000.0
