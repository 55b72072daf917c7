"""A lab run as a DataFrame (pandas is optional) and as a Markdown document."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from puffle_widgets.lab.diff import diff_counts, wdiff
from puffle_widgets.lab.skeleton import skeleton_summary

if TYPE_CHECKING:
    import pandas as pd

    from puffle_widgets.lab.result import LabResult, VariantResult

COLUMNS: Final = (
    "variant",
    "status",
    "turns",
    "elapsed_s",
    "session_id",
    "subject",
    "body",
    "subject_length",
    "body_words",
    "variables",
    "unknown_variables",
    "reading_seconds",
    "star",
    "note",
    "error",
    "messages",
)
_MISSING_PANDAS: Final = (
    "LabResult.to_frame() needs pandas, which is not installed: `pip install pandas`."
)
_CELL_SPECIALS: Final = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def result_rows(result: LabResult) -> list[dict[str, Any]]:
    """One plain dict per variant, with the keys of `COLUMNS`."""
    rows = []
    for variant in result:
        metrics = result.metrics(variant.name)
        elapsed = variant.elapsed()
        rows.append(
            {
                "variant": variant.name,
                "status": variant.status,
                "turns": variant.turns_done,
                "elapsed_s": None if elapsed is None else round(elapsed, 1),
                "session_id": variant.session_id,
                "subject": variant.subject,
                "body": variant.body,
                "subject_length": metrics.subject_length,
                "body_words": metrics.body_words,
                "variables": list(metrics.variables),
                "unknown_variables": list(metrics.unknown_variables),
                "reading_seconds": metrics.reading_seconds,
                "star": variant.star,
                "note": variant.note,
                "error": variant.error,
                "messages": list(variant.messages),
            }
        )
    return rows


def result_frame(result: LabResult) -> pd.DataFrame:
    """The rows of `result_rows` as a DataFrame indexed by variant."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(_MISSING_PANDAS, name="pandas") from exc
    return pd.DataFrame.from_records(result_rows(result), columns=list(COLUMNS)).set_index(
        "variant"
    )


# --- Markdown -------------------------------------------------------------------------------


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell: one line, Markdown and HTML specials escaped."""
    one_line = " ".join(str(text if text is not None else "").split())
    return _CELL_SPECIALS.sub(r"\\\1", one_line) or "—"


def fenced(text: str, info: str = "text") -> str:
    """`text` in a code fence longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def _elapsed(variant: VariantResult) -> str:
    elapsed = variant.elapsed()
    return "—" if elapsed is None else f"{elapsed:.1f} s"


def result_markdown(result: LabResult) -> str:
    """A summary table, then each variant: messages, draft, skeleton, diff, fills, rating."""
    counts = result.counts()
    lines = [
        f"# Prompt lab: {counts['variants']} variants",
        "",
        f"{counts['finished']} of {counts['variants']} finished · {counts['failed']} failed · "
        f"{counts['skipped']} skipped · baseline: {cell(result.baseline)}",
        "",
        "| Variant | Status | Turns | Elapsed | Subject | Body words | Unknown variables "
        "| Reading | Star | Note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for variant in result:
        m = result.metrics(variant.name)
        lines.append(
            f"| {cell(variant.name)} | {variant.status} | {variant.turns_done}/{variant.turns} "
            f"| {_elapsed(variant)} | {cell(variant.subject)} | {m.body_words} "
            f"| {cell(', '.join(m.unknown_variables))} | {m.reading_seconds} s "
            f"| {'★' if variant.star else ''} | {cell(variant.note) if variant.note else ''} |"
        )
    for variant in result:
        lines += ["", *_variant_markdown(result, variant)]
    return "\n".join(lines) + "\n"


def _variant_markdown(result: LabResult, variant: VariantResult) -> list[str]:
    title = f"## Variant {cell(variant.name)}" + (" ★" if variant.star else "")
    lines = [title, "", f"Status: {variant.status} · session `{variant.session_id or '—'}`", ""]
    lines += ["Messages:", ""]
    lines += [f"{i}. {cell(message)}" for i, message in enumerate(variant.messages, 1)]
    if variant.error:
        lines += ["", f"Error: {cell(variant.error)}"]
    if variant.note:
        lines += ["", f"Note: {cell(variant.note)}"]
    if not variant.has_draft:
        return lines
    lines += ["", "Draft:", "", fenced(f"Subject: {variant.subject or ''}\n\n{variant.body or ''}")]
    summary = skeleton_summary(variant.skeleton)
    if summary:
        lines += ["", "Skeleton:", ""] + [f"- {label}: {cell(text)}" for label, text in summary]
    if variant.name != result.baseline and result[result.baseline].has_draft:
        diff = result.diff(variant.name)
        added, removed = diff_counts(diff["subject"] + diff["body"])
        counts = f"+{added} \u2212{removed} words"
        header = f"Against {cell(result.baseline)} ({counts}; [-removed-] {{+added+}}):"
        text = f"Subject: {wdiff(diff['subject'])}\n\n{wdiff(diff['body'])}"
        lines += ["", header, "", fenced(text)]
    for filled in result.filled(variant.name):
        draft = fenced(f"Subject: {filled.subject}\n\n{filled.body}")
        lines += ["", f"For {cell(filled.lead)}:", "", draft]
    return lines
