"""Small text helpers shared by the renderers: escaping, timestamps, status labels, widths."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

# C0/C1 controls other than tab and newline: invisible, and some make HTML or terminals misbehave.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACE_RUN = re.compile(r"\s+")

ROLE_LABELS: dict[str, str] = {"user": "User", "assistant": "Assistant", "system": "System"}
# The labels of the status badge, the same as the live widget's (js/src/lib/status.ts
# `STATUS_LABELS`; tests/test_contract.py keeps them equal), so a snapshot reads like the view.
STATUS_LABELS: dict[str, str] = {
    "loading": "Loading…",
    "idle": "Idle",
    "chat_processing": "Thinking…",
    "generating_examples": "Generating examples…",
    "reconnecting": "Reconnecting…",
    "error": "Error",
    "busy": "Working…",
    "sending": "Sending…",
}


def clean_text(value: object) -> str:
    """`value` as text without control characters; CRLF and CR become LF."""
    text = value if isinstance(value, str) else str(value)
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def esc(value: object) -> str:
    """HTML-escape anything from the API, quotes included, so it is safe in text and attributes."""
    return html.escape(clean_text(value), quote=True)


def one_line(value: object) -> str:
    """`value` on one line: whitespace runs (newlines included) collapse to one space."""
    return _SPACE_RUN.sub(" ", clean_text(value)).strip()


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` display columns, ending in an ellipsis when cut."""
    if display_width(text) <= limit:
        return text
    out: list[str] = []
    width = 0
    for char in text:
        w = _char_width(char)
        if width + w > limit - 1:
            break
        out.append(char)
        width += w
    return "".join(out).rstrip() + "…"


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns `text` takes: wide East Asian characters count two, combining marks 0."""
    return sum(_char_width(c) for c in text)


def pad(text: str, width: int) -> str:
    """`text` left-aligned in `width` display columns."""
    return text + " " * max(0, width - display_width(text))


def role_label(role: str) -> str:
    """`User`, `Assistant`; roles the docs do not list yet (`tool_call`) read as `Tool call`."""
    key = one_line(role) or "unknown"
    return ROLE_LABELS.get(key, truncate(key.replace("_", " ").capitalize(), 40))


def status_key(task_status: str | None) -> str:
    """The raw status shown to users: the task status, or `idle` when there is none."""
    return task_status if task_status else "idle"


def status_label(task_status: str | None) -> str:
    """A human label for a status; statuses the docs do not list yet still read sensibly."""
    key = status_key(task_status)
    if key in STATUS_LABELS:
        return STATUS_LABELS[key]
    return truncate(one_line(key).replace("_", " ").capitalize(), 40)


def format_datetime(value: datetime) -> str:
    """`2026-04-22 10:05 UTC` for UTC times, `2026-04-22 12:05 +02:00` for other offsets."""
    offset = value.utcoffset()
    if offset is None:
        return value.strftime("%Y-%m-%d %H:%M")
    if not offset:
        return value.strftime("%Y-%m-%d %H:%M UTC")
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return value.strftime("%Y-%m-%d %H:%M ") + f"{sign}{hours:02d}:{mins:02d}"


def parse_timestamp(value: object) -> datetime | None:
    """A datetime from a history entry's free-form `at`, or None when it is not one."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Epoch numbers: seconds, or milliseconds as JavaScript writes them.
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def format_timestamp(value: object) -> str:
    """A free-form timestamp for display: formatted when it parses, else as written."""
    parsed = parse_timestamp(value)
    return format_datetime(parsed) if parsed is not None else one_line(value)


def to_json(value: Any) -> str:
    """Pretty JSON for free-form values; anything JSON cannot encode falls back to str()."""
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def plural(count: int, noun: str) -> str:
    """`1 message`, `4 messages`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
