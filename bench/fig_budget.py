"""9. Poll budget: many busy sessions followed on one key.

S sessions are made busy (each holds a task open), then one kernel shows two widgets per
session with the default client (one key). For W seconds the emulator's request log is read:
the most GET requests of those sessions in any minute of the window (a budget of 60 per minute
per key allows up to 60 in any 60 s, so a shorter window says nothing: W is longer than a
minute), and, when the emulator has a per-key rate limit, how many it answered 429 with the
limit set to 60 per minute for the window (the bench itself sends nothing then). GETs per
session per scheduled slot: each session's GETs over its polling moments (GETs of one session
less than half a second apart are one moment), so a poll shared by both widgets of a session
counts 1.0 and a poll per widget 2.0.
"""

from __future__ import annotations

import itertools
import time
from bisect import bisect_left
from typing import Any, cast

from bench.clock import GET, Stamped
from bench.context import Context
from bench.seed import hold_busy, release, seed_session
from bench.stats import Figure
from puffle_widgets.emulator import Emulator

GROUP = "9. poll budget"
BUDGET_PER_MINUTE = 60
MOMENT = 0.5  # GETs of one session closer than this are one polling moment
SHOW = """\
from IPython.display import display
from puffle_widgets import SessionWidget
_widgets = [SessionWidget(_id) for _id in {ids!r} for _ in range(2)]
for _w in _widgets:
    display(_w)
"""


def has_rate_limit(emu: Emulator) -> bool:
    """Whether the emulator can answer 429 beyond a per-key rate (`emu.rate_limit`)."""
    return hasattr(emu, "rate_limit") and hasattr(emu, "reset_rate_limit")


def _limit(emu: Emulator, per_minute: int | None) -> None:
    limited = cast(Any, emu)  # an emulator without the option never gets here
    if per_minute is not None:
        limited.reset_rate_limit()
    limited.rate_limit = per_minute


def run(ctx: Context) -> list[Figure]:
    """Figure 9's rows."""
    s = ctx.sizes
    limited = has_rate_limit(ctx.emu)
    under = "under a 60/min per-key limit" if limited else "no rate limit in the emulator"
    rate = Figure(
        GROUP,
        f"most GET requests in any minute on one key, {s.budget_sessions} busy sessions, "
        f"two widgets each ({under})",
        "per min",
        baseline=[],
        baseline_label="the budget, 60/min",
        target="never over budget: ≤ 1x",
        limit=1.0,
        limit_on="ratio",
    )
    rejected = Figure(
        GROUP,
        "answers of 429 under a 60/min per-key limit",
        "count",
        target="0",
        limit=0,
        show_ratio=False,
        note="" if limited else "the emulator has no per-key rate limit yet",
    )
    per_slot = Figure(
        GROUP,
        "GETs per session per scheduled slot",
        "count",
        target="1.0",
        limit=1.0,
        show_ratio=False,
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
                if limited:
                    _limit(ctx.emu, BUDGET_PER_MINUTE)
                since = ctx.clock.mark()
                started = time.time()
                time.sleep(s.budget_seconds)  # the window being measured: nothing to await
                ended = time.time()
                if limited:
                    _limit(ctx.emu, None)
        finally:
            if limited:
                _limit(ctx.emu, None)
            for session_id in ids:
                release(ctx.api, session_id)
        watched = set(ids)
        stamped = [
            r
            for r in ctx.clock.stamped(since)
            if started <= r.at < ended
            and r.record.operation_id == GET
            and r.record.session_id in watched
        ]
        gets = [r.record for r in stamped]
        times = sorted(r.at for r in stamped)
        rate.samples.append(_most_in_a_minute(times, ended - started))
        per_slot.samples.append(_per_moment(stamped))
        assert rate.baseline is not None
        rate.baseline.append(BUDGET_PER_MINUTE)
        if limited:
            rejected.samples.append(sum(r.status == 429 for r in gets))
    return [rate, rejected, per_slot]


def _most_in_a_minute(times: list[float], span: float) -> float:
    """The most requests in any 60 s of the window, as a rate per minute (a window shorter
    than a minute, as in `--tiny`, is scaled up to one)."""
    if span < 60:
        return len(times) * 60.0 / span
    return float(max(bisect_left(times, t + 60) - i for i, t in enumerate(times)) if times else 0)


def _per_moment(stamped: list[Stamped]) -> float:
    """GETs per polling moment, over every session (GETs of one session < 0.5 s apart are one
    moment)."""
    by_session: dict[str, list[float]] = {}
    for r in stamped:
        by_session.setdefault(str(r.record.session_id), []).append(r.at)
    moments = 0
    for times in by_session.values():
        times.sort()
        moments += 1 + sum(b - a >= MOMENT for a, b in itertools.pairwise(times))
    return len(stamped) / moments if moments else 0.0
