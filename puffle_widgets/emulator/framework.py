"""From a brief and a draft to the skeleton: the structure the chat converged on, with
`&&...&&` marking the spans written per lead (as in the docs' generate-content example)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from puffle_widgets.emulator.brief import Brief
from puffle_widgets.emulator.drafting import (
    audience,
    call_to_action,
    capitalized,
    effective_kind,
    greeting,
    sample_values,
    signoff,
    var_or,
)
from puffle_widgets.models import fill

_HOOKS: Final = {
    "formal": "Industry observation",
    "direct": "Blunt one-line question",
    "friendly": "Pattern-interrupt question",
    "neutral": "Observation from conversations with peers",
}


def _value_prop(brief: Brief) -> str:
    kind = effective_kind(brief)
    if kind == "break_up":
        return "A graceful exit that leaves the door open"
    if kind == "referral":
        return "A warm introduction from someone who already trusts us"
    if brief.angle:
        return capitalized(f"{brief.angle} for {audience(brief)}")
    if brief.proof:
        return f"What {brief.proof.customer} changed, for {audience(brief)}"
    return capitalized(f"less busywork for {audience(brief)}")


def _hook(brief: Brief) -> str:
    kind, topic = effective_kind(brief), brief.angle or "what they're working on"
    if kind == "case_study" and brief.proof:
        return f"Customer story: {brief.proof.customer} {brief.proof.result}"
    return {
        "follow_up": f"Short bump on the earlier note about {topic}",
        "case_study": f"Customer story about {topic}",
        "break_up": "Polite close-the-loop",
        "referral": "Thank-you first, then a referral ask",
        "invite": f"Invitation to a session on {topic}",
    }.get(kind, f"{_HOOKS[brief.tone]} about {topic}")


def skeleton(
    brief: Brief, lead: Mapping[str, str] | None, subject: str, body: str
) -> dict[str, Any]:
    """The structural framework of the draft `subject`/`body`; `&&...&&` marks a span written
    per lead."""
    values = sample_values(lead, subject, body)
    topic = brief.angle or "what they're working on"
    company = var_or(brief.company_var, "their team")
    fields = [v for v in (brief.greeting_var, brief.company_var) if v]
    return {
        "hook": _hook(brief),
        "value_prop": _value_prop(brief),
        "cta": call_to_action(brief),
        "subject": subject,
        "body": "\n\n".join(
            [
                greeting(brief),
                f"&&One line on {topic}, tied to {company}.&&",
                f"&&What {topic} changes for {audience(brief)}, in one sentence.&&",
                call_to_action(brief),
                signoff(brief),
            ]
        ),
        "blocks": [
            {
                "name": "Opener",
                "strategy": _hook(brief),
                "personalization": {
                    "fields": fields,
                    "approach": "Single line, no flattery",
                    "fallback": "Generic opener tied to their role",
                },
            },
            {
                "name": "Value",
                "strategy": f"Show what {topic} means for {audience(brief)}",
                "personalization": {
                    "fields": [brief.role_var] if brief.role_var else [],
                    "approach": "One concrete outcome",
                    "fallback": "Outcome for teams of their size",
                },
            },
            {
                "name": "Call to action",
                "strategy": "A low-friction ask",
                "personalization": {
                    "fields": [],
                    "approach": call_to_action(brief),
                    "fallback": "Offer to send a short summary instead",
                },
            },
        ],
        "exampleSubject": fill(subject, values),
        "exampleBody": fill(body, values),
    }
