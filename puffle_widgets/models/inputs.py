"""Checking what callers pass as leads, variable names, sequence context and free text, once for
the client and the widgets, with errors that say what to fix. Each returns the JSON-ready value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from pydantic import ValidationError

from puffle_widgets.models.requests import SampleLead, SequenceContext
from puffle_widgets.models.validation import validation_message

# Far above any email or chat message, far below what would strain a request: a value this long
# is a mistake (a pasted file, a variable in a loop), so it is refused before anything is sent.
MAX_TEXT_LENGTH: Final = 100_000


def lead_dicts(leads: object, name: str = "sample_leads") -> list[dict[str, Any]]:
    """`leads` (SampleLead objects or dicts) as plain JSON dicts; None gives []."""
    if leads is None:
        return []
    if isinstance(leads, (str, bytes, Mapping)) or not isinstance(leads, Sequence):
        raise TypeError(
            f"{name} must be a list of leads (dicts or SampleLead), got {type(leads).__name__}."
        )
    out: list[dict[str, Any]] = []
    for index, lead in enumerate(leads):
        try:
            model = lead if isinstance(lead, SampleLead) else SampleLead.model_validate(lead)
        except ValidationError as exc:
            problems = validation_message(exc, f"{name}.{index}")
            raise ValueError(f"{name} holds an invalid lead: {problems}.") from None
        out.append(model.model_dump(mode="json", exclude_none=True))
    return out


def var_names(names: object) -> list[str]:
    """`names` as a list of template variable names; None gives []."""
    if names is None:
        return []
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError("available_var_names must be a list of names, e.g. ['first_name'].")
    bad = [n for n in names if not isinstance(n, str) or not n]
    if bad:
        raise TypeError(f"available_var_names must hold non-empty strings; got {bad[0]!r}.")
    return list(names)


def sequence_context_dict(value: object) -> dict[str, Any] | None:
    """`value` (SequenceContext or dict) as a JSON dict; None stays None."""
    if value is None:
        return None
    try:
        model = (
            value if isinstance(value, SequenceContext) else SequenceContext.model_validate(value)
        )
    except ValidationError as exc:
        problems = validation_message(exc, "sequence_context")
        raise ValueError(f"sequence_context is invalid: {problems}.") from None
    return model.model_dump(mode="json", exclude_none=True)


def check_text_length(text: str, what: str) -> str:
    """`text`, unless it is longer than `MAX_TEXT_LENGTH` characters (then ValueError)."""
    if len(text) > MAX_TEXT_LENGTH:
        raise ValueError(
            f"{what} is {len(text):,} characters long; the limit is {MAX_TEXT_LENGTH:,} "
            "characters. Shorten it (or split it over several turns). Nothing was sent."
        )
    return text
