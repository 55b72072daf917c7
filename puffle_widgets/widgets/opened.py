"""The `SessionWidget`s open in this process, to find those showing a session: whatever writes
onto a session from outside a widget (the prompt lab's promote) must not overwrite what one of
them holds unsaved.

Held weakly: a widget nobody holds any more is not kept alive by being listed here.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from puffle_widgets.widgets.session import SessionWidget

_widgets: weakref.WeakSet[SessionWidget] = weakref.WeakSet()


def remember(widget: SessionWidget) -> None:
    """List `widget` (a `SessionWidget` that finished starting)."""
    _widgets.add(widget)


def open_session_widgets(session_id: str) -> list[SessionWidget]:
    """The open (not closed) `SessionWidget`s showing `session_id`."""
    return [w for w in list(_widgets) if w.session_id == session_id and w.comm is not None]
