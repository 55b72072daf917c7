"""One contract between Python and TypeScript: js/src/types.ts against the widgets' traits and
message handlers, and the status labels of both sides, so neither can drift from the other."""

from __future__ import annotations

import json
import re
from pathlib import Path

import anywidget

from puffle_widgets.render.formatting import STATUS_LABELS
from puffle_widgets.widgets.campaign import CampaignWidget
from puffle_widgets.widgets.campaign_traits import ROW_KEYS
from puffle_widgets.widgets.session.drafts import EDITABLE_FIELDS
from puffle_widgets.widgets.session.on_loop import OnLoop
from puffle_widgets.widgets.session.traits import SessionTraits

SRC = Path(__file__).resolve().parent.parent / "js" / "src"
TYPES = (SRC / "types.ts").read_text(encoding="utf-8")
STATUS = (SRC / "lib" / "status.ts").read_text(encoding="utf-8")

CLOSERS = {"{": "}", "(": ")", "[": "]", "<": ">"}


def without_comments(source: str) -> str:
    """`source` with its // and /* */ comments blanked (string literals here hold neither)."""
    source = re.sub(r"/\*.*?\*/", " ", source, flags=re.DOTALL)
    return re.sub(r"//[^\n]*", " ", source)


def braced(source: str, start: int) -> str:
    """The text inside the bracket pair that opens at or after `start`."""
    opening = min(i for i in (source.find(c, start) for c in "{[") if i >= 0)
    stack = [CLOSERS[source[opening]]]
    for index in range(opening + 1, len(source)):
        char = source[index]
        if char in CLOSERS:
            stack.append(CLOSERS[char])
        elif stack and char == stack[-1]:
            stack.pop()
            if not stack:
                return source[opening + 1 : index]
    raise AssertionError(f"unbalanced brackets after offset {start}")


def top_level_keys(body: str) -> list[str]:
    """The member names of an interface or object literal body, at its top level only."""
    keys, depth, member = [], 0, ""
    for char in body + ";":
        arrow = char == ">" and member.endswith("=")  # `() => T` closes nothing
        if char in CLOSERS:
            depth += 1
        elif char in CLOSERS.values() and not arrow:
            depth -= 1
        if depth == 0 and char in ";,\n":
            match = re.match(r"\s*(?:readonly\s+)?([A-Za-z_]\w*)\??\s*:", member)
            if match:
                keys.append(match.group(1))
            member = ""
        else:
            member += char
    return keys


def declaration(source: str, pattern: str) -> str:
    """The body of the declaration that `pattern` starts."""
    match = re.search(pattern, source)
    assert match, f"no {pattern!r} in the TypeScript source"
    return braced(source, match.end())


def interface_keys(name: str) -> set[str]:
    """The members of `export interface NAME` in types.ts."""
    return set(top_level_keys(declaration(without_comments(TYPES), rf"export interface {name}\b")))


def synced_traits(widget: type[anywidget.AnyWidget]) -> set[str]:
    """The traits a widget class syncs beyond those every anywidget has."""
    # and anywidget's own `_esm`, `_css` and `_anywidget_id` (widgets/assets.py declares them)
    base = set(anywidget.AnyWidget.class_trait_names(sync=True)) | {"_esm", "_css", "_anywidget_id"}
    return set(widget.class_trait_names(sync=True)) - base


def test_the_parser_reads_nested_types() -> None:
    body = "a: string; b?: { c: number; d: string }[]; readonly e: Record<string, unknown>;\n"
    body += "f: (x: number) => void; g: string | null"
    assert top_level_keys(body) == ["a", "b", "e", "f", "g"]


def test_session_model_is_the_session_widget_traits() -> None:
    assert interface_keys("SessionModel") == synced_traits(SessionTraits)


def test_campaign_model_is_the_campaign_widget_traits() -> None:
    assert interface_keys("CampaignModel") == synced_traits(CampaignWidget)


def test_campaign_rows_have_the_same_keys() -> None:
    assert interface_keys("CampaignRow") == {*ROW_KEYS, "updated_at"}


def message_kinds(name: str) -> list[str]:
    """The `type` of each member of the union `export type NAME` in types.ts."""
    source = without_comments(TYPES)
    match = re.search(rf"export type {name}\s*=(.*?);\s*\n", source, flags=re.DOTALL)
    assert match, f"no {name} in types.ts"
    kinds = re.findall(r'type:\s*"([a-z_]+)"', match.group(1))
    assert len(kinds) == len(set(kinds)), f"a {name} type appears twice"
    return kinds


def test_client_messages_are_the_handler_table() -> None:
    assert set(message_kinds("ClientMessage")) == set(OnLoop.HANDLERS)


def test_campaign_messages_are_the_campaign_handler_table() -> None:
    assert set(message_kinds("CampaignMessage")) == set(CampaignWidget.HANDLERS)


def test_editable_fields_are_listed_alike() -> None:
    body = declaration(without_comments(TYPES), r"export const EDITABLE_FIELDS\s*=")
    assert json.loads(f"[{body}]") == list(EDITABLE_FIELDS)


def test_status_labels_are_the_same_on_both_sides() -> None:
    body = declaration(without_comments(STATUS), r"const STATUS_LABELS\b[^=]*=")
    labels = dict(re.findall(r'(\w+):\s*"([^"]*)"', body))
    assert labels == STATUS_LABELS
