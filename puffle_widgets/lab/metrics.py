"""Numbers that compare drafts at a glance, and the drafts filled in for each sample lead."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from puffle_widgets.models import (
    SampleLead,
    fill,
    find_variables,
    unknown_variables,
    variable_names,
)

# Average silent reading speed of adults for non-fiction, in words per minute (Brysbaert, 2019:
# "How many words do we read per minute?", Journal of Memory and Language 109).
WORDS_PER_MINUTE: Final = 238


@dataclass(frozen=True)
class DraftMetrics:
    """Subject length (characters), body words, variables used and those not available, and
    an estimate of the seconds it takes to read the body."""

    subject_length: int
    body_words: int
    variables: tuple[str, ...]
    unknown_variables: tuple[str, ...]
    reading_seconds: int


def count_words(text: str | None) -> int:
    """Words separated by whitespace, a variable (`{{ first_name }}` too) counting as one."""
    text = text or ""
    pieces, at = [], 0
    for variable in find_variables(text):
        pieces += [text[at : variable.start], "var"]
        at = variable.end
    return len("".join([*pieces, text[at:]]).split())


def draft_metrics(
    subject: str | None, body: str | None, available_var_names: Sequence[str]
) -> DraftMetrics:
    """The metrics of one draft; no variable is unknown when no names are available."""
    text = f"{subject or ''}\n{body or ''}"
    words = count_words(body)
    unknown = unknown_variables(text, available_var_names) if available_var_names else []
    return DraftMetrics(
        subject_length=len(subject or ""),
        body_words=words,
        variables=tuple(variable_names(text)),
        unknown_variables=tuple(unknown),
        reading_seconds=math.ceil(words * 60 / WORDS_PER_MINUTE),
    )


@dataclass(frozen=True)
class FilledDraft:
    """A draft with one lead's values in place of its variables (`%var%` and `{{var}}`);
    `missing` names the variables the lead has no value for (they stay as written)."""

    lead: str
    subject: str
    body: str
    missing: tuple[str, ...]


def lead_name(lead: Mapping[str, Any], index: int) -> str:
    """A short name for a lead: "Sarah Lee (Acme)", else what it has, else "Lead 2"."""
    values = SampleLead.model_validate(lead).variables()
    name, company = values.get("full_name"), values.get("company")
    if name and company:
        return f"{name} ({company})"
    return name or company or f"Lead {index + 1}"


def fill_for_leads(
    subject: str | None, body: str | None, leads: Sequence[Mapping[str, Any]]
) -> list[FilledDraft]:
    """The draft filled for each lead, in order."""
    filled: list[FilledDraft] = []
    for index, lead in enumerate(leads):
        values = SampleLead.model_validate(lead).variables()
        used = variable_names(f"{subject or ''}\n{body or ''}")
        filled.append(
            FilledDraft(
                lead=lead_name(lead, index),
                subject=fill(subject, values),
                body=fill(body, values),
                missing=tuple(name for name in used if name not in values),
            )
        )
    return filled
