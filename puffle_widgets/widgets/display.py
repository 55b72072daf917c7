"""Displaying a widget so that shared notebooks still show its content.

A widget is displayed as two outputs: the live widget, then a static HTML snapshot in an
element `div.puffle-fallback[data-puffle-for=KEY]`, KEY being the widget's `fallback_key`
trait. Each rendered view hides its own snapshot (js/src/lib/fallback.ts), so where the widget
renders (JupyterLab, Notebook 7, VS Code, nbconvert with its scripts) only the widget shows;
where it cannot (GitHub, nbviewer, no kernel or no saved state, HTML opened offline), the
snapshot does. In Voila, where widgets always render, the snapshot is never shown (not even
before the widget mounts). The snapshot has a display id, so it is updated in place, never
re-rendering the live view: as soon as a background update changes it (so a notebook saved from
the browser keeps it current), and again after each cell (so a notebook executor records it).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

FALLBACK_CLASS = "puffle-fallback"
# Voila (its page's body carries `data-voila`) always runs a kernel, so there the live widget
# always mounts: the snapshot, which Voila renders first, would flash under "Loading widget..."
# until then. Static viewers and JupyterLab have no such body, so there it shows as before.
_HIDDEN_IN_VOILA = (
    "<style>body[data-voila] .puffle-fallback, body[data-voila] .jp-OutputArea-child:has("
    "> .jp-OutputArea-output > .puffle-fallback) { display: none !important; }</style>"
)


def widget_bundle(bundle: object, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A widget's own MIME bundle (ipywidgets gives a dict, anywidget a (data, metadata) pair)
    with `text` as its plain-text form."""
    data: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    if isinstance(bundle, tuple):
        data, metadata = bundle
    elif isinstance(bundle, dict):
        data = bundle
    return {**data, "text/plain": text}, metadata


# The widget output's own text, where a front end cannot draw the widget. In a kernel the
# snapshot right after it carries the content (and stays current); this line never changes.
LIVE_TEXT = "{what}: a live puffle-widgets view; its current content is in the snapshot below."


def in_kernel() -> bool:
    """True inside a Jupyter kernel (where widgets can render), False in a terminal shell."""
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None) is not None


def show_live(
    bundle: tuple[dict[str, Any], dict[str, Any]], fallback: StaticFallback, what: str
) -> None:
    """Display the live widget, then its static snapshot (in a kernel), or the widget's plain
    summary alone (in a terminal, where neither a widget nor HTML can show)."""
    data, metadata = bundle
    if not in_kernel():
        _display(data, metadata=metadata, raw=True)
        return
    _display({**data, "text/plain": LIVE_TEXT.format(what=what)}, metadata=metadata, raw=True)
    fallback.show()


def _display(data: dict[str, Any], **kwargs: Any) -> None:
    from IPython.display import display

    display(data, **kwargs)  # type: ignore[no-untyped-call]


def _update_display(data: dict[str, Any], **kwargs: Any) -> None:
    from IPython.display import update_display

    update_display(data, **kwargs)  # type: ignore[no-untyped-call]


class StaticFallback:
    """The static snapshot output of one widget, kept current after it was first shown."""

    def __init__(self, render: Callable[[], str], key: str) -> None:
        self._render = render
        self._key = key
        self._display_id = f"puffle-fallback-{key}"
        self._shown_html: str | None = None

    def bundle(self) -> dict[str, Any]:
        """The snapshot's MIME bundle: HTML only, so terminals print nothing twice."""
        opening = f'<div class="{FALLBACK_CLASS}" data-puffle-for="{html.escape(self._key)}">'
        return {"text/html": f"{opening}{_HIDDEN_IN_VOILA}{self._render()}</div>"}

    def show(self) -> None:
        """Display the snapshot as a new output (after the live widget)."""
        data = self.bundle()
        _display(data, raw=True, display_id=self._display_id)
        self._shown_html = data["text/html"]

    def refresh(self, *, force: bool = False) -> None:
        """Update every displayed copy of the snapshot if it changed (or anyway, `force`: a
        notebook executor may have missed an update sent between cells)."""
        if self._shown_html is None:
            return
        data = self.bundle()
        if data["text/html"] == self._shown_html and not force:
            return
        _update_display(data, raw=True, display_id=self._display_id)
        self._shown_html = data["text/html"]


def placeholder(what: str, detail: str) -> str:
    """A minimal snapshot for a widget that has no data yet."""
    return (
        '<div class="puffle-widget puffle-static"><p><strong>'
        f"{html.escape(what)}</strong> — {html.escape(detail)}</p></div>"
    )


def short_error(exc: BaseException | str) -> str:
    """One line describing `exc` for a widget."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 240 else text[:239] + "…"
