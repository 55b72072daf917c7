"""The built front end in puffle_widgets/static/, checked so a missing build fails clearly."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"


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
    """A built asset's text, ending in a newline (anywidget takes a one-line string that
    looks like a file name for a path, and watches a path: see `asset_text`'s callers)."""
    text = asset(name).read_text(encoding="utf-8")
    return text if text.endswith("\n") else text + "\n"
