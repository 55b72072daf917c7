"""The grid's state for one run: a row per variant, as the front end (js/src/lab) reads it.

`ROW_KEYS` is the one Python list of a row's keys; js/src/lab/types.ts `LabRow` declares the
same, and tests/lab/test_contract.py keeps them equal.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, Final

from puffle_widgets.lab.result import LabResult, VariantResult
from puffle_widgets.lab.skeleton import skeleton_summary

ROW_KEYS: Final = (
    "name",
    "messages",
    "status",
    "turns_done",
    "turns",
    "elapsed_ms",
    "session_id",
    "subject",
    "body",
    "skeleton",
    "error",
    "metrics",
    "diff",
    "filled",
    "examples",
    "notice",
)


def row_of(result: LabResult, variant: VariantResult, notice: str, now: float) -> dict[str, Any]:
    """One variant's column: progress always; draft, metrics, diff and fills once it has a draft."""
    elapsed = variant.elapsed(now)
    row: dict[str, Any] = {
        "name": variant.name,
        "messages": list(variant.messages),
        "status": variant.status,
        "turns_done": variant.turns_done,
        "turns": variant.turns,
        "elapsed_ms": None if elapsed is None else round(elapsed * 1000),
        "session_id": variant.session_id,
        "subject": variant.subject,
        "body": variant.body,
        "skeleton": [list(line) for line in skeleton_summary(variant.skeleton)],
        "error": variant.error,
        "metrics": None,
        "diff": None,
        "filled": [],
        "examples": len(variant.examples),
        "notice": notice,
    }
    if not variant.has_draft:
        return row
    m = result.metrics(variant.name)
    row["metrics"] = {
        "subject_length": m.subject_length,
        "body_words": m.body_words,
        "variables": list(m.variables),
        "unknown_variables": list(m.unknown_variables),
        "reading_seconds": m.reading_seconds,
    }
    if variant.name != result.baseline and result[result.baseline].has_draft:
        diff = result.diff(variant.name)
        row["diff"] = {part: [list(piece) for piece in diff[part]] for part in ("subject", "body")}
    row["filled"] = [
        {"lead": f.lead, "subject": f.subject, "body": f.body, "missing": list(f.missing)}
        for f in result.filled(variant.name)
    ]
    return row


def grid_rows(result: LabResult, notices: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every variant's row, in order."""
    now = time.monotonic()
    return [row_of(result, v, notices.get(v.name, ""), now) for v in result]
