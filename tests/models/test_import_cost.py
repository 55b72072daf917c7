"""Importing the package for the client alone does not load the widget stack."""

from __future__ import annotations

import subprocess
import sys


def test_client_import_does_not_load_ipywidgets() -> None:
    code = (
        "import sys, puffle_widgets; from puffle_widgets import Puffle, Session;"
        "print('ipywidgets' in sys.modules, 'anywidget' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_widgets_load_on_first_use() -> None:
    code = "import puffle_widgets; print(puffle_widgets.SessionWidget.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "SessionWidget"
