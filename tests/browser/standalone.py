"""The built session view in a plain page, no Jupyter: for what needs no kernel (themes outside
Jupyter, layout at a given width, render timing).

The page holds a small stand-in for anywidget's model (traits, change events, `send` recorded
in `window.__sent`), loads the built `puffle_widgets/static/session.js` and `styles.css` from a
made-up origin that Playwright serves from the checkout, and renders the widget into `#host`,
or into a shadow root under it as marimo does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route

STATIC = Path(__file__).resolve().parents[2] / "puffle_widgets" / "static"
ORIGIN = "http://puffle.test"

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>puffle standalone</title>
<link rel="stylesheet" href="/static/styles.css">
<style>html, body {{ margin: 0; }} {page_css}</style></head>
<body class="{body_class}" {body_attrs}>
<div id="host" style="width: {width}; height: {height}; overflow: auto"></div>
<script type="module">
class Model {{
  constructor(state) {{ this.state = state; this.handlers = new Map(); }}
  get(key) {{ return this.state[key]; }}
  set(key, value) {{ this.state[key] = value; this.emit(`change:${{key}}`); this.emit("change"); }}
  on(name, fn) {{ (this.handlers.get(name) ?? this.handlers.set(name, []).get(name)).push(fn); }}
  off(name, fn) {{
    for (const [key, list] of this.handlers) {{
      if (name && key !== name) continue;
      this.handlers.set(key, fn ? list.filter((f) => f !== fn) : []);
    }}
  }}
  emit(name, ...args) {{ for (const fn of [...(this.handlers.get(name) ?? [])]) fn(...args); }}
  send(content) {{ window.__sent.push(JSON.parse(JSON.stringify(content))); }}
  save_changes() {{}}
}}
window.__sent = [];
const {{ default: widget }} = await import("/static/session.js");
const model = new Model({state});
window.__model = model;
const host = document.getElementById("host");
let el = document.createElement("div");
if ({shadow}) {{
  const shadow = host.attachShadow({{ mode: "open" }});
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = "/static/styles.css";
  shadow.append(css);
  await new Promise((resolve) => css.addEventListener("load", resolve, {{ once: true }}));
  shadow.append(el);
}} else {{
  host.append(el);
}}
const t0 = performance.now();
window.__cleanup = widget.render({{ model, el }});
window.__renderMs = performance.now() - t0;
await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
window.__paintedMs = performance.now() - t0;
window.__ready = true;
</script></body></html>
"""


def session_state(**overrides: Any) -> dict[str, Any]:
    """A whole SessionWidget state, as the kernel syncs it (see js/src/types.ts)."""
    skeleton = {
        "subject": "Quick thought on %company%'s onboarding",
        "body": "Hi %first_name%,\n\nA two-sentence hook tied to %position%.\n\nWorth a chat?",
        "hook": "time-to-ROI",
        "blocks": [
            {
                "name": "Opener",
                "strategy": "Reference their role",
                "personalization": {"fields": ["first_name", "position"], "approach": "One line"},
            }
        ],
    }
    draft = {
        "title": "Intro email to VPs of Sales",
        "draft_subject": "Quick question about %company%",
        "draft_body": "Hi %first_name%,\n\nTeams like %company% cut onboarding to a week.",
        "skeleton": skeleton,
    }
    state: dict[str, Any] = {
        "session_id": "d1d1d1d1-1111-4111-8111-111111111111",
        "campaign_id": "8c2b2d4e-e29b-41d4-a716-446655440000",
        "node_id": "bbbb1111-1111-4111-8111-111111111111",
        "framework_version": 3,
        "task_status": None,
        "created_at": "2026-04-22T10:00:00Z",
        "updated_at": "2026-04-22T10:05:00Z",
        "messages": [
            {"role": "user", "content": "Write an intro email for VPs of Sales"},
            {"role": "assistant", "content": "Done: a first draft, **short** and specific."},
        ],
        "skeleton_history": [
            {"version": 1, "skeleton": {"hook": "question"}, "at": "2026-04-22T10:01:00Z"}
        ],
        "draft_history": [
            {
                "version": 2,
                "subject": "Hello %company%",
                "body": "Hi %first_name%,\nold",
                "at": "2026-04-22T10:03:00Z",
            }
        ],
        "generated_examples": [
            {
                "lead_id": "lead-1",
                "subject": "Quick question about Acme",
                "body": "Hi Sarah,\nLine two",
            }
        ],
        **draft,
        "baseline": dict(draft),
        "conflict": {},
        "available_var_names": ["first_name", "company", "position"],
        "sample_leads": [{"first_name": "Sarah", "last_name": "Lee", "company": "Acme"}],
        "status": "idle",
        "busy_since": None,
        "error": "",
        "notice": "",
        "fallback_key": "standalone",
        "turn_changes": [],
        "examples_version": 3,
        "view_height": None,
    }
    return {**state, **overrides}


