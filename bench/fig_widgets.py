"""5. Constructing many widgets, and kernel memory per widget.

Construction: in a kernel, after one warm-up widget (imports, first connections), N widgets of
one small session are made with the default client (as `%puffle` does), timed with
`time.perf_counter()`, then closed. Memory: in a fresh kernel per run, after a warm-up widget,
the resident set size (/proc/self/statm) is read after `gc.collect()`: before and after loading
K sessions of M unique messages as plain dicts (raw httpx + `.json()`, kept alive), then after
making and displaying one widget per session. Per widget = growth / K, against the dicts'.
"""

from __future__ import annotations

from bench.context import Context
from bench.seed import seed_session
from bench.stats import Figure

GROUP = "5. shared transport"

CONSTRUCT = """\
import time
from puffle_widgets import SessionWidget
SessionWidget({sid!r}).close()  # warm-up: imports and first connections
_t0 = time.perf_counter()
_made = [SessionWidget({sid!r}) for _ in range({count})]
_t1 = time.perf_counter()
for _w in _made:
    _w.close()
_bench_emit(_t1 - _t0)
"""

MEMORY = """\
import gc, os
import httpx
from IPython.display import display
from puffle_widgets import SessionWidget

def _rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

_base = os.environ["PUFFLE_API_BASE_URL"] + "/api/campaigns/ai-chat-sessions/"
_raw = httpx.Client(headers={{"Authorization": "Bearer " + os.environ["PUFFLE_API_KEY"]}})
_ids = {ids!r}
_warm = SessionWidget({warm!r})
display(_warm)
_raw.get(_base + {warm!r}).json()
gc.collect(); _r0 = _rss()
_dicts = [_raw.get(_base + _id).json() for _id in _ids]
gc.collect(); _r1 = _rss()
_widgets = []
for _id in _ids:
    _w = SessionWidget(_id)
    display(_w)
    _widgets.append(_w)
gc.collect(); _r2 = _rss()
_bench_emit({{"dicts": (_r1 - _r0) / len(_ids), "widgets": (_r2 - _r1) / len(_ids)}})
"""

MB = 1024.0 * 1024.0


def run(ctx: Context) -> list[Figure]:
    """Figure 5's rows."""
    s = ctx.sizes
    total = Figure(
        GROUP,
        f"constructing {s.construct_widgets} widgets",
        "s",
        target="≤ 1 s",
        limit=1.0,
        show_ratio=False,
    )
    each = Figure(GROUP, "… per widget", "ms", show_ratio=False)
    small = seed_session(ctx.api, "construct", messages=10)
    with ctx.kernel() as kernel:
        for _ in range(s.runs):
            seconds = kernel.run_value(CONSTRUCT.format(sid=small, count=s.construct_widgets))
            total.samples.append(seconds)
            each.samples.append(seconds * 1000.0 / s.construct_widgets)
    memory = Figure(
        GROUP,
        f"kernel RSS per widget, {s.rss_messages:,}-message sessions",
        "MB",
        baseline=[],
        baseline_label="the session as plain dicts",
        target="≤ 1.5x the dicts + 0.2 MB",
        limit=0.2,
        limit_factor=1.5,
    )
    ids = [seed_session(ctx.api, f"rss{i}", messages=s.rss_messages) for i in range(s.rss_sessions)]
    warm = seed_session(ctx.api, "rss-warm", messages=10)
    for _ in range(s.runs):
        with ctx.kernel() as kernel:
            grown = kernel.run_value(MEMORY.format(ids=ids, warm=warm))
        memory.samples.append(grown["widgets"] / MB)
        assert memory.baseline is not None
        memory.baseline.append(grown["dicts"] / MB)
    return [total, each, memory]
