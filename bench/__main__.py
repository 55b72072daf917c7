"""`python -m bench`: measure every figure of issue 10 and write bench/RESULTS.md.

`--tiny` runs each benchmark once at tiny sizes (the smoke test does, so the harness cannot rot)
and writes nothing unless `--out`/`--json` say where. `--only 1,3` runs some groups.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
import time
import traceback
from contextlib import ExitStack
from pathlib import Path
from types import ModuleType

from bench import (
    fig_budget,
    fig_bytes,
    fig_code,
    fig_cpu,
    fig_free,
    fig_latency,
    fig_render,
    fig_widgets,
    report,
)
from bench.browser import LabSession
from bench.clock import RequestClock
from bench.config import Sizes
from bench.context import REPO, Context
from bench.seed import Api
from bench.stats import Figure
from puffle_widgets.emulator import Emulator

RESULTS = Path(__file__).with_name("RESULTS.md")
# The figures measured before issue 10's work, shown beside today's in RESULTS.md.
BEFORE = Path(__file__).with_name("BEFORE.md")
# In the order of issue 10's table; each module's docstring says how it measures.
GROUPS: dict[str, ModuleType] = {
    "1": fig_bytes,
    "2": fig_cpu,
    "3": fig_render,
    "4": fig_latency,
    "5": fig_widgets,
    "6": fig_code,
    "8": fig_free,
    "9": fig_budget,
}
SEEDED_IN_STORE = (
    "Sessions hold unique messages written straight into the emulator's store "
    "(`Emulator.seed_session`, through `bench/seed.py:seed_session`)."
)
SEEDED_BY_API = (
    "Sessions hold unique messages (bench/content.py, ~300-400 B of markdown each), seeded "
    "through the API (PATCH of `messages`, `draft_history`, `skeleton_history` and "
    "`generated_examples`) by `bench/seed.py:seed_session`, which switches to the emulator's "
    "own seeding once it has one."
)
NOTES = (
    "The machine's two cores are shared (see the load averages): times are noisy, byte counts "
    "exact. Ratios are taken within a run, against a baseline measured in the same run.",
    "Figure 7 (client parsing) is measured by the figure 2 module, in a kernel of its own.",
    "Not measured: bytes sent on the first browser event after an update (which browser event "
    "makes the kernel send anything depends on the version under test).",
    "*before* is the median in bench/BEFORE.md, measured by this harness on commit 5bba8b3, "
    "before issue 10's work (figures renamed since show —).",
    "The appended message's render is held to 5% of the first render. The first render fell "
    "from 1.4 s (before) to about 150 ms (windowed transcript, history and examples drawn when "
    "their tab opens), so 5% of it is under 8 ms, less than one frame (16.7 ms at 60 Hz); an "
    "update cannot be painted before the frame after its comm message arrives, so that target "
    "is below the floor. The append's own cost fell too (compare *before*).",
)


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--tiny", action="store_true", help="once, at tiny sizes")
    parser.add_argument("--only", default="", help="comma-separated groups, e.g. 1,3")
    parser.add_argument("--out", type=Path, help="markdown report (default: bench/RESULTS.md)")
    parser.add_argument("--json", type=Path, help="also write every sample as JSON")
    return parser.parse_args(argv)


def _run_group(key: str, module: ModuleType, ctx: Context) -> tuple[list[Figure], bool]:
    started = time.monotonic()
    print(f"== group {key}: {module.GROUP}", flush=True)
    try:
        figures: list[Figure] = module.run(ctx)
    except Exception as exc:
        traceback.print_exc()
        note = f"the benchmark failed: {type(exc).__name__}: {exc}".splitlines()[0]
        return [Figure(module.GROUP, "(group failed)", "count", note=note)], False
    for figure in figures:
        print("   " + " | ".join(report.row(figure)), flush=True)
    print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    return figures, True


def main(argv: list[str] | None = None) -> int:
    """Run the chosen groups; write the report; 1 if any group failed."""
    args = _arguments(sys.argv[1:] if argv is None else argv)
    sizes = Sizes.tiny() if args.tiny else Sizes.full()
    chosen = [k.strip() for k in args.only.split(",") if k.strip()] or list(GROUPS)
    unknown = sorted(set(chosen) - set(GROUPS))
    if unknown:
        print(f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
        return 2
    (REPO / ".tmp").mkdir(exist_ok=True)
    state = Path(tempfile.mkdtemp(prefix="bench-", dir=REPO / ".tmp")).resolve()
    started = time.monotonic()
    load_at_start = report.load_average()
    figures: list[Figure] = []
    ok = True
    try:
        with ExitStack() as stack:
            emu = stack.enter_context(Emulator(latency=0.05))
            api = stack.enter_context(Api(emu))
            clock = stack.enter_context(RequestClock(emu))
            lab = stack.enter_context(LabSession(state, emu))
            ctx = Context(emu, api, clock, sizes, state, lab)
            for key in chosen:
                found, passed = _run_group(key, GROUPS[key], ctx)
                figures += found
                ok = ok and passed
    finally:
        shutil.rmtree(state, ignore_errors=True)
    seconds = time.monotonic() - started
    info = report.machine(REPO, load_at_start)
    given = sys.argv[1:] if argv is None else argv
    command = shlex.join(["python", "-m", "bench", *given]) if given else "make bench"
    methods = {GROUPS[k].GROUP: GROUPS[k].__doc__ or "" for k in chosen}
    seeding = SEEDED_IN_STORE if hasattr(Emulator, "seed_session") else SEEDED_BY_API
    notes = (seeding, *NOTES)
    before = report.read_before(BEFORE)
    text = report.document(figures, info, command, sizes.runs, seconds, methods, notes, before)
    out = args.out if args.out is not None else (None if args.tiny else RESULTS)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    if args.json is not None:
        report.dump_json(args.json, figures, info)
    print(f"\n{report.table(figures)}\n\n{seconds / 60:.1f} minutes", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
