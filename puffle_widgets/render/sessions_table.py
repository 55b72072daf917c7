"""A list of sessions as an HTML table (notebooks) or an aligned text table (terminals, logs)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from puffle_widgets.models import Session
from puffle_widgets.render.formatting import (
    display_width,
    esc,
    format_datetime,
    one_line,
    pad,
    status_key,
    status_label,
    truncate,
)
from puffle_widgets.render.markup import ROOT_CLASS
from puffle_widgets.render.style import style_tag

COLUMNS = ("Title", "Node", "Status", "Framework", "Subject", "Updated")
# Text-table caps, in display columns; ids are cut to their first block, which is what
# people compare by eye, and the full id stays in the HTML table's title attribute.
_TITLE_WIDTH = 32
_SUBJECT_WIDTH = 40
_NODE_WIDTH = 8
_GAP = "  "


@dataclass(frozen=True)
class _Row:
    title: str
    node: str
    status: str
    framework: str
    subject: str
    updated: str


def _row(session: Session) -> _Row:
    return _Row(
        title=one_line(session.title or ""),
        node=one_line(session.node_id),
        status=status_key(session.task_status),
        framework=f"v{session.framework_version}" if session.framework_version is not None else "",
        subject=one_line(session.draft_subject or ""),
        updated=format_datetime(session.updated_at),
    )


def _short_id(value: str) -> str:
    return value[:_NODE_WIDTH] if len(value) > _NODE_WIDTH else value


def sessions_html(sessions: Iterable[Session]) -> str:
    """Sessions as a styled `<table class="pw-table pw-sessions-table">` fragment."""
    items = list(sessions)
    count = len(items)
    head = f'<h4 class="pw-section-title">Sessions <span class="pw-count">{count}</span></h4>'
    if not items:
        body = '<p class="pw-empty">No sessions.</p>'
    else:
        header = "".join(f'<th scope="col">{name}</th>' for name in COLUMNS)
        rows = "".join(_html_row(session) for session in items)
        body = (
            '<table class="pw-table pw-sessions-table">'
            f"<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"
        )
    return (
        f'<div class="{ROOT_CLASS} pw-sessions" data-puffle-count="{count}">'
        f"{style_tag()}\n{head}{body}</div>"
    )


def _html_row(session: Session) -> str:
    row = _row(session)
    title = esc(row.title) if row.title else '<span class="pw-empty">Untitled</span>'
    status = (
        f'<span class="pw-badge pw-status" data-status="{esc(row.status)}">'
        f"{esc(status_label(row.status))}</span>"
    )
    cells = [
        title,
        f'<span class="pw-mono" title="{esc(row.node)}">{esc(_short_id(row.node))}</span>',
        status,
        esc(row.framework) or "—",
        esc(row.subject) if row.subject else '<span class="pw-empty">—</span>',
        esc(row.updated),
    ]
    classes = ["", "pw-nowrap", "pw-nowrap", "pw-nowrap", "", "pw-nowrap"]
    tds = "".join(
        f'<td class="{cls}">{cell}</td>' if cls else f"<td>{cell}</td>"
        for cls, cell in zip(classes, cells, strict=True)
    )
    return f'<tr data-puffle-session-id="{esc(session.id)}">{tds}</tr>'


def sessions_text(sessions: Iterable[Session]) -> str:
    """Sessions as an aligned plain-text table with a header line; `No sessions.` when empty."""
    items = [_row(s) for s in sessions]
    if not items:
        return "No sessions."
    table = [
        [
            truncate(r.title or "(untitled)", _TITLE_WIDTH),
            _short_id(r.node),
            r.status,
            r.framework or "-",
            truncate(r.subject, _SUBJECT_WIDTH) or "-",
            r.updated,
        ]
        for r in items
    ]
    header = list(COLUMNS)
    widths = [
        max(len(header[i]), *(display_width(row[i]) for row in table)) for i in range(len(COLUMNS))
    ]
    lines = [_line(header, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(row, widths) for row in table]
    return "\n".join(lines)


def _line(cells: list[str], widths: list[int]) -> str:
    return _GAP.join(pad(cell, width) for cell, width in zip(cells, widths, strict=True)).rstrip()
