"""`%load_ext puffle_widgets`: magics and display formatters."""

from __future__ import annotations

from typing import Any

from puffle_widgets.jupyter import formatters
from puffle_widgets.jupyter.magics import PuffleMagics


def load_ipython_extension(ipython: Any) -> None:
    """Register the magics and the display formatters on `ipython`."""
    ipython.register_magics(PuffleMagics)
    formatters.register(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """Remove the display formatters (IPython cannot unregister magics)."""
    formatters.unregister(ipython)
