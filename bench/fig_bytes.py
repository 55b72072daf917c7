"""1. Bytes kernel -> browser for one appended message, on the next cell, on an unchanged poll.

A busy session (its task held open) of N unique messages is shown by a widget in a real
kernel, polling every 0.5 s, and followed by a view (the kernel is told so, as a rendered view
tells it: no browser here). Another client appends one message (PATCH); the poll that fetches
it is tick A, the next two are B and C. The kernel's widget traffic (comm and display messages,
by the kernel's send time) between the PATCH and B is the append's cost, between B and C an
unchanged poll's; then a trivial cell runs and its widget traffic is the next cell's cost.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench import content
from bench.clock import answer_size, get_of
from bench.context import Context
from bench.kernel import IopubMessage
from bench.seed import append_message, hold_busy, release, seed_session
from bench.stats import Figure
from puffle_widgets.emulator import RequestRecord

GROUP = "1. deltas"
POLL_SECONDS = 0.5
TICK_TIMEOUT = 120.0

SHOW = """\
from puffle_widgets import Puffle, SessionWidget
w = SessionWidget({sid!r}, client=Puffle(poll_interval={poll}))
w
"""


def run(ctx: Context) -> list[Figure]:
    """The group's figures, one set per session size."""
    figures: list[Figure] = []
    for size in ctx.sizes.delta_sizes:
        figures.extend(_one_size(ctx, size))
    return figures


def _one_size(ctx: Context, size: int) -> list[Figure]:
    tag = f"delta{size}"
    label = f"{size:,} messages"
    appended = Figure(
        GROUP,
        f"bytes for ONE appended message, {label}",
        "B",
        baseline=[],
        baseline_label="the message's JSON",
        target="≤ 3x its JSON + 2 KB",
        limit=2048,
        limit_factor=3.0,
    )
    next_cell = Figure(
        GROUP,
        f"bytes on the next cell run after it, {label}",
        "B",
        baseline_label="0 B",
        target="0 B",
        limit=0,
        show_ratio=False,
    )
    unchanged = Figure(
        GROUP,
        f"bytes on an unchanged poll, {label}",
        "B",
        baseline_label="0 B",
        target="0 B",
        limit=0,
        show_ratio=False,
    )
    # The held turn appends the user's message: seed one fewer so the widget shows `size`.
    session_id = seed_session(ctx.api, tag, messages=size - 1)
    ctx.at_latency(0.05)
    hold_busy(ctx.api, session_id)
    try:
        with ctx.kernel() as kernel:
            kernel.execute(SHOW.format(sid=session_id, poll=POLL_SECONDS))
            kernel.announce_view()  # as the view in a browser does when it renders
            for run_index in range(ctx.sizes.runs):
                # Polling is under way: wait for one tick before changing anything.
                before = ctx.clock.wait(get_of(session_id), ctx.clock.mark(), TICK_TIMEOUT)
                message = content.message(f"{tag}-appended", run_index)
                since = ctx.clock.mark()
                patched_at = time.time()
                append_message(ctx.api, session_id, message)
                # The poll that fetched it answered a bigger session (a poll already under way
                # during the PATCH may still answer the old one).
                grown = _bigger_than(session_id, answer_size(before.record))
                tick_a = ctx.clock.wait(grown, since, TICK_TIMEOUT)
                tick_b = ctx.clock.wait(get_of(session_id), tick_a.index + 1, TICK_TIMEOUT)
                tick_c = ctx.clock.wait(get_of(session_id), tick_b.index + 1, TICK_TIMEOUT)
                rec = kernel.recorder
                appended.samples.append(
                    _bytes(rec.select(sent_from=patched_at, sent_before=tick_b.at))
                )
                assert appended.baseline is not None
                appended.baseline.append(content.json_size(message))
                unchanged.samples.append(
                    _bytes(rec.select(sent_from=tick_b.at, sent_before=tick_c.at))
                )
                cell = kernel.execute("pass")
                next_cell.samples.append(_bytes(rec.select(parent=cell.msg_id)))
    finally:
        release(ctx.api, session_id)
    return [appended, next_cell, unchanged]


def _bigger_than(session_id: str, size: int) -> Callable[[RequestRecord], bool]:
    is_get = get_of(session_id)
    return lambda r: is_get(r) and answer_size(r) > size


def _bytes(messages: list[IopubMessage]) -> float:
    return float(sum(m.size for m in messages))
