"""The static HTML of a lab run: the grid's snapshot for kernel-less readers, and
`LabResult._repr_html_`.

Everything in it came from the user, the API or the LLM, so every text is escaped: no element
or attribute is ever built from it, no script, no link. The stylesheet is inline and every rule
sits under `.puffle-lab.puffle-static`, so it styles nothing else on the page.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Final

from puffle_widgets.lab.diff import diff_counts
from puffle_widgets.lab.skeleton import skeleton_summary

if TYPE_CHECKING:
    from puffle_widgets.lab.result import LabResult, VariantResult

ROOT: Final = "puffle-widget puffle-static puffle-lab"
_S: Final = ".puffle-lab.puffle-static"
STYLE: Final = f"""<style>
{_S} {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 13px;
  line-height: 1.45; color: var(--jp-ui-font-color1, #1f2328); }}
{_S} .pl-scroll {{ overflow-x: auto; }}
{_S} table {{ border-collapse: collapse; min-width: 100%; }}
{_S} th, {_S} td {{ border: 1px solid var(--jp-border-color2, #d1d9e0); padding: 6px 8px;
  vertical-align: top; text-align: left; min-width: 220px; max-width: 420px; }}
{_S} th[scope=row] {{ min-width: 0; color: var(--jp-ui-font-color2, #59636e); font-weight: 600; }}
{_S} .pl-text {{ white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }}
{_S} .pl-status {{ font-weight: 600; }}
{_S} .pl-failed {{ color: var(--jp-error-color1, #d1242f); }}
{_S} .pl-muted {{ color: var(--jp-ui-font-color2, #59636e); }}
{_S} del {{ background: rgba(209, 36, 47, 0.15); }}
{_S} ins {{ background: rgba(26, 127, 55, 0.15); text-decoration: none; }}
{_S} ol, {_S} ul {{ margin: 0; padding-left: 18px; }}
</style>"""


def _text(value: str | None, empty: str = "—") -> str:
    if not value:
        return f'<span class="pl-muted">{escape(empty)}</span>'
    return f'<div class="pl-text">{escape(value)}</div>'


def _status(variant: VariantResult) -> str:
    elapsed = variant.elapsed()
    parts = [f"turn {variant.turns_done} of {variant.turns}"]
    if elapsed is not None:
        parts.append(f"{elapsed:.1f} s")
    css = "pl-status pl-failed" if variant.status == "failed" else "pl-status"
    return f'<span class="{css}">{escape(variant.status)}</span> · {escape(" · ".join(parts))}'


def _messages(variant: VariantResult) -> str:
    items = "".join(f'<li><div class="pl-text">{escape(m)}</div></li>' for m in variant.messages)
    return f"<ol>{items}</ol>"


def _draft(variant: VariantResult) -> str:
    if not variant.has_draft:
        return _text(None, "no draft yet")
    return f"<strong>{escape(variant.subject or '')}</strong>{_text(variant.body, '')}"


def _skeleton(variant: VariantResult) -> str:
    lines = skeleton_summary(variant.skeleton)
    if not lines:
        return _text(None)
    return "<ul>" + "".join(f"<li>{escape(k)}: {escape(v)}</li>" for k, v in lines) + "</ul>"


def _metrics(result: LabResult, variant: VariantResult) -> str:
    m = result.metrics(variant.name)
    unknown = ", ".join(m.unknown_variables) or "none"
    items = [
        f"subject {m.subject_length} chars",
        f"body {m.body_words} words",
        f"variables: {', '.join(m.variables) or 'none'}",
        f"unknown: {unknown}",
        f"reading ≈ {m.reading_seconds} s",
    ]
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _diff(result: LabResult, variant: VariantResult) -> str:
    if variant.name == result.baseline:
        return '<span class="pl-muted">the baseline</span>'
    if not (variant.has_draft and result[result.baseline].has_draft):
        return _text(None)
    diff = result.diff(variant.name)
    added, removed = diff_counts(diff["subject"] + diff["body"])
    tags = {"eq": "span", "add": "ins", "del": "del"}
    pieces = [*diff["subject"], ("eq", "\n\n"), *diff["body"]]
    body = "".join(f"<{tags[op]}>{escape(text)}</{tags[op]}>" for op, text in pieces)
    counts = f"+{added} \u2212{removed} words"
    return f'<span class="pl-muted">{counts}</span><div class="pl-text">{body}</div>'


def _filled(result: LabResult, variant: VariantResult) -> str:
    if not variant.has_draft or not result.leads:
        return _text(None)
    parts = [
        f"<p><em>{escape(f.lead)}</em>: <strong>{escape(f.subject)}</strong></p>{_text(f.body, '')}"
        for f in result.filled(variant.name)
    ]
    return "".join(parts)


def _rating(variant: VariantResult) -> str:
    star = "★ starred" if variant.star else ""
    note = escape(variant.note) if variant.note else ""
    return f"{star}{'<br>' if star and note else ''}{note}" or _text(None)


def result_html(result: LabResult) -> str:
    """The run as one self-styled table: a column per variant."""
    counts = result.counts()
    head = (
        f"<p><strong>Prompt lab</strong> · {counts['finished']} of {counts['variants']} variants "
        f"finished · {counts['turns_done']} of {counts['turns']} turns · {counts['failed']} "
        f"failed · {counts['skipped']} skipped · baseline {escape(result.baseline)}</p>"
    )
    variants = list(result)
    rows = [
        ("Status", [_status(v) for v in variants]),
        ("Messages", [_messages(v) for v in variants]),
        ("Draft", [_draft(v) for v in variants]),
        ("Skeleton", [_skeleton(v) for v in variants]),
        ("Metrics", [_metrics(result, v) for v in variants]),
        ("Against baseline", [_diff(result, v) for v in variants]),
        ("Filled per lead", [_filled(result, v) for v in variants]),
        ("Rating", [_rating(v) for v in variants]),
        ("Error", [_text(v.error, "") for v in variants]),
    ]
    header = "".join(f'<th scope="col">{escape(v.name)}</th>' for v in variants)
    body = "".join(
        f'<tr><th scope="row">{label}</th>{"".join(f"<td>{c}</td>" for c in cells)}</tr>'
        for label, cells in rows
    )
    table = f'<div class="pl-scroll"><table><thead><tr><th></th>{header}</tr></thead>'
    return f'<div class="{ROOT}">{STYLE}{head}{table}<tbody>{body}</tbody></table></div></div>'
