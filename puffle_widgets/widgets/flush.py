"""Re-send widget state at the end of each cell when it changed in the background.

nbclient (and so `jupyter nbconvert --execute`) records only the widget messages that belong
to the cell it is running. A poll that finishes between cells sends its update under an older
cell, so the saved notebook would keep stale state. Re-sending from IPython's `post_execute`
hook attributes the current state to the cell that just ran.
"""

from __future__ import annotations

import logging
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
    shell.events.register("post_execute", flush_all)
    _registered = True
