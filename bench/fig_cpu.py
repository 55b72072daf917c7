"""2. Kernel CPU per changed poll tick; 7. client parsing of a whole session.

In a kernel, a displayed widget shows an idle session of N unique messages. Each tick: another
client (a raw httpx client in the kernel, outside the timing) appends one message, then
`time.process_time()` is read around `w.refresh(wait=True)` (GET, parse, apply, send it)
and around `client.sessions.get(...)` (GET and parse alone, the same body). Applying the
snapshot costs the difference; the baseline is `json.loads` of the body. Figure 7 compares
`client.sessions.get` with a raw `httpx` GET + `.json()`, timed the same way. Each run's value
is the median of its ticks (or calls).
"""

from __future__ import annotations

import json
from typing import Any

from bench import content
from bench.context import Context
from bench.seed import seed_session
from bench.stats import Figure, median

GROUP = "2. lazy snapshot: kernel CPU per changed tick"
PARSE_GROUP = "7. client parsing"

SETUP = """\
import inspect, json, os, time
import httpx
from IPython.display import display
from puffle_widgets import Puffle, SessionWidget

_url = os.environ["PUFFLE_API_BASE_URL"] + "/api/campaigns/ai-chat-sessions/{sid}"
_raw = httpx.Client(headers={{"Authorization": "Bearer " + os.environ["PUFFLE_API_KEY"]}})
_client = Puffle()
w = SessionWidget({sid!r}, client=_client)
display(w)
# Since cell calls return once queued, `wait=True` is what makes refresh read and apply now.
_refresh = (
    (lambda: w.refresh(wait=True)) if "wait" in inspect.signature(w.refresh).parameters
    else w.refresh
)
"""

TICKS = """\
_rows = []
for _message in json.loads({messages!r}):
    _current = _raw.get(_url).json()["session"]["messages"]
    _raw.patch(_url, json={{"messages": _current + [_message]}}).raise_for_status()
    _t0 = time.process_time(); _refresh(); _t1 = time.process_time()
    _g0 = time.process_time(); _client.sessions.get({sid!r}); _g1 = time.process_time()
    _body = _raw.get(_url).content
    _l0 = time.process_time(); json.loads(_body); _l1 = time.process_time()
    _rows.append({{"tick": _t1 - _t0, "get": _g1 - _g0, "loads": _l1 - _l0}})
_bench_emit(_rows)
"""

PARSE = """\
_rows = []
for _ in range({calls}):
    _g0 = time.process_time(); _client.sessions.get({sid!r}); _g1 = time.process_time()
    _r0 = time.process_time(); _raw.get(_url).json(); _r1 = time.process_time()
    _rows.append({{"get": _g1 - _g0, "raw": _r1 - _r0}})
_bench_emit(_rows)
"""


def run(ctx: Context) -> list[Figure]:
    """Figures 2 (at each tick size) and 7."""
    figures: list[Figure] = []
    for size in ctx.sizes.tick_sizes:
        figures += _ticks(ctx, size)
    figures.append(_parsing(ctx))
    return figures


def _ms(rows: list[dict[str, Any]], key: str) -> float:
    return median([row[key] * 1000.0 for row in rows])


def _ticks(ctx: Context, size: int) -> list[Figure]:
    label = f"{size:,} messages"
    apply = Figure(
        GROUP,
        f"applying a changed snapshot (refresh - GET), {label}",
        "ms",
        baseline=[],
        baseline_label="json.loads of the body",
        target="≤ 3x json.loads",
        limit=3.0,
        limit_on="ratio",
    )
    whole = Figure(
        GROUP,
        f"whole changed tick (refresh: GET + parse + apply), {label}",
        "ms",
        baseline=[],
        baseline_label="json.loads of the body",
        target="—",
    )
    tag = f"tick{size}"
    session_id = seed_session(ctx.api, tag, messages=size)
    with ctx.kernel() as kernel:
        kernel.execute(SETUP.format(sid=session_id))
        for run_index in range(ctx.sizes.runs):
            start = run_index * ctx.sizes.ticks_per_run
            new = content.messages(f"{tag}-appended", ctx.sizes.ticks_per_run, start)
            rows = kernel.run_value(TICKS.format(sid=session_id, messages=json.dumps(new)))
            loads = _ms(rows, "loads")
            ticks = [row["tick"] * 1000.0 for row in rows]
            applies = [(row["tick"] - row["get"]) * 1000.0 for row in rows]
            apply.samples.append(median(applies))
            whole.samples.append(median(ticks))
            for figure in (apply, whole):
                assert figure.baseline is not None
                figure.baseline.append(loads)
    return [apply, whole]


def _parsing(ctx: Context) -> Figure:
    size = ctx.sizes.parse_messages
    figure = Figure(
        PARSE_GROUP,
        f"client.sessions.get of a {size:,}-message session, client CPU",
        "ms",
        baseline=[],
        baseline_label="raw httpx GET + .json()",
        target="≤ 1.3x raw",
        limit=1.3,
        limit_on="ratio",
    )
    session_id = seed_session(ctx.api, f"parse{size}", messages=size)
    with ctx.kernel() as kernel:
        kernel.execute(SETUP.format(sid=session_id))
        kernel.execute(PARSE.format(sid=session_id, calls=2))  # warm: imports, connections
        for _ in range(ctx.sizes.runs):
            rows = kernel.run_value(PARSE.format(sid=session_id, calls=ctx.sizes.parse_calls))
            figure.samples.append(_ms(rows, "get"))
            assert figure.baseline is not None
            figure.baseline.append(_ms(rows, "raw"))
    return figure
