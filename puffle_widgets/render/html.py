"""A session as a static HTML fragment (notebook outputs) or a standalone document (exports).

Everything from the API is escaped; the one exception is message content, which is markdown
rendered and then cleaned by `sanitize.markdown_to_safe_html`. No scripts, event attributes,
external stylesheets, fonts or images: the output must stay inert wherever a notebook is shared.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from puffle_widgets.models import GeneratedExample, Message, Session, variable_names
from puffle_widgets.render.formatting import (
    esc,
    format_datetime,
    one_line,
    plural,
    role_label,
    status_key,
    status_label,
)
from puffle_widgets.render.html_skeleton import history_section, skeleton_section
from puffle_widgets.render.markdown_to_html import markdown_to_safe_html, markdown_uncached
from puffle_widgets.render.markup import (
    EMPTY_VALUE,
    ROOT_CLASS,
    empty,
    fields_html,
    json_pre,
    section,
    subtitle,
    template_block,
)
from puffle_widgets.render.rendered_messages import RenderedMessages
from puffle_widgets.render.style import style_tag

# Page-level rules for the standalone document only; the fragment's own rules are scoped.
_PAGE_CSS = (
    ":root{color-scheme:light dark}"
    "body{margin:0;padding:32px 20px 48px;background:Canvas;color:CanvasText;"
    "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}"
    "body>.puffle-static{margin:0 auto}"
)
# Defence in depth for exported files: even if something slipped through, nothing runs or loads.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'"


def _time(value: datetime) -> str:
    return f'<time datetime="{esc(value.isoformat())}">{esc(format_datetime(value))}</time>'


def _header(session: Session) -> str:
    if session.title and session.title.strip():
        title = f'<h3 class="pw-title">{esc(one_line(session.title))}</h3>'
    else:
        title = '<h3 class="pw-title pw-untitled">Untitled session</h3>'
    key = status_key(session.task_status)
    meta = [
        f'<span class="pw-badge pw-status" data-status="{esc(key)}">{esc(status_label(key))}</span>'
    ]
    if session.framework_version is not None:
        meta.append(f'<span class="pw-meta-item">Framework v{session.framework_version}</span>')
    meta.append(f'<span class="pw-meta-item">Updated {_time(session.updated_at)}</span>')
    meta.append(f'<span class="pw-meta-item">Created {_time(session.created_at)}</span>')
    ids = (("Session", session.id), ("Campaign", session.campaign_id), ("Node", session.node_id))
    id_items = "".join(f"<dt>{label}</dt><dd>{esc(value)}</dd>" for label, value in ids)
    return (
        f'<div class="pw-header">{title}<p class="pw-meta">{" · ".join(meta)}</p>'
        f'<dl class="pw-ids">{id_items}</dl></div>'
    )


def _message(message: Message, markdown: Callable[[str], str] = markdown_to_safe_html) -> str:
    role = one_line(message.role) or "unknown"
    body = markdown(message.content) or empty("(empty)")
    return (
        f'<div class="pw-message" data-role="{esc(role)}">'
        f'<p class="pw-role"><strong>{esc(role_label(role))}</strong></p>'
        f'<div class="pw-md">{body}</div></div>'
    )


def _fresh_message(message: Message) -> str:
    # For a view's own cache (RenderedMessages): the process-wide one would only duplicate it.
    return _message(message, markdown_uncached)


def _transcript(messages: list[Message], rendered: RenderedMessages | None) -> str:
    count = plural(len(messages), "message")
    if not messages:
        return section("pw-transcript", "Transcript", empty("No messages yet."), count)
    if rendered is None:
        items = "".join(_message(m) for m in messages)
    else:
        items = rendered.render(messages, _fresh_message)
    return section("pw-transcript", "Transcript", f'<div class="pw-messages">{items}</div>', count)


def _draft(session: Session) -> str:
    subject, body = session.draft_subject, session.draft_body
    if subject is None and body is None:
        return section("pw-draft", "Draft", empty("No draft yet."))
    rows = [
        ("Subject", template_block(subject, False) if subject else EMPTY_VALUE),
        ("Body", template_block(body, True) if body else EMPTY_VALUE),
    ]
    names = variable_names(f"{subject or ''}\n{body or ''}")
    chips = ", ".join(f'<code class="pw-code">{esc(n)}</code>' for n in names)
    variables = f'<p class="pw-vars">Variables: {chips}</p>' if names else ""
    return section("pw-draft", "Draft", fields_html(rows) + variables)


def _example(example: GeneratedExample, index: int) -> str:
    lead = example.lead_id
    rows = [
        ("Subject", template_block(example.subject, False) if example.subject else EMPTY_VALUE),
        ("Body", template_block(example.body, True) if example.body else EMPTY_VALUE),
    ]
    for key, value in (example.model_extra or {}).items():
        cell = esc(value) if isinstance(value, (str, int, float)) else json_pre(value)
        rows.append((str(key), cell))
    body = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{v}</td></tr>' for k, v in rows)
    name = f"Lead {one_line(lead)}" if lead else f"Example {index + 1}"
    return (
        f'<div class="pw-example" data-lead-id="{esc(lead or "")}">{subtitle(name)}'
        f'<table class="pw-table pw-example-table"><tbody>{body}</tbody></table></div>'
    )


def _examples(examples: list[GeneratedExample]) -> str:
    if not examples:
        return section("pw-examples", "Generated examples", empty("No generated examples."))
    items = "".join(_example(e, i) for i, e in enumerate(examples))
    return section("pw-examples", "Generated examples", items, str(len(examples)))


def session_html(session: Session, *, rendered: RenderedMessages | None = None) -> str:
    """The session as one self-styled HTML fragment under `<div class="puffle-static">`;
    `rendered` keeps the messages' HTML between calls (a view that is re-rendered)."""
    parts = [
        style_tag(),
        _header(session),
        _transcript(session.transcript, rendered),
        _draft(session),
        skeleton_section(session.skeleton),
        history_section(session.skeleton_history, session.draft_history),
        _examples(session.examples),
    ]
    return (
        f'<div class="{ROOT_CLASS}" data-puffle-session-id="{esc(session.id)}">'
        + "\n".join(parts)
        + "</div>"
    )


def document_html(title: str, fragment: str) -> str:
    """A self-contained HTML document around a fragment: no scripts, no external resources."""
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{esc(title)}</title>\n<style>{_PAGE_CSS}</style>\n</head>\n"
        f"<body>\n{fragment}\n</body>\n</html>\n"
    )


def session_document(session: Session) -> str:
    """The session as a standalone HTML document (`<!doctype html>` … `</html>`)."""
    title = one_line(session.title or "") or "Untitled session"
    return document_html(f"{title} · Puffle session", session_html(session))