def big_state(messages: int = 1000, history: int = 50, examples: int = 200) -> dict[str, Any]:
    """A long session of unique texts: `messages` messages, `history` earlier drafts and
    skeletons each, `examples` examples (the figure of issue 10.3)."""
    body = "We help {n} teams cut onboarding from **six weeks** to *one*; here is how, in short."
    msgs = [
        {
            "role": "user" if i % 2 == 0 else "assistant",
            "content": f"Message {i}: "
            + body.format(n=i)
            + ("\n\n- point a\n- point b" if i % 3 else ""),
            "created_at": f"2026-04-{1 + i // 100:02d}T10:{i % 60:02d}:00Z",
        }
        for i in range(messages)
    ]
    drafts = [
        {
            "version": v,
            "subject": f"Subject {v}",
            "body": f"Body {v}\n" + body.format(n=v),
            "at": f"2026-04-20T{v % 24:02d}:00:00Z",
        }
        for v in range(1, history + 1)
    ]
    skeletons = [
        {
            "version": v,
            "skeleton": {"hook": f"hook {v}", "cta": f"cta {v}"},
            "at": f"2026-04-21T{v % 24:02d}:00:00Z",
        }
        for v in range(1, history + 1)
    ]
    exs = [
        {
            "lead_id": f"lead-{i}",
            "subject": f"Quick question {i}",
            "body": f"Hi {i},\n" + body.format(n=i),
        }
        for i in range(examples)
    ]
    return session_state(
        messages=msgs,
        draft_history=drafts,
        skeleton_history=skeletons,
        generated_examples=exs,
        framework_version=history + 1,
        examples_version=history + 1,
    )


def _serve_static(route: Route) -> None:
    name = route.request.url.removeprefix(f"{ORIGIN}/static/").split("?")[0]
    path = STATIC / name
    if not path.is_file() or path.parent != STATIC:
        route.fulfill(status=404, body="not found")
        return
    kind = "text/css" if name.endswith(".css") else "text/javascript"
    route.fulfill(status=200, body=path.read_bytes(), headers={"content-type": kind})


def open_standalone(
    page: Page,
    state: dict[str, Any],
    *,
    width: str = "100%",
    height: str = "100vh",
    body_class: str = "",
    body_attrs: str = "",
    page_css: str = "",
    shadow: bool = False,
) -> None:
    """Render the session view with `state` in a plain page and wait until it is painted."""
    html = _PAGE.format(
        state=json.dumps(state),
        width=width,
        height=height,
        body_class=body_class,
        body_attrs=body_attrs,
        page_css=page_css,
        shadow="true" if shadow else "false",
    )
    page.route(f"{ORIGIN}/static/**", _serve_static)
    page.route(
        f"{ORIGIN}/", lambda route: route.fulfill(status=200, body=html, content_type="text/html")
    )
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("() => window.__ready === true")
