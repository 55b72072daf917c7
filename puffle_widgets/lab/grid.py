"""`LabGrid`: the live view of a lab run, a single anywidget (front end: js/src/lab).

One anywidget and no ipywidgets container, so the grid renders wherever anywidget does
(JupyterLab, Notebook 7, Voila, marimo); its front end is shared once per kernel like the
other widgets' (`CodeShared`: the code, held as text, ties no closed grid to a file watcher).
It holds no logic: `PromptLab` sets its traits and
handles what the browser asks for (`handlers`, one per message type); the star, the note and
the baseline are traits the browser writes, so a saved notebook keeps them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, Final

import traitlets as t

from puffle_widgets.widgets import CodeShared

log = logging.getLogger("puffle_widgets.lab")

# Message types the browser sends (js/src/lab/types.ts `LabMessage`).
MESSAGE_TYPES: Final = ("stop", "promote")


class LabGrid(CodeShared, entry="lab"):
    """A column per variant: status, turns, elapsed time, then its draft, skeleton, metrics,
    the diff against the baseline, the drafts filled per lead, a star, a note and Promote."""

    campaign_id = t.Unicode("", help="The campaign the lab drafts for.").tag(sync=True)
    node_id = t.Unicode("", help="The sequence node of every lab session.").tag(sync=True)
    variants = t.List(t.Dict(), help="One row per variant (lab/rows.py).").tag(sync=True)
    progress = t.Dict(help="Variants and turns: in all, finished, failed, skipped.").tag(sync=True)
    run_state = t.Unicode("ready", help="ready, running, stopping, done.").tag(sync=True)
    baseline = t.Unicode("", help="The variant the others are compared with.").tag(sync=True)
    ratings = t.Dict(help="Per variant: {star, note}; written by the browser.").tag(sync=True)
    leads = t.List(t.Unicode(), help="The sample leads' names.").tag(sync=True)
    available_var_names = t.List(t.Unicode(), help="Variables the drafts may use.").tag(sync=True)
    fallback_key = t.Unicode("", help="Marks this grid's static snapshot.").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.handlers: dict[str, Callable[[Mapping[str, Any]], None]] = {}

    def _handle_custom_msg(self, content: Any, buffers: object) -> None:
        """A message from the browser: handled by the handler of its type."""
        kind = content.get("type") if isinstance(content, Mapping) else None
        handler = self.handlers.get(kind) if isinstance(kind, str) else None
        if handler is None:
            log.warning("lab grid: ignored a message of unknown type %r", kind)
            return
        handler(content)
