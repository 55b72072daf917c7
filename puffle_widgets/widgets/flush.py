"""The end of each cell: where widgets that changed bring their saved form up to date.

nbclient (and so `jupyter nbconvert --execute` and papermill) records only the widget messages
that belong to the cell it is running, and runs no JavaScript. A poll that finishes between
cells sends its update under an older cell, so the saved notebook would keep stale state.
IPython's `post_execute` hook calls `flush_state()` of every widget that changed since the last
time: a widget that no live view follows re-sends what changed, attributed to the cell that
just ran, and brings its static snapshot up to date; one a view follows sends nothing more
(the view already has every change) unless the cell itself changed it, which updates its
snapshot. `pre_execute` marks a cell as running, so widgets can tell changes a cell made (while
it ran or awaited) from changes that arrived between cells.

Only for a cell: IPython's `pre_execute` and `post_execute` also fire around every comm message
(the `comm` package triggers them), on the thread that handles the message, which in
JupyterLab 4.6 with ipykernel 7 is a subshell thread while the widgets' loop runs on the main
thread. A flush from there reads the state before the loop has handled the message and can
reach the browser after the loop's own update for it: a conflict the user had just settled came
back on screen that way (issue 15). A flush for a comm message is useless anyway (nothing
records it), and a comm message is not a cell that changes a widget.
"""

from __future__ import annotations

import logging
import sys
import threading
import weakref
from typing import Any, Protocol

log = logging.getLogger("puffle_widgets.widgets")


class Flushable(Protocol):
    """A widget that brings its saved form up to date at the end of a cell."""

    def flush_state(self) -> None:
        """Send what the front end and any recorder still need."""


_pending: weakref.WeakSet[Any] = weakref.WeakSet()
_registered = False
_cell_running = False


def mark_changed(widget: Flushable) -> None:
    """Remember that `widget` changed; it is flushed at the end of the next cell."""
    _pending.add(widget)
    _register()


def forget(widget: Flushable) -> None:
    """Stop tracking `widget` (it was closed)."""
    _pending.discard(widget)


def in_cell() -> bool:
    """True while IPython runs a cell (including while the cell awaits)."""
    return _cell_running


def flush_all() -> None:
    """Flush every widget that changed since the last flush."""
    global _cell_running
    _cell_running = False
    widgets = list(_pending)
    _pending.clear()
    for widget in widgets:
        try:
            widget.flush_state()
        except Exception:
            log.exception("could not re-send widget state")


def before_cell() -> None:
    """IPython's `pre_execute` hook: a cell starts (on the main thread)."""
    global _cell_running
    if _for_a_cell():
        _cell_running = True


def after_cell() -> None:
    """IPython's `post_execute` hook: flush, when it ends a cell run on the main thread."""
    if _for_a_cell():
        flush_all()


def _for_a_cell() -> bool:
    if threading.current_thread() is not threading.main_thread():
        return False  # a subshell's comm message (or cell): the widgets' loop is elsewhere
    from IPython import get_ipython

    get_parent = getattr(getattr(get_ipython(), "kernel", None), "get_parent", None)
    if get_parent is None:
        return True  # a plain IPython shell: the hooks only surround cells
    try:
        return bool(get_parent()["header"]["msg_type"] == "execute_request")
    except (KeyError, TypeError, LookupError):
        return True  # cannot tell: as around every cell


def _register() -> None:
    global _registered
    if _registered:
        return
    ipython = sys.modules.get("IPython")  # not loaded: no shell to hook into (a plain script)
    shell = None if ipython is None else ipython.get_ipython()
    if shell is None:
        return
    shell.events.register("pre_execute", before_cell)
    shell.events.register("post_execute", after_cell)
    _registered = True
    before_cell()  # the first widget is made by a cell, which is running now
