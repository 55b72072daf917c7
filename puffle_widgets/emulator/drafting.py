"""From a brief to a subject and a body: templates with `%var%` placeholders.

Every sentence is one a person could send, whatever the brief leaves out: a missing angle,
audience, sender or variable changes the sentence, never leaves a hole in it. Nothing is
claimed that the user did not give (no invented customers or numbers).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from puffle_widgets.emulator.brief import Brief
from puffle_widgets.models import variable_names

SAMPLE_VALUES: Final = {
    "first_name": "Sarah",
    "last_name": "Lee",
    "full_name": "Sarah Lee",
    "company": "Acme",
    "position": "VP of Sales",
}
KIND_LABELS: Final = {
    "intro": "intro email",
    "follow_up": "follow-up",
    "case_study": "case-study email",
    "break_up": "break-up email",
    "referral": "referral ask",
    "invite": "invitation",
}
_FALLBACKS: Final = {"first_name": "there", "company": "your team", "position": "your role"}
_GREETINGS: Final = {"formal": "Dear", "friendly": "Hey", "direct": "Hi", "neutral": "Hi"}
_SIGNOFFS: Final = {"formal": "Best regards,", "friendly": "Cheers,", "direct": "Thanks,"}
_CTAS: Final = {
    "question": "Is this on your radar this quarter?",
    "meeting": "Open to a 15-minute call next week?",
    "intro": "Worth a quick chat next week?",
    "break_up": "Should I close the loop on my side?",
    "referral": "Would you be open to making an introduction?",
    "invite": "Want me to save you a seat?",
}


def fallback_value(name: str) -> str:
    """What a lead without `name` gets instead, so no placeholder is left in an example."""
    return _FALLBACKS.get(name, f"your {name.replace('_', ' ')}")


def capitalized(text: str) -> str:
    """`text` with its first letter upper case (the rest as written: "time-to-ROI")."""
    return text[:1].upper() + text[1:]


def var_or(name: str | None, fallback: str) -> str:
    """`%name%`, or `fallback` when the turn offers no such variable."""
    return f"%{name}%" if name else fallback


def audience(brief: Brief) -> str:
    """Who the email is for, as a phrase that fits in a sentence."""
    return brief.audience or "teams like yours"


def call_to_action(brief: Brief) -> str:
    """The closing ask: the one the user asked for, else the kind's usual one (a break-up or a
    referral keeps its own question when asked for "a question")."""
    kind = effective_kind(brief)
    asked = None if brief.cta == "question" and kind in ("break_up", "referral") else brief.cta
    return _CTAS.get(asked or kind, _CTAS["intro"])


def effective_kind(brief: Brief) -> str:
    """The kind the draft is written as: a later step of the sequence that is "just another
    intro" is a follow-up."""
    return "follow_up" if brief.later_step and brief.kind == "intro" else brief.kind


def draft_subject(brief: Brief) -> str:
    """The subject line template."""
    kind, angle, company = effective_kind(brief), brief.angle, brief.company_var
    at = f" at %{company}%" if company else ""
    if kind == "case_study" and brief.proof:
        return f"How {brief.proof.customer} {brief.proof.result}"
    if kind == "case_study":
        return (
            f"A customer story on {angle}"
            if angle
            else f"A customer story for {var_or(company, 'you')}"
        )
    if kind == "break_up":
        return f"Closing the loop on {angle}" if angle else "Closing the loop"
    if kind == "referral":
        name = f", %{brief.greeting_var}%" if brief.greeting_var else ""
        return f"A quick favour{name}?"
    if kind == "invite":
        return f"Invitation: {angle} for {audience(brief)}" if angle else "An invitation"
    if angle is None:
        subject = {
            "formal": f"A proposal for {var_or(company, 'your team')}",
            "direct": f"Worth a look{at}?",
        }.get(brief.tone, f"An idea for {var_or(company, 'your team')}")
    elif brief.tone == "friendly":
        subject = f"Quick question about {angle}{at}"
    elif brief.tone == "formal":
        subject = f"{capitalized(angle)}{f' for %{company}%' if company else ''}"
    elif brief.tone == "direct":
        subject = f"{capitalized(angle)}{at}?"
    else:
        subject = f"Thoughts on {angle}{at}"
    return f"Re: {subject}" if kind == "follow_up" else subject


def greeting(brief: Brief) -> str:
    """The first line, e.g. `Hey %first_name%,`."""
    if brief.greeting_var:
        return f"{_GREETINGS[brief.tone]} %{brief.greeting_var}%,"
    return "Hello," if brief.tone == "formal" else f"{_GREETINGS[brief.tone]} there,"


