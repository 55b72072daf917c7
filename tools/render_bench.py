"""Front-end render timing of the session view in Chromium (issue 10.3), widget only, no Jupyter.

    .venv/bin/python tools/render_bench.py [--runs 3]

Renders the built view (puffle_widgets/static, `make build` first) in a plain page with a
stand-in model (tests/browser/standalone.py) and prints, median [min-max] of the runs:
the first render of a 1,000-message / 50-history / 200-example session (render call plus the
layout it forces), the same for a 2-message session, the cost of one appended message (median of
five, each with the layout it forces), and the node count. Targets: first render <= 150 ms,
an appended message <= 5% of it. Printed, never asserted (bench/ measures them in JupyterLab).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.standalone import big_state, open_standalone, session_state
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

# In the page: render `state` again into a fresh element (the module is loaded and warm by
# then, as for every widget after the first), force layout, and time an appended message.
MEASURE = """async (state) => {
  const { default: widget } = await import("/static/session.js");
  window.__cleanup?.();
  document.getElementById("host").textContent = "";
  const model = window.__model;
  model.state = state;
  const el = document.createElement("div");
  document.getElementById("host").append(el);
  const t0 = performance.now();
  const cleanup = widget.render({ model, el });
  el.getBoundingClientRect(); el.offsetHeight;  // the layout the first frame needs
  const first = performance.now() - t0;
  const nodes = el.querySelectorAll("*").length;
  const appends = [];
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const t1 = performance.now();
    const reply = { role: "assistant", content: `Reply ${i}: one **more**.` };
    model.set("messages", [...model.get("messages"), reply]);
    el.offsetHeight;
    appends.push(performance.now() - t1);
  }
  appends.sort((a, b) => a - b);
  window.__cleanup = cleanup;
  return { first, append: appends[2], nodes };
}"""


def measure(page: Any, state: dict[str, Any]) -> dict[str, float]:
    result: dict[str, float] = page.evaluate(MEASURE, state)
    return result


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.1f} ms [{min(values):.1f}-{max(values):.1f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    big, small = big_state(), session_state()
    runs: dict[str, list[dict[str, float]]] = {"big": [], "small": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(args.runs):
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()
            open_standalone(page, session_state(messages=[]), height="720px")
            runs["small"].append(measure(page, small))
            runs["big"].append(measure(page, big))
            context.close()
        browser.close()
    big_first = [r["first"] for r in runs["big"]]
    big_append = [r["append"] for r in runs["big"]]
    ratio = [a / f * 100 for a, f in zip(big_append, big_first, strict=True)]
    small_first = [r["first"] for r in runs["small"]]
    rows = [
        ("first render, 1000 msgs / 50 history / 200 examples", summary(big_first), "<= 150 ms"),
        ("first render, 2 messages", summary(small_first), ""),
        (
            "one appended message (1000 msgs)",
            summary(big_append),
            f"{statistics.median(ratio):.1f}% of first render, target <= 5%",
        ),
        ("nodes after the first render (1000 msgs)", json.dumps(runs["big"][0]["nodes"]), ""),
    ]
    print(f"session view, widget only, Chromium (median [min-max] of {args.runs} runs)")
    for name, value, target in rows:
        print(f"  {name:<52} {value:>24}  {target}")


if __name__ == "__main__":
    main()
