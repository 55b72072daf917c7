"""Display formatters: a `Session` shows as a live widget in a kernel and as static HTML
elsewhere; a list of sessions shows as a table."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from puffle_widgets import render
from puffle_widgets.errors import PuffleError
from puffle_widgets.models import Session
from puffle_widgets.widgets import in_kernel

log = logging.getLogger("puffle_widgets.jupyter")

# Sessions a magic already shows live in this cell: returned as the cell's value, not redrawn.
# Held (not their ids) until the end of the cell, so a recycled id can never hide another one.
_shown_live: list[Session] = []


def mark_shown_live(session: Session) -> None:
    """Do not draw `session` again when it becomes this cell's value."""
    _shown_live.append(session)


def forget_shown_live() -> None:
    """End of a cell: every session may be drawn again."""
    _shown_live.clear()


def display_session(session: Session) -> None:
    """Show a bare `Session` as a live widget (kernel) or static HTML (anywhere else)."""
    from IPython.display import display

    if any(shown is session for shown in _shown_live):
        return
    if in_kernel():
        try:
            from puffle_widgets.widgets import SessionWidget

            widget = SessionWidget.from_session(session)
        except PuffleError as exc:  # no key configured: the static view still works
            log.info("showing session %s statically: %s", session.id, exc)
        else:
            widget._ipython_display_()
            return
    static = {
        "text/html": render.session_html(session),
        "text/plain": render.session_summary(session),
    }
    display(static, raw=True)  # type: ignore[no-untyped-call]


def sessions_table_html(value: object) -> str | None:
    """HTML for a non-empty list of sessions; None for any other list (the default applies)."""
    if isinstance(value, list) and value and all(isinstance(v, Session) for v in value):
        return render.sessions_html(value)
    return None


def register(shell: Any) -> None:
    """Install the formatters on `shell`."""
    shell.events.register("post_run_cell", _forget_after_cell)
    formatter = shell.display_formatter
    formatter.ipython_display_formatter.for_type(Session, display_session)
    formatter.formatters["text/html"].for_type(list, sessions_table_html)
    formatter.formatters["text/plain"].for_type(
        Session, lambda session, printer, _cycle: printer.text(render.session_summary(session))
    )


def _forget_after_cell(_result: object) -> None:
    forget_shown_live()


def unregister(shell: Any) -> None:
    """Remove the formatters `register` installed."""
    with contextlib.suppress(ValueError):
        shell.events.unregister("post_run_cell", _forget_after_cell)
    formatter = shell.display_formatter
    for fmt, kind in (
        (formatter.ipython_display_formatter, Session),
        (formatter.formatters["text/html"], list),
        (formatter.formatters["text/plain"], Session),
    ):
        with contextlib.suppress(KeyError):
            fmt.pop(kind)
