"""From a brief to a skeleton and a draft: plain templates with `%var%` placeholders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from puffle_widgets.emulator.brief import Brief
from puffle_widgets.models import fill, variable_names

SAMPLE_VALUES: Final = {
    "first_name": "Sarah",
    "last_name": "Lee",
    "full_name": "Sarah Lee",
    "company": "Acme",
    "position": "VP of Sales",
}
_FALLBACKS: Final = {"first_name": "there", "company": "your team", "position": "your role"}
_GREETINGS: Final = {"formal": "Dear", "friendly": "Hey", "direct": "Hi", "neutral": "Hi"}
_SIGNOFFS: Final = {"formal": "Best regards,", "friendly": "Cheers,", "direct": "Thanks,"}
_HOOKS: Final = {
    "formal": "industry observation",
    "direct": "blunt one-line question",
    "friendly": "pattern-interrupt question",
}


def fallback_value(name: str) -> str:
    """What a lead without `name` gets instead, so no placeholder is left in an example."""
    return _FALLBACKS.get(name, f"your {name.replace('_', ' ')}")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _placeholder(name: str | None, fallback: str) -> str:
    return f"%{name}%" if name else fallback


def draft_subject(brief: Brief) -> str:
    """The subject line template."""
    at = f" at %{brief.company_var}%" if brief.company_var else ""
    if brief.tone == "direct":
        subject = f"{_capitalized(brief.angle)}{at}?"
    elif brief.tone == "formal":
        company = f" for %{brief.company_var}%" if brief.company_var else ""
        subject = f"{_capitalized(brief.angle)}{company}"
    else:
        subject = f"Quick question about {brief.angle}{at}"
    return f"Re: {subject}" if brief.follow_up else subject


def _greeting(brief: Brief) -> str:
    return f"{_GREETINGS[brief.tone]} {_placeholder(brief.greeting_var, 'there')},"


def _signoff(brief: Brief) -> str:
    return _SIGNOFFS.get(brief.tone, "Best,")


def draft_body(brief: Brief) -> str:
    """The body template: more paragraphs the longer the brief asks for."""
    if brief.follow_up:
        opener = f"Following up on my note about {brief.angle}"
        opener += (
            f", in case it is a priority at %{brief.company_var}%." if brief.company_var else "."
        )
    else:
        opener = f"Most {brief.audience} I talk to say {brief.angle} is harder than it should be"
        opener += f" — is that true at %{brief.company_var}% too?" if brief.company_var else "."
    paragraphs = [_greeting(brief), opener]
    if brief.length >= 1:
        paragraphs.append(
            f"We help teams get {brief.angle} right without adding headcount; most see the "
            "difference within a quarter."
        )
    if brief.length >= 2:
        role = brief.role_var
        extra = f"As %{role}%, you would" if role else "You would"
        extra += " notice it in fewer fire drills and cleaner reporting."
        others = [a for a in brief.angles[:-1] if a != brief.angle]
        if others:
            extra += f" It also covers {', '.join(others)}."
        paragraphs.append(extra)
    if brief.length >= 3:
        paragraphs.append(
            "One customer cut their ramp time by 30% in the first month, and I am happy to "
            "share exactly how they set it up."
        )
    paragraphs += [brief.cta, _signoff(brief)]
    return "\n\n".join(paragraphs)


def sample_values(lead: Mapping[str, str] | None, *templates: str) -> dict[str, str]:
    """Values for every variable in `templates`: the lead's, the sample lead's, or fallbacks."""
    values = dict(lead) if lead is not None else dict(SAMPLE_VALUES)
    for template in templates:
        for name in variable_names(template):
            values.setdefault(name, fallback_value(name))
    return values


def skeleton(brief: Brief, lead: Mapping[str, str] | None) -> dict[str, Any]:
    """The structural framework; `&&...&&` marks a span written per lead."""
    subject, body = draft_subject(brief), draft_body(brief)
    values = sample_values(lead, subject, body)
    company = _placeholder(brief.company_var, "their team")
    fields = [v for v in (brief.greeting_var, brief.company_var) if v]
    return {
        "hook": f"{_HOOKS.get(brief.tone, _HOOKS['friendly'])} about {brief.angle}",
        "value_prop": f"{_capitalized(brief.angle)} for {brief.audience}",
        "cta": brief.cta,
        "subject": subject,
        "body": "\n\n".join(
            [
                _greeting(brief),
                f"&&One-line hook about {brief.angle}, tied to {company}.&&",
                f"&&What {brief.angle} changes for {brief.audience}, in one sentence.&&",
                brief.cta,
                _signoff(brief),
            ]
        ),
        "blocks": [
            {
                "name": "Opener",
                "strategy": f"Open with a {_HOOKS.get(brief.tone, 'question')} about {brief.angle}",
                "personalization": {
                    "fields": fields,
                    "approach": "Single line, no flattery",
                    "fallback": "Generic opener tied to their role",
                },
            },
            {
                "name": "Value",
                "strategy": f"Show what {brief.angle} means for {brief.audience}",
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
                    "approach": brief.cta,
                    "fallback": "Offer to send a short summary instead",
                },
            },
        ],
        "exampleSubject": fill(subject, values),
        "exampleBody": fill(body, values),
    }
