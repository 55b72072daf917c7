"""Jupyter integration: the IPython extension, its magics and display formatters."""

from puffle_widgets.jupyter.emulator import running_emulator, start_emulator
from puffle_widgets.jupyter.extension import load_ipython_extension, unload_ipython_extension

__all__ = [
    "load_ipython_extension",
    "running_emulator",
    "start_emulator",
    "unload_ipython_extension",
]
