"""HTML building blocks shared by the views; callers pass escaped text or markup built here."""

from __future__ import annotations

from typing import Any

from puffle_widgets.render.formatting import esc, to_json
from puffle_widgets.render.highlight import template_html

ROOT_CLASS = "puffle-widget puffle-static"
EMPTY_VALUE = '<span class="pw-empty">(empty)</span>'


def section(name: str, title: str, body: str, count: str = "") -> str:
    """A `<div class="pw-section {name}">` under an `<h4>` title (title, count: plain text)."""
    badge = f' <span class="pw-count">{esc(count)}</span>' if count else ""
    return (
        f'<div class="pw-section {name}">'
        f'<h4 class="pw-section-title">{esc(title)}{badge}</h4>{body}</div>'
    )


def subtitle(title: str, count: str = "") -> str:
    """An `<h5 class="pw-subtitle">` inside a section; `title` and `count` are plain text."""
    badge = f' <span class="pw-count">{esc(count)}</span>' if count else ""
    return f'<h5 class="pw-subtitle">{esc(title)}{badge}</h5>'


def empty(text: str) -> str:
    """The empty-state line of a section."""
    return f'<p class="pw-empty">{esc(text)}</p>'


def json_pre(value: Any) -> str:
    """Any value as escaped, pretty JSON in a `<pre class="pw-json">`."""
    return f'<pre class="pw-json">{esc(to_json(value))}</pre>'


def template_block(value: str, multiline: bool) -> str:
    """A subject (inline) or body (`<pre class="pw-body">`) with its variables highlighted."""
    if multiline:
        return f'<pre class="pw-body">{template_html(value)}</pre>'
    return f'<span class="pw-subject">{template_html(value)}</span>'


def fields_html(rows: list[tuple[str, str]]) -> str:
    """`<dl class="pw-fields">` from (plain label, safe HTML) pairs; empty when no rows."""
    if not rows:
        return ""
    items = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<dl class="pw-fields">{items}</dl>'
