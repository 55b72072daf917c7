"""A skeleton in a few labelled lines, to compare variants side by side.

The skeleton is a free-form dict: the known text keys (hook, value prop, CTA) are shown as they
are, `blocks` as the list of their names, and any other key only by name (the template subject and
body, and the example written from them, are the draft itself: not repeated).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

_TEXT_KEYS: Final = (("hook", "Hook"), ("value_prop", "Value prop"), ("cta", "CTA"))
_SHOWN: Final = {
    "hook",
    "value_prop",
    "cta",
    "blocks",
    "subject",
    "body",
    "exampleSubject",
    "exampleBody",
}
TEXT_LIMIT: Final = 200


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def skeleton_summary(skeleton: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """[(label, text)] for the skeleton's main parts; empty for no skeleton."""
    if not isinstance(skeleton, Mapping) or not skeleton:
        return []
    lines: list[tuple[str, str]] = []
    for key, label in _TEXT_KEYS:
        value = skeleton.get(key)
        if isinstance(value, str) and value.strip():
            lines.append((label, _short(value)))
    blocks = skeleton.get("blocks")
    if isinstance(blocks, list) and blocks:
        names = [
            b["name"] if isinstance(b, Mapping) and isinstance(b.get("name"), str) else "?"
            for b in blocks
        ]
        lines.append((f"Blocks ({len(blocks)})", _short(", ".join(names))))
    other = sorted(str(key) for key in skeleton if key not in _SHOWN)
    if other:
        lines.append(("Other keys", _short(", ".join(other))))
    return lines
