"""How a session widget's state reaches its front ends: the long lists as deltas, and the state
re-sent at the end of a cell only where no view will ever see it live.

ipywidgets sends a trait whenever it changes. That stays so for the small traits; the lists of
deltas.py instead go out as custom delta messages, and `rev` with them: both are left out of
traitlets' automatic sync (`_should_send_property`) and sent whole only in a full state (the
first one, a `request_state` from a page that reloads, or a `resync`). `get_state()` and so the
saved widget state always hold the whole lists.

Views announce themselves: every message from the front end (a view sends `resync` when it
renders) marks the widget as followed live. Notebook executors (nbclient, papermill) run no
JavaScript and record only what comes under the cell they run; for a widget no view follows,
the end of each cell (widgets/flush.py) re-sends every trait that changed since the last one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import anywidget
import traitlets as t

from puffle_widgets.widgets import flush
from puffle_widgets.widgets.session.deltas import DELTA_KEYS, ListSync

# Never sent by traitlets' own sync: the lists go as deltas, `rev` with full states.
QUIET_KEYS: Final = frozenset({*DELTA_KEYS, "rev"})
# Traits of ipywidgets and anywidget that are not the widget's state (never re-sent); the
# others of theirs start with an underscore (`_esm`, `_model_name`, `_dom_classes`...).
NOT_STATE: Final = frozenset({"comm", "keys", "log", "layout", "tabbable", "tooltip"})


def is_state(name: str) -> bool:
    """Whether trait `name` is the widget's own state (not the front-end code or plumbing)."""
    return not name.startswith("_") and name not in NOT_STATE


class SyncedLists(anywidget.AnyWidget):
    """An anywidget whose DELTA_KEYS lists reach the front end as deltas."""

    rev = t.Int(0, read_only=True, help="Deltas sent so far (deltas.py).").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        # Before super().__init__, whose trait notifications already come here.
        self._lists = ListSync({})
        self._unflushed: set[str] = set()  # traits changed since the last end-of-cell flush
        self._changed_in_cell = False
        self._view_heard = False
        super().__init__(**kwargs)  # opens the comm with the whole state
        self._lists.held_whole(self._list_values())

    @property
    def followed_live(self) -> bool:
        """True once a view has spoken: it gets every change as it happens."""
        return self._view_heard

    def resync(self, rev: object) -> None:
        """A view said it holds revision `rev` of the lists (it rendered, or it saw a gap):
        unless that is the latest, send it the whole state again."""
        if rev != self.rev:
            self.resend_state()

    def resend_state(self) -> None:
        """Send the whole state again (not the front-end code)."""
        self.send_state([key for key in self.keys if is_state(key)])

    def take_unflushed(self) -> tuple[set[str], bool]:
        """The traits changed since the last call, and whether a cell changed any of them."""
        changed, in_cell = self._unflushed, self._changed_in_cell
        self._unflushed, self._changed_in_cell = set(), False
        return changed, in_cell

    # --- ipywidgets' sync, adapted ----------------------------------------------------------

    def _should_send_property(self, key: str, value: Any) -> bool:
        if key in QUIET_KEYS:
            return False
        return bool(super()._should_send_property(key, value))

    def notify_change(self, change: Any) -> None:
        name = change["name"]
        lists: ListSync | None = self.__dict__.get("_lists")
        if lists is not None and is_state(name) and name in self.keys:
            self._unflushed.add(name)
            self._changed_in_cell = self._changed_in_cell or flush.in_cell()
            flush.mark_changed(self)
            if name in DELTA_KEYS:
                lists.changed(name)
                if not self._holding_sync:
                    self._send_deltas()
        super().notify_change(change)

    def send_state(self, key: str | Iterable[str] | None = None) -> None:
        keys = set(self.keys if key is None else [key] if isinstance(key, str) else key)
        if keys & QUIET_KEYS:
            # Lists go whole, with the revision they are at, and so do any with a delta due.
            keys |= {"rev", *self._lists.dirty}
            self._lists.held_whole({k: getattr(self, k) for k in keys & set(DELTA_KEYS)})
            super().send_state(keys if key is not None else None)
        else:
            self._send_deltas()  # first, so the state sent next finds the lists it describes
            super().send_state(keys)

    def set_state(self, sync_data: dict[str, Any]) -> None:
        # The lists and `rev` belong to the kernel: a front end that pushed its copies back
        # (it never should) would undo changes still on their way to it.
        self._view_heard = True
        super().set_state({k: v for k, v in sync_data.items() if k not in QUIET_KEYS})

    def _handle_custom_msg(self, content: Any, buffers: Any) -> None:
        self._view_heard = True
        super()._handle_custom_msg(content, buffers)

    def _send_deltas(self) -> None:
        lists = self._lists
        if not lists.dirty:
            return
        if not self._comm_live():
            # No front end to tell; one that comes later gets the whole state when it opens.
            lists.held_whole(self._list_values())
            return
        messages = lists.take(self._list_values())
        if messages:
            self.set_trait("rev", lists.rev)
            for message in messages:
                # ipywidgets' send (a custom message): SessionWidget.send is the chat turn.
                anywidget.AnyWidget.send(self, message)

    def _comm_live(self) -> bool:
        comm = self.comm
        return comm is not None and getattr(comm, "kernel", True) is not None

    def _list_values(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in DELTA_KEYS}
