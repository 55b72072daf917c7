"""The emulator depends only on the models, the stdlib, starlette, uvicorn and pydantic."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import puffle_widgets.emulator

PACKAGE = Path(puffle_widgets.emulator.__file__).parent
ALLOWED = {"starlette", "uvicorn", "pydantic"} | set(sys.stdlib_module_names)
ALLOWED_OWN = ("puffle_widgets.models", "puffle_widgets.emulator")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_the_emulator_imports_only_what_it_may() -> None:
    files = sorted(PACKAGE.glob("*.py"))
    assert len(files) > 10
    bad = {
        f"{path.name}: {name}"
        for path in files
        for name in _imports(path)
        if name.split(".")[0] not in ALLOWED and not name.startswith(ALLOWED_OWN)
    }
    assert bad == set()


def test_the_emulator_imports_no_client_widget_or_live_code() -> None:
    forbidden = ("puffle_widgets.client", "puffle_widgets.widgets", "puffle_widgets.live")
    forbidden += ("puffle_widgets.jupyter",)
    found = {
        name
        for path in PACKAGE.glob("*.py")
        for name in _imports(path)
        if name.startswith(forbidden)
    }
    assert found == set()
