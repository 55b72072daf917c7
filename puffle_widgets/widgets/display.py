"""Displaying a widget so that shared notebooks still show its content.

A widget is displayed as two outputs: the live widget, then a static HTML snapshot in an
element `div.puffle-fallback[data-puffle-for=KEY]`, KEY being the widget's `fallback_key`
trait. Each rendered view hides its own snapshot (js/src/lib/fallback.ts), so where the widget
renders (JupyterLab, Notebook 7, VS Code, nbconvert with its scripts) only the widget shows;
where it cannot (GitHub, nbviewer, no kernel or no saved state, HTML opened offline), the
snapshot does. In Voila, where widgets always render, the snapshot is never shown (not even
before the widget mounts). The snapshot has a display id, so it is updated in place, never
re-rendering the live view.

The snapshot is lazy: a background update only marks it stale, and it is rendered and re-sent
(if its HTML changed) once the widget comes to rest: when a task ends, and `REST_SECONDS` after
the last change made while no task runs; at the end of a cell that changed the widget
(widgets/flush.py); and on export. So a notebook saved from the browser or by an executor
shows the final state, while a busy session's polls cost neither rendering nor bytes.
"""

from __future__ import annotations

import asyncio
import html
import sys
import weakref
from collections.abc import Callable
from typing import Any, Final

FALLBACK_CLASS = "puffle-fallback"
# Quiet time after the last change before a stale snapshot is rendered and re-sent.
REST_SECONDS: Final = 1.0
# Voila (its page's body carries `data-voila`) always runs a kernel, so there the live widget
# always mounts: the snapshot, which Voila renders first, would flash under "Loading widget..."
# until then. Static viewers and JupyterLab have no such body, so there it shows as before.
# In a Jupyter output area the snapshot is at most about a screen tall: Notebook 7 turns a
# cell's outputs into a small scroll box for good when they are taller than ~1,800 px at the
# moment an output arrives, which a long snapshot is before the widget has mounted to hide it.
_SNAPSHOT_STYLE = (
    "<style>body[data-voila] .puffle-fallback, body[data-voila] .jp-OutputArea-child:has("
    "> .jp-OutputArea-output > .puffle-fallback) { display: none !important; }"
    " .jp-OutputArea-output > .puffle-fallback { max-height: min(80vh, 1200px);"
    " overflow-y: auto; }</style>"
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


def in_marimo() -> bool:
    """True inside a marimo notebook or app (only asked when marimo is loaded already)."""
    marimo = sys.modules.get("marimo")
    if marimo is None:
        return False
    try:
        return bool(marimo.running_in_notebook())
    except Exception:  # an older or newer marimo without it: not one we know
        return False


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
    """The static snapshot output of one widget, brought up to date lazily once shown."""

    def __init__(
        self, render: Callable[[], str], key: str, *, at_rest: Callable[[], bool] = lambda: True
    ) -> None:
        self._render = render
        self._key = key
        self._at_rest = at_rest  # False while a task runs: its end will change the snapshot
        self._display_id = f"puffle-fallback-{key}"
        self._shown: tuple[int, int] | None = None  # (hash, length) of the HTML on display
        self._stale = False
        self._task_ran = False  # a task ran since the snapshot was last brought up to date
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: asyncio.TimerHandle | None = None

    def bundle(self) -> dict[str, Any]:
        """The snapshot's MIME bundle: HTML only, so terminals print nothing twice."""
        opening = f'<div class="{FALLBACK_CLASS}" data-puffle-for="{html.escape(self._key)}">'
        return {"text/html": f"{opening}{_SNAPSHOT_STYLE}{self._render()}</div>"}

    def show(self) -> None:
        """Display the snapshot as a new output (after the live widget)."""
        data = self.bundle()
        _display(data, raw=True, display_id=self._display_id)
        self._shown = _fingerprint(data["text/html"])
        self._stale = False
        try:
            self._loop = asyncio.get_running_loop()  # the kernel's: rest timers run there
        except RuntimeError:
            self._loop = None

    def refresh(self, *, force: bool = False) -> None:
        """Keep the snapshot current: lazily (`stale`), or now when `force`, re-sending it even
        if unchanged (a notebook executor may have missed an update sent between cells)."""
        if force:
            self.bring_up_to_date(force=True)
        else:
            self.stale()

    def stale(self) -> None:
        """What the snapshot shows may have changed: bring it up to date once at rest (at
        once when a task just ended: that is when someone saves the notebook)."""
        if self._shown is None:
            return
        self._stale = True
        if not self._at_rest():
            self._task_ran = True
            return  # its end calls this again
        ended, self._task_ran = self._task_ran, False
        self._on_loop(self._wake_now if ended else self._arm)

    def _on_loop(self, fn: Callable[[], None]) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        if _running_loop() is loop:
            fn()
        else:
            loop.call_soon_threadsafe(fn)

    def _wake_now(self) -> None:
        self._disarm()
        self.bring_up_to_date()

    def bring_up_to_date(self, *, force: bool = False) -> None:
        """Render the snapshot now and update every displayed copy if it changed (or anyway,
        `force`)."""
        if self._shown is None:
            return
        self._stale = False
        data = self.bundle()
        shown = _fingerprint(data["text/html"])
        if shown == self._shown and not force:
            return
        _update_display(data, raw=True, display_id=self._display_id)
        self._shown = shown

    def close(self) -> None:
        """Stop the rest timer (the widget closed)."""
        self._shown = None  # nothing to keep current any more
        self._on_loop(self._disarm)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _arm(self) -> None:
        self._disarm()
        if self._loop is not None and not self._loop.is_closed():
            # A weak reference: a pending timer must not keep a closed widget alive.
            self._timer = self._loop.call_later(REST_SECONDS, self._wake, weakref.ref(self))

    @staticmethod
    def _wake(ref: weakref.ref[StaticFallback]) -> None:
        fallback = ref()
        if fallback is None:
            return
        fallback._timer = None
        if fallback._stale and fallback._at_rest():
            fallback.bring_up_to_date()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _fingerprint(text: str) -> tuple[int, int]:
    # Kept instead of the HTML itself, which can be megabytes per widget.
    return hash(text), len(text)


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
