"""A session as a Markdown document: readable as plain text, inert when rendered.

Message content is markdown already and goes out as written, defused by `neutralize_markdown`.
Everything else from the API is text: escaped inline, or fenced when it spans lines. Fences
always start a line at the top level after a blank line, never indented inside a list item:
that is the one place every renderer agrees a fence is a fence, and fenced API text is not
escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from puffle_widgets.models import GeneratedExample, Session
from puffle_widgets.render.formatting import (
    format_datetime,
    format_timestamp,
    one_line,
    role_label,
    status_key,
    to_json,
)
from puffle_widgets.render.markdown_escape import md_code, md_fence, md_text, neutralize_markdown

_SKELETON_TEXT = (("hook", "Hook"), ("value_prop", "Value prop"), ("cta", "CTA"))
_SKELETON_LONG = (
    ("subject", "Subject"),
    ("body", "Body"),
    ("exampleSubject", "Example subject"),
    ("exampleBody", "Example body"),
)


def _metadata(session: Session) -> list[str]:
    rows = [
        ("Session", md_code(session.id)),
        ("Campaign", md_code(session.campaign_id)),
        ("Node", md_code(session.node_id)),
        ("Status", md_text(status_key(session.task_status))),
    ]
    if session.framework_version is not None:
        rows.append(("Framework version", md_text(session.framework_version)))
    rows.append(("Created", md_text(format_datetime(session.created_at))))
    rows.append(("Updated", md_text(format_datetime(session.updated_at))))
    return [f"- **{label}:** {value}" for label, value in rows]


def _transcript(session: Session) -> list[str]:
    out = ["## Transcript", ""]
    if not session.transcript:
        return [*out, "_No messages yet._", ""]
    for message in session.transcript:
        content = neutralize_markdown(message.content) or "_(empty)_"
        out += [f"### {md_text(role_label(message.role))}", "", content, ""]
    return out


def _draft(session: Session) -> list[str]:
    out = ["## Draft", ""]
    if session.draft_subject is None and session.draft_body is None:
        return [*out, "_No draft yet._", ""]
    for label, value in (("Subject", session.draft_subject), ("Body", session.draft_body)):
        out += [f"**{label}**", "", md_fence(value or ""), ""]
    return out


def _block(index: int, block: Any) -> list[str]:
    if not isinstance(block, Mapping):
        return [f"{index}. Block", "", md_fence(to_json(block), "json"), ""]
    rest = dict(block)
    name, strategy = rest.pop("name", None), rest.pop("strategy", None)
    line = f"{index}. **{md_text(name)}**" if isinstance(name, str) and name else f"{index}. Block"
    if isinstance(strategy, str) and strategy:
        line += f" — {md_text(strategy)}"
    elif strategy is not None:
        rest["strategy"] = strategy
    out = [line]
    personalization = rest.pop("personalization", None)
    if isinstance(personalization, Mapping):
        extra = dict(personalization)
        fields = extra.pop("fields", None)
        if isinstance(fields, list):
            out.append("   - Fields: " + (", ".join(md_code(f) for f in fields) or "none"))
        elif fields is not None:
            extra["fields"] = fields
        for key, label in (("approach", "Approach"), ("fallback", "Fallback")):
            if isinstance(extra.get(key), str):
                out.append(f"   - {label}: {md_text(extra.pop(key))}")
        if extra:
            rest["personalization"] = extra
    elif personalization is not None:
        rest["personalization"] = personalization
    if rest:
        out += ["", md_fence(to_json(rest), "json")]
    return [*out, ""]


def _skeleton(skeleton: Mapping[str, Any] | None) -> list[str]:
    out = ["## Skeleton", ""]
    if not skeleton:
        return [*out, "_No skeleton yet._", ""]
    rest = dict(skeleton)
    bullets = []
    for key, label in _SKELETON_TEXT:
        if isinstance(rest.get(key), str):
            bullets.append(f"- **{label}:** {md_text(rest.pop(key))}")
    if bullets:
        out += [*bullets, ""]
    for key, label in _SKELETON_LONG[:2]:
        if isinstance(rest.get(key), str):
            out += [f"**{label}**", "", md_fence(rest.pop(key)), ""]
    blocks = rest.pop("blocks", None)
    if isinstance(blocks, list):
        out += ["### Blocks", ""]
        for i, block in enumerate(blocks, start=1):
            out += _block(i, block)
    elif blocks is not None:
        rest["blocks"] = blocks
    for key, label in _SKELETON_LONG[2:]:
        if isinstance(rest.get(key), str):
            out += [f"**{label}**", "", md_fence(rest.pop(key)), ""]
    if rest:
        out += ["### Other keys", "", md_fence(to_json(rest), "json"), ""]
    return out


def _history_entry(index: int, entry: Any, kind: str) -> list[str]:
    if not isinstance(entry, Mapping):
        return [f"- #{index + 1}", "", md_fence(to_json(entry), "json"), ""]
    version = entry.get("version")
    head = f"v{one_line(version)}" if version is not None else f"#{index + 1}"
    line = f"- **{md_text(head)}**"
    if entry.get("at") is not None:
        line += f" · {md_text(format_timestamp(entry['at']))}"
    rest = {k: v for k, v in entry.items() if k not in ("version", "at")}
    details: list[str] = []
    if kind == "skeleton" and isinstance(rest.get("skeleton"), Mapping):
        skeleton = rest.pop("skeleton")
        line += f" · {md_text(', '.join(str(k) for k in skeleton) or 'empty')}"
        details += ["", md_fence(to_json(skeleton), "json")]
    if kind == "draft":
        if isinstance(rest.get("subject"), str):
            line += f" · subject: {md_code(rest.pop('subject'))}"
        if isinstance(rest.get("body"), str):
            details += ["", md_fence(rest.pop("body"))]
    if rest:
        details += ["", md_fence(to_json(rest), "json")]
    return [line, *details, ""] if details else [line]


def _history(session: Session) -> list[str]:
    out = ["## History", ""]
    lists = (
        ("Skeleton versions", session.skeleton_history, "skeleton"),
        ("Draft versions", session.draft_history, "draft"),
    )
    if not any(entries for _, entries, _ in lists):
        return [*out, "_No earlier versions._", ""]
    for title, entries, kind in lists:
        if entries:
            out += [f"### {title}", ""]
            for i, entry in enumerate(entries):
                out += _history_entry(i, entry, kind)
            if out[-1]:
                out.append("")
    return out


def _example(index: int, example: GeneratedExample) -> list[str]:
    lead = example.lead_id
    head = f"### Lead {md_code(lead)}" if lead else f"### Example {index + 1}"
    out = [head, "", f"**Subject:** {md_text(example.subject or '')}", "", "**Body**", ""]
    out += [md_fence(example.body or ""), ""]
    extra = example.model_extra or {}
    if extra:
        out += ["**Other keys**", "", md_fence(to_json(extra), "json"), ""]
    return out


def _examples(session: Session) -> list[str]:
    out = ["## Generated examples", ""]
    if not session.examples:
        return [*out, "_No generated examples._", ""]
    for i, example in enumerate(session.examples):
        out += _example(i, example)
    return out


def session_markdown(session: Session) -> str:
    """The session as a Markdown document: metadata, transcript, draft, skeleton, examples."""
    title = md_text(session.title) if session.title and session.title.strip() else ""
    lines = [
        f"# {title or 'Untitled session'}",
        "",
        *_metadata(session),
        "",
        *_transcript(session),
        *_draft(session),
        *_skeleton(session.skeleton),
        *_history(session),
        *_examples(session),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
