"""Re-send widget state at the end of each cell when it changed in the background.

nbclient (and so `jupyter nbconvert --execute`) records only the widget messages that belong
to the cell it is running. A poll that finishes between cells sends its update under an older
cell, so the saved notebook would keep stale state. Re-sending from IPython's `post_execute`
hook attributes the current state to the cell that just ran.

Only after a cell: IPython's `post_execute` also fires around every comm message (the `comm`
package triggers it), on the thread that handles the message, which in JupyterLab 4.6 with
ipykernel 7 is a subshell thread while the widgets' loop runs on the main thread. A re-send
from there reads the state before the loop has handled the message and can reach the browser
after the loop's own update for it: a conflict the user had just settled came back on screen
that way (issue 15). A re-send for a comm message is useless anyway (nothing records it).
"""

from __future__ import annotations

import logging
import threading
import weakref
from typing import Any, Protocol

log = logging.getLogger("puffle_widgets.widgets")


class Flushable(Protocol):
    """A widget that can re-send the part of its state that changed."""

    def flush_state(self) -> None:
        """Send the current state to the front end and to any recorder."""


_pending: weakref.WeakSet[Any] = weakref.WeakSet()
_registered = False


def mark_changed(widget: Flushable) -> None:
    """Remember that `widget` changed outside a cell; it is flushed after the next cell."""
    _pending.add(widget)
    _register()


def forget(widget: Flushable) -> None:
    """Stop tracking `widget` (it was closed)."""
    _pending.discard(widget)


def flush_all() -> None:
    """Flush every widget that changed since the last flush."""
    widgets = list(_pending)
    _pending.clear()
    for widget in widgets:
        try:
            widget.flush_state()
        except Exception:
            log.exception("could not re-send widget state")


def after_cell() -> None:
    """IPython's `post_execute` hook: flush, when it ends a cell run on the main thread."""
    if _cell_just_ran():
        flush_all()


def _cell_just_ran() -> bool:
    if threading.current_thread() is not threading.main_thread():
        return False  # a subshell's comm message (or cell): the widgets' loop is elsewhere
    from IPython import get_ipython

    get_parent = getattr(getattr(get_ipython(), "kernel", None), "get_parent", None)
    if get_parent is None:
        return True  # a plain IPython shell: post_execute only follows cells
    try:
        return bool(get_parent()["header"]["msg_type"] == "execute_request")
    except (KeyError, TypeError, LookupError):
        return True  # cannot tell: flush, as after every cell


def _register() -> None:
    global _registered
    if _registered:
        return
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.events.register("post_execute", after_cell)
    _registered = True