def signoff(brief: Brief) -> str:
    """The sign-off, with the sender's name when the chat gave one (and, in a formal email,
    their role)."""
    words = _SIGNOFFS.get(brief.tone, "Best,")
    name = brief.sender or (f"%{brief.sender_var}%" if brief.sender_var else None)
    if name and brief.sender and brief.sender_role and brief.tone == "formal":
        name += f"\n{capitalized(brief.sender_role)}"
    return f"{words}\n{name}" if name else words


def _opener(brief: Brief) -> str:
    kind, angle, who = effective_kind(brief), brief.angle, audience(brief)
    place = f"at %{brief.company_var}%" if brief.company_var else "on your team"
    if kind == "follow_up":
        if angle:
            return f"Following up on my note about {angle}, in case it is a priority {place}."
        return "Following up on my last note, in case the timing is better now."
    if kind == "case_study":
        if brief.proof:
            target = f"%{brief.company_var}%" if brief.company_var else "your team"
            proof = brief.proof
            return f"{proof.customer} {proof.result}, and I thought the story might help {target}."
        topic = f" about {angle}" if angle else ""
        target = f"%{brief.company_var}%" if brief.company_var else "your team"
        return f"I wanted to share a short customer story{topic} that I think fits {target}."
    if kind == "break_up":
        topic = f" about {angle}" if angle else ""
        return (
            f"I've reached out a few times{topic} and haven't heard back, so I'll assume the "
            "timing isn't right."
        )
    if kind == "referral":
        return "Thanks again for being a customer; it means a lot to the whole team."
    if kind == "invite":
        topic = f" on {angle}" if angle else ""
        return f"We're hosting a small session{topic} for {who}, and I thought of you."
    if angle:
        return f"When I talk to {who}, {angle} comes up in almost every conversation."
    return f"I'm reaching out because we help {who} get more done without adding headcount."


def _value(brief: Brief) -> str:
    kind, angle = effective_kind(brief), brief.angle
    if kind == "break_up":
        return "If that changes, just reply to this email and I'll pick it up from there."
    if kind == "referral":
        what = f"the same value from {angle}" if angle else "the same value from what we do"
        return (
            f"We grow mostly through introductions: do you know one or two peers who'd get {what}?"
        )
    if kind == "invite":
        return "It's 30 minutes, no slides, and you'll leave with the playbook other teams use."
    if kind == "case_study" and angle:
        return (
            f"What made the difference was {angle}: they kept their tools and their process, "
            "and the busywork stopped landing on the team."
        )
    if kind == "case_study":
        return (
            "They kept their tools and their process; what changed was how much busywork "
            "landed on the team."
        )
    if angle:
        return (
            f"We help teams get {angle} right without adding headcount or another tool to manage."
        )
    return "Your team keeps its tools and its process; we take the busywork off its plate."


def _role(brief: Brief) -> str:
    if effective_kind(brief) == "break_up":
        place = f"%{brief.company_var}%" if brief.company_var else "your team"
        return f"And if someone else at {place} owns this, I'd be grateful for a pointer."
    if effective_kind(brief) == "referral":
        return "I'm happy to write the intro note for you, so it takes a minute at most."
    lead = f"As %{brief.role_var}%, you'd" if brief.role_var else "You'd"
    text = f"{lead} feel the difference in fewer fire drills at the end of the quarter."
    others = [a for a in brief.extras if a != brief.angle]
    if others:
        text += f" It also helps with {joined(others)}."
    return text


def _proof(brief: Brief) -> str:
    if brief.proof and effective_kind(brief) != "case_study":
        proof = brief.proof
        return f"{proof.customer} {proof.result}; happy to share exactly how they set it up."
    return "I can send a short write-up of how a team like yours set it up, if that's useful."


def joined(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def body_paragraphs(brief: Brief) -> list[str]:
    """The body's paragraphs, greeting and sign-off included; more the longer the brief asks."""
    paragraphs = [greeting(brief), _opener(brief)]
    for level, write in ((1, _value), (2, _role), (3, _proof)):
        if brief.length >= level:
            paragraphs.append(write(brief))
    if brief.length < 2 and brief.extras and effective_kind(brief) in ("intro", "follow_up"):
        paragraphs.append(f"It also helps with {joined(list(brief.extras))}.")
    paragraphs.append(call_to_action(brief))
    paragraphs.append(signoff(brief))
    if brief.ps:
        paragraphs.append(f"P.S. Happy to tell you more about {brief.ps}.")
    return paragraphs


def draft_body(brief: Brief) -> str:
    """The body template."""
    return "\n\n".join(body_paragraphs(brief))


def sample_values(lead: Mapping[str, str] | None, *templates: str) -> dict[str, str]:
    """Values for every variable in `templates`: the lead's, the sample lead's, or fallbacks."""
    values = dict(lead) if lead is not None else dict(SAMPLE_VALUES)
    for template in templates:
        for name in variable_names(template):
            values.setdefault(name, fallback_value(name))
    return values
