"""Request bodies: snake_case in Python, the documented wire names on the wire."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from puffle_widgets.models._base import PuffleModel


class SampleLead(PuffleModel):
    """Lead data that grounds the LLM (turn `sampleLeads`, examples `leads`)."""

    first_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None
    company: str | None = None
    position: str | None = None
    headline: str | None = None
    linkedin_url: str | None = None
    custom_fields: dict[str, Any] | None = None

    def variables(self) -> dict[str, str]:
        """Every template variable this lead can fill: its fields, then its custom fields."""
        values: dict[str, str] = {}
        for key, value in self.model_dump(exclude={"custom_fields"}).items():
            if value is not None and not isinstance(value, (dict, list)):
                values[key] = str(value)
        if self.full_name is None and (self.first_name or self.last_name):
            values["full_name"] = " ".join(p for p in (self.first_name, self.last_name) if p)
        for key, value in (self.custom_fields or {}).items():
            if value is not None and not isinstance(value, (dict, list)):
                values.setdefault(str(key), str(value))
        return values


class SequenceContext(PuffleModel):
    """Where the drafted email sits in the campaign sequence."""

    position: int | None = None
    total_nodes: int | None = None
    prior_nodes: list[dict[str, Any]] | None = None


class CreateSessionRequest(PuffleModel):
    """Body of create: the campaign and the sequence node the session drafts."""

    campaign_id: str
    node_id: str


class TurnRequest(PuffleModel):
    """Body of `/turn`."""

    message: str
    available_var_names: list[str] | None = Field(default=None, alias="availableVarNames")
    sample_leads: list[SampleLead] | None = Field(default=None, alias="sampleLeads")
    sequence_context: SequenceContext | None = Field(default=None, alias="sequenceContext")


class GenerateExamplesRequest(PuffleModel):
    """Body of `/generate-examples`; `is_first_batch` overwrites (True) or appends (False)."""

    leads: list[SampleLead]
    sequence_context: SequenceContext | None = Field(default=None, alias="sequenceContext")
    is_first_batch: bool | None = Field(default=None, alias="isFirstBatch")


class UpdateSessionRequest(PuffleModel):
    """Body of PATCH: only the keys that are set are sent, and only these keys exist."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    messages: list[dict[str, Any]] | None = None
    title: str | None = None
    draft_subject: str | None = None
    draft_body: str | None = None
    skeleton: dict[str, Any] | None = None
    skeleton_history: list[dict[str, Any]] | None = None
    draft_history: list[dict[str, Any]] | None = None
    framework_version: int | None = None
    generated_examples: list[dict[str, Any]] | None = None
    task_status: str | None = None


UPDATABLE_FIELDS = tuple(UpdateSessionRequest.model_fields)
