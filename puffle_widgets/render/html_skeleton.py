"""The skeleton and history sections of the HTML view (free-form dicts, rendered defensively)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from puffle_widgets.render.formatting import esc, format_timestamp, one_line
from puffle_widgets.render.markup import (
    empty,
    fields_html,
    json_pre,
    section,
    subtitle,
    template_block,
)

# Known skeleton keys, in reading order, with the label each gets. Text keys render as text,
# long ones in <pre>; a known key holding something unexpected falls back to JSON.
_TEXT_KEYS = (("hook", "Hook"), ("value_prop", "Value prop"), ("cta", "CTA"))
_TEMPLATE_KEYS = (("subject", "Subject", False), ("body", "Body", True))
_EXAMPLE_KEYS = (
    ("exampleSubject", "Example subject", False),
    ("exampleBody", "Example body", True),
)
_PERSONALIZATION = (("approach", "Approach"), ("fallback", "Fallback"))


def _block_html(block: Any) -> str:
    if not isinstance(block, Mapping):
        return f'<li class="pw-block">{json_pre(block)}</li>'
    rest = dict(block)
    name, strategy = rest.pop("name", None), rest.pop("strategy", None)
    head = f"<strong>{esc(name)}</strong>" if isinstance(name, str) and name else "<em>Block</em>"
    if isinstance(strategy, str) and strategy:
        head += f' — <span class="pw-block-strategy">{esc(strategy)}</span>'
    elif strategy is not None:
        rest["strategy"] = strategy
    rows: list[tuple[str, str]] = []
    personalization = rest.pop("personalization", None)
    if isinstance(personalization, Mapping):
        extra = dict(personalization)
        fields = extra.pop("fields", None)
        if isinstance(fields, list) and all(isinstance(f, str) for f in fields):
            chips = " ".join(f'<code class="pw-code">{esc(f)}</code>' for f in fields)
            rows.append(("Fields", chips or '<span class="pw-empty">none</span>'))
        elif fields is not None:
            extra["fields"] = fields
        for key, label in _PERSONALIZATION:
            value = extra.get(key)
            if isinstance(value, str):
                rows.append((label, esc(extra.pop(key))))
        if extra:
            rows.append(("Other", json_pre(extra)))
    elif personalization is not None:
        rest["personalization"] = personalization
    if rest:
        rows.append(("Other keys", json_pre(rest)))
    return f'<li class="pw-block"><p class="pw-block-head">{head}</p>{fields_html(rows)}</li>'


def _template_rows(
    skeleton: dict[str, Any], keys: tuple[tuple[str, str, bool], ...]
) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for key, label, multiline in keys:
        value = skeleton.pop(key, None)
        if isinstance(value, str):
            rows.append((label, template_block(value, multiline)))
        elif value is not None:
            skeleton[key] = value
    return rows


def skeleton_section(skeleton: Mapping[str, Any] | None) -> str:
    """The skeleton: known keys readable, blocks as a list, any other keys as JSON."""
    if not skeleton:
        return section("pw-skeleton", "Skeleton", empty("No skeleton yet."))
    parts: list[str] = []
    rest = dict(skeleton)
    rows: list[tuple[str, str]] = []
    for key, label in _TEXT_KEYS:
        value = rest.pop(key, None)
        if isinstance(value, str):
            rows.append((label, esc(value)))
        elif value is not None:
            rest[key] = value
    rows += _template_rows(rest, _TEMPLATE_KEYS)
    parts.append(fields_html(rows))
    blocks = rest.pop("blocks", None)
    if isinstance(blocks, list):
        items = "".join(_block_html(b) for b in blocks)
        parts.append(subtitle("Blocks", str(len(blocks))))
        parts.append(f'<ol class="pw-blocks">{items}</ol>' if items else "")
    elif blocks is not None:
        rest["blocks"] = blocks
    parts.append(fields_html(_template_rows(rest, _EXAMPLE_KEYS)))
    if rest:
        parts.append(subtitle("Other keys"))
        parts.append(json_pre(rest))
    return section("pw-skeleton", "Skeleton", "".join(parts))


def _entry_head(entry: Mapping[str, Any], index: int) -> str:
    version = entry.get("version")
    label = f"v{one_line(version)}" if version is not None else f"#{index + 1}"
    head = f'<span class="pw-version">{esc(label)}</span>'
    if entry.get("at") is not None:
        head += f' <span class="pw-when">{esc(format_timestamp(entry["at"]))}</span>'
    return head


def _history_item(entry: Any, index: int, kind: str) -> str:
    if not isinstance(entry, Mapping):
        return f"<li><details><summary>#{index + 1}</summary>{json_pre(entry)}</details></li>"
    head = _entry_head(entry, index)
    rest = {k: v for k, v in entry.items() if k not in ("version", "at")}
    detail = ""
    if kind == "draft":
        subject, body = rest.pop("subject", None), rest.pop("body", None)
        if isinstance(subject, str):
            head += f" · {template_block(subject, False)}"
        elif subject is not None:
            rest["subject"] = subject
        if isinstance(body, str):
            detail += template_block(body, True)
        elif body is not None:
            rest["body"] = body
    else:
        skeleton = rest.get("skeleton")
        if isinstance(skeleton, Mapping):
            del rest["skeleton"]
            keys = ", ".join(str(k) for k in skeleton)
            head += f' · <span class="pw-when">{esc(keys or "empty")}</span>'
            detail += json_pre(skeleton)
    if rest:
        detail += json_pre(rest)
    if not detail:
        return f"<li>{head}</li>"
    return f"<li><details><summary>{head}</summary>{detail}</details></li>"


def _history_list(title: str, entries: list[Any], kind: str) -> str:
    items = "".join(_history_item(entry, i, kind) for i, entry in enumerate(entries))
    return subtitle(title, str(len(entries))) + (
        f'<ul class="pw-history-list" data-kind="{kind}">{items}</ul>'
    )


def history_section(
    skeleton_history: list[dict[str, Any]] | None, draft_history: list[dict[str, Any]] | None
) -> str:
    """Earlier skeleton and draft versions, one compact line each, details folded away."""
    parts: list[str] = []
    if skeleton_history:
        parts.append(_history_list("Skeleton versions", skeleton_history, "skeleton"))
    if draft_history:
        parts.append(_history_list("Draft versions", draft_history, "draft"))
    return section("pw-history", "History", "".join(parts) or empty("No earlier versions."))
