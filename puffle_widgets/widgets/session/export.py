"""Writing a session to a file, chosen by suffix."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

from puffle_widgets import render
from puffle_widgets.models import Session

WRITERS: dict[str, Callable[[Session], str]] = {
    ".md": render.session_markdown,
    ".html": render.session_document,
    ".json": lambda s: s.model_dump_json(indent=2),
}


def export_session(
    session: Session | None, path: str | os.PathLike[str], *, unsaved: Iterable[str] = ()
) -> Path:
    """Write `session` to `path` (.md, .html or .json); warn about edits it does not include."""
    target = Path(path)
    writer = WRITERS.get(target.suffix.lower())
    if writer is None:
        raise ValueError(
            f"Cannot export to {target.name!r}: use a path ending in .md, .html or .json."
        )
    if session is None:
        raise RuntimeError("Nothing to export yet: the session has not been loaded.")
    pending = sorted(unsaved)
    if pending:
        warnings.warn(
            f"Unsaved edits ({', '.join(pending)}) are not in the export; call save() first "
            "to include them.",
            stacklevel=3,
        )
    # Write beside the target, then rename, so a failed export never truncates a file.
    partial_file = target.with_name(f".{target.name}.partial")
    partial_file.write_text(writer(session), encoding="utf-8")
    partial_file.replace(target)
    return target
