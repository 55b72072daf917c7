"""Showing the grid with a static snapshot after it, for readers without a kernel.

The snapshot follows the contract every widget of this project keeps with the front end
(js/src/lib/fallback.ts): an HTML output `div.puffle-fallback[data-puffle-for=KEY]`, KEY being
the grid's `fallback_key`, which a rendered grid hides, so only readers that cannot render the
widget (GitHub, nbviewer, nbconvert without widget state) see it. It has a display id and is
updated in place while the run goes on, never re-rendering the live grid. In Voila, where the
grid always renders, it is hidden from the start.

(The widgets' own helpers for this, `StaticFallback` and `show_live` in widgets/display.py, are
not exported by `puffle_widgets.widgets`; this is the smallest equivalent the lab needs.)
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from puffle_widgets.widgets import in_kernel

_LIVE_TEXT = "Prompt lab: a live puffle-widgets grid; its current content is in the snapshot below."


class Snapshot:
    """The static snapshot output of one grid, kept current once shown."""

    def __init__(self, render: Callable[[], str], key: str) -> None:
        self._render = render
        self._key = key
        self._display_id = f"puffle-lab-snapshot-{key}"
        self._shown: str | None = None

    def bundle(self) -> dict[str, Any]:
        """The snapshot's MIME bundle (HTML only)."""
        key = escape(self._key)
        hidden_in_voila = (
            f'<style>body[data-voila] .puffle-fallback[data-puffle-for="{key}"]'
            " { display: none !important; }</style>"
        )
        opening = f'<div class="puffle-fallback" data-puffle-for="{key}">'
        return {"text/html": f"{opening}{hidden_in_voila}{self._render()}</div>"}

    def show(self) -> None:
        """Display the snapshot as a new output."""
        from IPython.display import display

        data = self.bundle()
        display(data, raw=True, display_id=self._display_id)  # type: ignore[no-untyped-call]
        self._shown = data["text/html"]

    def refresh(self, *, force: bool = False) -> None:
        """Update every shown copy of the snapshot if it changed (or anyway, `force`: a notebook
        executor may have missed an update sent outside the cell it ran)."""
        if self._shown is None:
            return
        data = self.bundle()
        if data["text/html"] == self._shown and not force:
            return
        from IPython.display import update_display

        update_display(data, raw=True, display_id=self._display_id)  # type: ignore[no-untyped-call]
        self._shown = data["text/html"]


def show_grid(widget_bundle: object, snapshot: Snapshot, text: str) -> None:
    """Display the live grid then its snapshot (in a kernel), or `text` alone (a terminal)."""
    from IPython.display import display

    data: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    if isinstance(widget_bundle, tuple):  # anywidget gives (data, metadata)
        data, metadata = widget_bundle
    elif isinstance(widget_bundle, dict):
        data = widget_bundle
    if not in_kernel():
        display({"text/plain": text}, raw=True)  # type: ignore[no-untyped-call]
        return
    display({**data, "text/plain": _LIVE_TEXT}, metadata=metadata, raw=True)  # type: ignore[no-untyped-call]
    snapshot.show()
