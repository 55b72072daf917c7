"""The simulated example writer: the current draft filled in for each lead, deterministically."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from puffle_widgets.emulator.drafting import sample_values
from puffle_widgets.models import SampleLead, fill

_SLOT = re.compile(r"&&(.*?)&&", re.DOTALL)
_DEFAULT_SUBJECT = "Quick question"
_DEFAULT_BODY = "Hi %first_name%,\n\nWorth a quick chat next week?\n\nBest,"


def lead_id(lead: SampleLead) -> str:
    """A stable id for a lead without one: from its LinkedIn URL, else its name and company."""
    if lead.linkedin_url:
        key = lead.linkedin_url.strip().lower().rstrip("/")
    else:
        values = lead.variables()
        name = values.get("full_name", "")
        key = f"{name}|{lead.company or ''}".lower() if name else json.dumps(values, sort_keys=True)
    return "lead_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def lead_name(lead: SampleLead, index: int) -> str:
    """The lead's display name (what generate-messages matches examples on)."""
    values = lead.variables()
    return values.get("full_name") or lead.company or f"Lead {index + 1}"


def _templates(session: Mapping[str, Any]) -> tuple[str, str]:
    frame = session.get("skeleton") or {}
    subject = session.get("draft_subject") or frame.get("subject") or _DEFAULT_SUBJECT
    body = session.get("draft_body") or frame.get("body") or _DEFAULT_BODY
    # A skeleton body marks per-lead spans with &&...&&; the example keeps their text.
    return _SLOT.sub(r"\1", str(subject)), _SLOT.sub(r"\1", str(body))


def write_examples(session: Mapping[str, Any], leads: Sequence[SampleLead]) -> list[dict[str, Any]]:
    """One example per lead: {lead_id, lead_name, subject, body, framework_version}.

    `framework_version` (the version the example was written from) is an emulator extra: the
    documented example has only lead_id, subject and body, and the real API may not send it.
    """
    subject, body = _templates(session)
    version = session.get("framework_version")
    examples = []
    for index, lead in enumerate(leads):
        values = sample_values(lead.variables(), subject, body)
        text = fill(body, values)
        if lead.headline and "P.S." not in text:
            text += f"\n\nP.S. I saw “{lead.headline}” on your profile, which is why I wrote."
        example: dict[str, Any] = {
            "lead_id": lead_id(lead),
            "lead_name": lead_name(lead, index),
            "subject": fill(subject, values),
            "body": text,
        }
        if version is not None:
            example["framework_version"] = version
        examples.append(example)
    return examples
