"""The context sent with every turn, and checking what users pass as context and leads, with
errors that say what to fix (variable names and sequence context are checked by `models`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from puffle_widgets.models import SampleLead, sequence_context_dict, validation_message, var_names
from puffle_widgets.widgets.session.traits import SessionTraits

TURN_CONTEXT_KEYS = ("available_var_names", "sample_leads", "sequence_context")


def lead_dicts(leads: object, name: str = "sample_leads") -> list[dict[str, Any]]:
    """`leads` (SampleLead objects or dicts) as plain JSON dicts; raises on anything else.

    Like `models.lead_dicts`, but the error names the lead as the widget's users index it
    (`sample_leads[0]`)."""
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
            problem = validation_message(exc, limit=1, whole="lead")
            raise ValueError(f"{name}[{index}] is not a lead ({problem}).") from None
        out.append(model.model_dump(mode="json", exclude_none=True))
    return out


def check_context_keys(context: Mapping[str, Any], where: str) -> None:
    """Raise TypeError for a keyword that is not turn context, suggesting the accepted ones."""
    unknown = sorted(set(context) - set(TURN_CONTEXT_KEYS))
    if unknown:
        raise TypeError(
            f"{where} got unexpected keyword argument(s) {', '.join(map(repr, unknown))}; "
            f"turn context is {', '.join(TURN_CONTEXT_KEYS)}."
        )


def clean_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """Per-call turn context, each value checked and made JSON-ready."""
    out: dict[str, Any] = {}
    if "available_var_names" in context:
        out["available_var_names"] = var_names(context["available_var_names"])
    if "sample_leads" in context:
        out["sample_leads"] = lead_dicts(context["sample_leads"])
    if "sequence_context" in context:
        out["sequence_context"] = sequence_context_dict(context["sequence_context"])
    return {k: v for k, v in out.items() if v is not None}


class TurnContext:
    """What a widget sends with its turns: its variables and sample leads (traits the user and
    the browser see) and where the email sits in the sequence (set from Python only)."""

    def __init__(self, widget: SessionTraits, sequence: dict[str, Any] | None) -> None:
        self.sequence = sequence
        self._widget = widget

    @property
    def sample_leads(self) -> list[dict[str, Any]]:
        """The widget's sample leads, as JSON dicts."""
        return list(self._widget.sample_leads)

    def for_turn(self) -> dict[str, Any]:
        """The keyword arguments of a turn that carry the context (only those that are set)."""
        context: dict[str, Any] = {}
        if self._widget.available_var_names:
            context["available_var_names"] = list(self._widget.available_var_names)
        if self._widget.sample_leads:
            context["sample_leads"] = self.sample_leads
        if self.sequence is not None:
            context["sequence_context"] = self.sequence
        return context

    def for_examples(self) -> dict[str, Any]:
        """The keyword arguments of an examples run that carry the context."""
        return {} if self.sequence is None else {"sequence_context": self.sequence}
