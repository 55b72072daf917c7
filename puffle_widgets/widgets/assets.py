"""The built front end in puffle_widgets/static/, and how widgets get it: once per kernel.

anywidget sends a widget's `_esm` and `_css` with each widget, and a notebook saves them with
each widget's state: ~150 KB per widget. Here a kernel makes one hidden model, `FrontEndCode`,
holding every entry's bundle and the CSS, and each widget's `_esm` is a small loader
(js/src/loader/) that takes the code from that model, importing it once per page; a saved
notebook holds the code once. Where that model cannot be looked up (no IPython kernel: marimo,
a plain script; Google Colab's widget manager), `_esm` and `_css` hold the whole front end as
before. `PUFFLE_WIDGETS_INLINE_CODE=1` asks for that everywhere.

`_esm` and `_css` are always text, never paths: anywidget ties every instance to a class-wide
file-watch signal for a path, which kept closed widgets alive. With `ANYWIDGET_HMR=1` in a
source checkout (and `watchfiles` installed) the built files are watched here instead, and a
rebuild reaches every open widget (widgets held weakly).

marimo registers an inline `_esm` as a file of the cell that runs, so a widget made outside a
cell (from a browser event: a campaign row click) cannot be made with one. Made inside
`code_as_url()`, a widget that carries its code carries it as a `data:` URL, which marimo takes
as it is.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import functools
import hashlib
import importlib
import os
import sys
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, Final

import anywidget
import ipywidgets
import traitlets as t

from puffle_widgets.widgets.display import in_kernel

STATIC = Path(__file__).resolve().parent.parent / "static"
# Each entry's bundle and its stylesheet (the lab grid has its own).
ENTRY_CSS: Final = {"session": "styles.css", "campaign": "styles.css", "lab": "lab-styles.css"}
ENTRIES: Final = tuple(ENTRY_CSS)
MODEL_PREFIX: Final = "IPY_MODEL_"


def asset(name: str) -> Path:
    """The path of a built asset; raises with the fix when the front end was never built."""
    path = STATIC / name
    if not path.is_file():
        raise ImportError(
            f"The widget front end is not built ({path} is missing). In a source checkout run "
            "`make build` (or `cd js && npm ci && npm run build`); installed wheels include it."
        )
    return path


def asset_text(name: str) -> str:
    """A built asset's text, ending in a newline (anywidget takes a one-line string that looks
    like a file name for a path, and watches it)."""
    text = asset(name).read_text(encoding="utf-8")
    return text if text.endswith("\n") else text + "\n"


@functools.cache
def _bundle(name: str) -> str:
    return asset_text(name)


@functools.cache
def _bundle_url(name: str) -> str:
    return "data:text/javascript;base64," + base64.b64encode(_bundle(name).encode()).decode()


_code_as_url: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "puffle_widgets_code_as_url", default=False
)


@contextlib.contextmanager
def code_as_url() -> Iterator[None]:
    """Widgets made inside that carry their own code carry it as a `data:` URL."""
    token = _code_as_url.set(True)
    try:
        yield
    finally:
        _code_as_url.reset(token)


class FrontEndCode(ipywidgets.Widget):  # type: ignore[misc]
    """The hidden model holding the front end once per kernel (a plain ipywidgets model:
    every widget manager has its class, and it has no view)."""

    code = t.Dict(help="Each entry's ES module, by entry name.").tag(sync=True)
    css = t.Unicode(help="The widgets' CSS.").tag(sync=True)
    digest = t.Unicode(help="A hash of code and CSS: pages cache the code under it.").tag(sync=True)

    def load(self) -> None:
        """Read the built files (again, after a rebuild)."""
        code = {entry: asset_text(f"{entry}.js") for entry in ENTRIES}
        # Every stylesheet once (each is scoped under its widget's root class).
        css = "".join(asset_text(name) for name in dict.fromkeys(ENTRY_CSS.values()))
        digest = hashlib.sha256("\0".join([*code.values(), css]).encode()).hexdigest()[:16]
        with self.hold_sync():
            self.code, self.css, self.digest = code, css, digest

    def loader(self, entry: str) -> str:
        """The `_esm` of a widget of `entry` that takes its code from this model."""
        # The digest makes the text change with the code, so anywidget reloads open views.
        return asset_text(f"{entry}-loader.js") + f"// front-end code {self.digest}\n"


_lock = threading.Lock()
_shared: FrontEndCode | None = None


def shared_code() -> FrontEndCode | None:
    """The kernel's `FrontEndCode` (made on first use), or None where widgets must carry their
    code themselves."""
    global _shared
    if not _shares_code():
        return None
    with _lock:
        if _shared is None or _shared.comm is None:  # none yet, or closed (Widget.close_all)
            _shared = FrontEndCode()
            _shared.load()
        return _shared


def _shares_code() -> bool:
    if os.environ.get("PUFFLE_WIDGETS_INLINE_CODE") == "1" or "google.colab" in sys.modules:
        return False
    return in_kernel()


class CodeShared(anywidget.AnyWidget):
    """An anywidget whose front end is `FrontEndCode`'s where a kernel shares it, and its own
    entry's bundle where not. Subclasses name their entry (`entry=` in the class statement)."""

    # anywidget adds these three to each instance (a new class per widget, the slowest part
    # of making one); declared here, they are set instead (see `add_traits`).
    _esm = t.Unicode(help="The widget's ES module: a loader, or its whole bundle.").tag(sync=True)
    _css = t.Unicode(help="Its CSS ('' when the shared code brings it).").tag(sync=True)
    _anywidget_id = t.Unicode(help="anywidget's name for the widget class.").tag(sync=True)
    code_ref = t.Unicode(
        "", help="IPY_MODEL_<id> of the FrontEndCode holding the front end; '' if `_esm` does."
    ).tag(sync=True)
    _entry: ClassVar[str] = ""

    def __init_subclass__(cls, *, entry: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if entry:
            cls._entry = entry

    def __init__(self, **kwargs: Any) -> None:
        code = shared_code()
        if code is not None:
            kwargs.update(
                _esm=code.loader(self._entry), _css="", code_ref=MODEL_PREFIX + code.model_id
            )
        else:
            kwargs.update(_esm=self._own_code(), _css=_bundle(self._css_file))
        cls = type(self)
        kwargs["_anywidget_id"] = f"{cls.__module__}.{cls.__name__}"
        super().__init__(**kwargs)
        _hot_reload.follow(self)

    def add_traits(self, **traits: Any) -> None:
        """Add only traits this class lacks (anywidget's own are declared above)."""
        new = {name: trait for name, trait in traits.items() if not self.has_trait(name)}
        if new:
            super().add_traits(**new)

    def take_code(self, code: FrontEndCode | None) -> None:
        """The front end was rebuilt (ANYWIDGET_HMR): reload it in every view."""
        if self.comm is None:
            return
        if self.code_ref and code is not None:
            self.set_trait("_esm", code.loader(self._entry))
        elif not self.code_ref:
            self.set_trait("_esm", self._own_code())
            self.set_trait("_css", _bundle(self._css_file))

    @property
    def _css_file(self) -> str:
        return ENTRY_CSS[self._entry]

    def _own_code(self) -> str:
        name = f"{self._entry}.js"
        return _bundle_url(name) if _code_as_url.get() else _bundle(name)


class _HotReload:
    """With ANYWIDGET_HMR=1 in a source checkout: watch the built files and hand a rebuild to
    every open widget (held weakly, so closed ones are freed)."""

    def __init__(self) -> None:
        self._widgets: weakref.WeakSet[CodeShared] = weakref.WeakSet()
        self._watching = False

    def follow(self, widget: CodeShared) -> None:
        if os.environ.get("ANYWIDGET_HMR") != "1" or "site-packages" in STATIC.parts:
            return
        self._widgets.add(widget)
        if not self._watching:
            self._watching = True
            threading.Thread(target=self._watch, name="puffle-widgets-hmr", daemon=True).start()

    def _watch(self) -> None:
        try:
            watchfiles = importlib.import_module("watchfiles")  # optional, for development
        except ImportError:
            return
        for _changes in watchfiles.watch(STATIC):
            self._reload()

    def _reload(self) -> None:
        _bundle.cache_clear()
        code = shared_code()
        if code is not None:
            code.load()
        for widget in list(self._widgets):
            widget.take_code(code)


_hot_reload = _HotReload()
