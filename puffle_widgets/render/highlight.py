"""Draft text to escaped HTML with its template variables and AI slots marked up.

The raw text is split at each match first and every piece is escaped on its own, so the markup
we add never meets unescaped API text and an escape sequence is never split by a span.
"""

from __future__ import annotations

import re

from puffle_widgets.models import find_variables
from puffle_widgets.render.formatting import clean_text, esc

# `&&…&&` marks a span the LLM writes per lead (seen in skeleton bodies, not explained in docs).
_SLOT = re.compile(r"&&(?!&)(.+?)&&", re.DOTALL)


def _variables_html(text: str) -> str:
    out: list[str] = []
    pos = 0
    for var in find_variables(text):
        out.append(esc(text[pos : var.start]))
        out.append(
            f'<span class="pw-var" data-var="{esc(var.name)}" data-syntax="{var.syntax}">'
            f"{esc(text[var.start : var.end])}</span>"
        )
        pos = var.end
    out.append(esc(text[pos:]))
    return "".join(out)


def template_html(value: object) -> str:
    """Escaped `value` with `<span class="pw-var">` around variables and `pw-slot` around slots."""
    text = clean_text(value)
    out: list[str] = []
    pos = 0
    for match in _SLOT.finditer(text):
        out.append(_variables_html(text[pos : match.start()]))
        out.append(f'<span class="pw-slot">{_variables_html(match.group(0))}</span>')
        pos = match.end()
    out.append(_variables_html(text[pos:]))
    return "".join(out)
