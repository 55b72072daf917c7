"""What the simulated LLM understood from the chat: the kind of email, who it is for and from,
its angle, proof, length, tone, ask and variables.

Pure functions of the transcript and the turn's context, so the same chat always reads the same.
A later message overrides an earlier one ("make it formal", then "friendlier"); angles pile up
("mention X too" adds X; "make it about Y instead" replaces the lead).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

DEFAULT_VARIABLES: Final = ("first_name", "company")
KINDS: Final = ("intro", "follow_up", "case_study", "break_up", "referral", "invite")

_KIND_PATTERNS: Final = (
    (
        "break_up",
        re.compile(r"\bbreak-?\s?up\b|\blast (?:step|email|touch)\b|close the loop", re.I),
    ),
    ("case_study", re.compile(r"\bcase[- ]stud(?:y|ies)\b|\b(?:customer|success) stor", re.I)),
    ("referral", re.compile(r"\breferr(?:al|als|ed)?\b|\brefer\b", re.I)),
    ("invite", re.compile(r"\b(?:webinar|invit(?:e|ation)|event|meetup|roundtable)\b", re.I)),
    ("follow_up", re.compile(r"\bfollow[- ]?up\b|\bnever (?:replied|answered)\b|\bbump\b", re.I)),
    ("intro", re.compile(r"\bintro(?:duction|ductory)?\b|\bcold (?:email|outreach)\b", re.I)),
)
_ANGLE = re.compile(
    r"\b(?:emphasi[sz](?:e|es|ing)|focus(?:ing)?\s+on|about|mention(?:ing)?|highlight(?:ing)?"
    r"|stress(?:ing)?|lead(?:ing)?\s+with|talk\s+about|angle:)\s+(?:our\s+|their\s+|an?\s+)?"
    r"([^,.;:!?\n]+)",
    re.IGNORECASE,
)
_ALSO = re.compile(r"\b(?:too|as well|also)\b", re.I)
_INSTEAD = re.compile(r"\binstead\b", re.I)
_AUDIENCE = re.compile(
    r"\b(?:for|targeting|aimed\s+at|addressed\s+to|to\s+reach)\s+([^,.;:!?\n]+)", re.I
)
_AUDIENCE_END = re.compile(
    r"\s+(?:emphasi[sz]ing|focusing|about|highlighting|mentioning|leading|stressing|and\s+"
    r"(?:keep|make|mention|end|add|sign)|with\s+a|in\s+a|so|please)\b.*$",
    re.I,
)
# Words that make a phrase an audience ("for enterprise VPs of Sales", not "for the last step").
# fmt: off
_PEOPLE: Final = frozenset({
    "vp", "head", "director", "manager", "leader", "founder", "ceo", "cfo", "cto", "cro", "cmo",
    "coo", "executive", "exec", "buyer", "prospect", "customer", "client", "user", "team",
    "rep", "sdr", "ae", "engineer", "marketer", "recruiter", "owner", "partner", "people",
    "folks", "admin", "analyst", "operator", "officer", "agency", "startup", "company",
    "account", "lead", "investor", "revops", "ops",
})
# fmt: on
_SENDER = re.compile(
    r"(?i:\b(?:it's\s+from|it\s+is\s+from|from|sender\s+is|signed\s+by|sign\s+it\s+(?:as|from)))"
    r"\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:\s*,\s*(?i:our|the|my)\s+([A-Za-z][\w &-]{0,30}?))?"
    r"\s*(?=[.,;!?]|$|\s+(?i:and|but)\b)"
)
_PROOF = re.compile(
    r"\b([A-Z][\w&.'-]*(?:\s[A-Z][\w&.'-]*)?)\s+((?:cut|reduced|halved|doubled|tripled|increased"
    r"|grew|saved|boosted|lifted|shortened|raised)\b[^,.;:!?\n]*)"
)
_NOT_CUSTOMERS: Final = frozenset({"We", "They", "It", "I", "You", "Our", "This", "That"})
_PS = re.compile(r"\bP\.?\s?S\.?\s+(?:about|on|mentioning|that mentions)\s+([^.;!?\n]+)", re.I)
_SHORTER = re.compile(r"\b(short(?:er)?|concise|brief(?:er)?|tight(?:er)?|trim|cut it)\b", re.I)
_LONGER = re.compile(r"\b(longer|more detail|expand|elaborate|fuller)\b", re.I)
_TONES: Final = (
    ("formal", re.compile(r"\b(formal|professional|polished)\b", re.I)),
    ("friendly", re.compile(r"\b(friendl(?:y|ier)|casual|warm(?:er)?|informal|relaxed)\b", re.I)),
    ("direct", re.compile(r"\b(direct|blunt|punch(?:y|ier)|bold)\b", re.I)),
)
_QUESTION_CTA = re.compile(
    r"\b(?:end|finish|close)\w*\s+(?:it\s+|the\s+email\s+)?(?:with|on)\s+a\s+question\b"
    r"|\b(?:as|into)\s+a\s+question\b",
    re.I,
)
_MEETING_CTA = re.compile(r"\b(?:demo|meeting|call)\b(?!\s+to\s+action)", re.I)
# A later message changes the kind of email only when it asks for a different email.
_REKIND = re.compile(r"\b(?:email|version|rewrite|turn it into|make it an?)\b", re.I)
_FILLER = re.compile(r"\s+(?:and|but|so|please|instead|too|as well|also|in the email)$", re.I)
# "mention X and keep it short": the angle ends where the next instruction starts.
_NEXT_INSTRUCTION = re.compile(
    r"\s+(?:and|but|then)\s+(?:keep|make|end|add|use|be|sound|start|include|write|cut|focus"
    r"|mention|put|drop|ask|sign)\b.*$",
    re.I,
)
_HOW_FAST = re.compile(r"^how (fast|quick|quickly|easy|simple|cheap) (.+?) (?:is|are|gets?)$", re.I)


@dataclass(frozen=True)
class Proof:
    """A customer result the user gave, e.g. Acme / cut sales ramp time in half."""

    customer: str
    result: str


@dataclass(frozen=True)
class Brief:
    """The drafting brief distilled from every user message so far."""

    goal: str
    kind: str  # one of KINDS
    audience: str | None  # None until the user says who it is for
    angle: str | None  # what leads the draft
    extras: tuple[str, ...]  # further points to mention
    length: int  # 0 (two lines) ... 3 (long); 2 is the default
    tone: str  # "neutral", "formal", "friendly" or "direct"
    cta: str | None  # "question" or "meeting" when asked for; None: the kind's default
    sender: str | None
    sender_role: str | None
    proof: Proof | None
    ps: str | None
    later_step: bool  # not the first email of the sequence
    greeting_var: str | None
    company_var: str | None
    role_var: str | None
    sender_var: str | None
    variables: tuple[str, ...]


def _angle_phrase(raw: str) -> str:
    phrase = _NEXT_INSTRUCTION.sub("", raw)
    phrase = _FILLER.sub("", " ".join(phrase.split()[:6])).strip(" '\"")
    how = _HOW_FAST.match(phrase)
    if how:  # "how fast onboarding is" reads as the noun phrase "fast onboarding"
        adjective = {"quickly": "fast", "quick": "fast"}.get(how.group(1).lower(), how.group(1))
        phrase = f"{adjective.lower()} {how.group(2)}"
    return phrase


def _angles_in(text: str) -> list[str]:
    text = _PS.sub("", text)
    found = []
    for match in _ANGLE.finditer(text):
        phrase = _angle_phrase(match.group(1))
        if phrase and not _SHORTER.search(phrase) and not _LONGER.search(phrase):
            found.append(phrase)
    return found


def asks_shorter(text: str) -> bool:
    """True when `text` asks for a shorter email."""
    return _SHORTER.search(text) is not None


def asks_longer(text: str) -> bool:
    """True when `text` asks for a longer email."""
    return _LONGER.search(text) is not None


def _is_people(word: str) -> bool:
    plain = word.lower().removesuffix("'s").strip(".,'\"()")
    singular = plain[:-3] + "y" if plain.endswith("ies") else plain.removesuffix("s")
    return plain in _PEOPLE or singular in _PEOPLE


def _audience_in(text: str) -> str | None:
    for match in _AUDIENCE.finditer(text):
        phrase = _AUDIENCE_END.sub("", match.group(1)).strip()
        words = phrase.split()[:10]
        if any(_is_people(word) for word in words):
            return " ".join(words)
    return None


def _kind_in(text: str) -> str | None:
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return None


def _pick(variables: Sequence[str], *hints: str, avoid: tuple[str, ...] = ()) -> str | None:
    for hint in hints:
        if hint in variables:
            return hint
    for hint in hints:
        for name in variables:
            lowered = name.lower()
            if hint in lowered and not any(word in lowered for word in avoid):
                return name
    return None


def _length(messages: Sequence[str]) -> int:
    length = 2
    for text in messages:
        length += len(_LONGER.findall(text)) - len(_SHORTER.findall(text))
        length = max(0, min(3, length))
    return length


def _latest_tone(messages: Sequence[str]) -> str:
    for text in reversed(messages):
        for name, pattern in _TONES:
            if pattern.search(text):
                return name
    return "neutral"


def _latest_cta(messages: Sequence[str]) -> str | None:
    for text in reversed(messages):
        if _QUESTION_CTA.search(text):
            return "question"
        if _MEETING_CTA.search(text):
            return "meeting"
    return None


def _overlap(one: str, other: str) -> bool:
    return one.lower() in other.lower() or other.lower() in one.lower()


def _read_angles(messages: Sequence[str]) -> tuple[str | None, tuple[str, ...]]:
    lead: str | None = None
    extras: list[str] = []
    for text in messages:
        for angle in _angles_in(text):
            if lead is not None and lead.lower() == angle.lower():
                continue
            known = [e for e in extras if e.lower() == angle.lower()]
            if lead is not None and _ALSO.search(text):
                extras += [] if known else [angle]
                continue
            extras = [e for e in extras if e not in known]  # "lead with X" promotes an extra
            if lead is not None and not _INSTEAD.search(text):
                extras.insert(0, lead)
            lead = angle
            # "onboarding" as the lead makes "fast onboarding" as an extra redundant.
            extras = [e for e in extras if not _overlap(e, angle)]
    return lead, tuple(extras)


def read_brief(
    user_messages: Sequence[str],
    variables: Sequence[str] | None,
    sequence_context: Mapping[str, object] | None,
) -> Brief:
    """The brief the chat amounts to; `variables` are the turn's `availableVarNames`."""
    names = tuple(dict.fromkeys(v for v in (variables or ()) if v)) or DEFAULT_VARIABLES
    kind, audience, sender, role, proof, ps = "intro", None, None, None, None, None
    for index, text in enumerate(user_messages):
        if index == 0 or _REKIND.search(text):
            kind = _kind_in(text) or kind
        audience = _audience_in(text) or audience
        found = _SENDER.search(text)
        if found:
            sender, role = found.group(1), found.group(2)
        for match in _PROOF.finditer(text):
            if match.group(1) not in _NOT_CUSTOMERS:
                proof = Proof(match.group(1), " ".join(match.group(2).split()))
        ps_match = _PS.search(text)
        if ps_match:
            ps = " ".join(ps_match.group(1).split()).rstrip()
    position = (sequence_context or {}).get("position")
    angle, extras = _read_angles(user_messages)
    return Brief(
        goal=" ".join(user_messages[0].split()) if user_messages else "",
        kind=kind,
        audience=audience,
        angle=angle,
        extras=extras,
        length=_length(user_messages),
        tone=_latest_tone(user_messages),
        cta=_latest_cta(user_messages),
        sender=sender,
        sender_role=role,
        proof=proof,
        ps=ps,
        later_step=isinstance(position, int) and not isinstance(position, bool) and position > 0,
        greeting_var=_pick(
            names, "first_name", "first", "name", avoid=("company", "sender", "last", "full")
        ),
        company_var=_pick(names, "company", "organization", "org", "account"),
        role_var=_pick(names, "position", "title", "role", "job", avoid=("sender",)),
        sender_var=_pick(names, "sender_first", "sender_name", "sender"),
        variables=names,
    )
