"""What the simulated LLM understood from the chat: audience, angles, length, tone, variables.

Pure functions of the transcript and the turn's context, so the same chat always reads the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

DEFAULT_VARIABLES: Final = ("first_name", "company")
DEFAULT_AUDIENCE: Final = "your prospects"
DEFAULT_ANGLE: Final = "a faster path to results"

_ANGLE = re.compile(
    r"\b(?:emphasi[sz](?:e|es|ing)|focus(?:ing)?\s+on|about|mention(?:ing)?|highlight(?:ing)?"
    r"|stress(?:ing)?|lead\s+with|talk\s+about)\s+(?:our\s+|the\s+|their\s+|a\s+)?"
    r"([^,.;:!?\n]+)",
    re.IGNORECASE,
)
_AUDIENCE = re.compile(
    r"\b(?:for|targeting|aimed\s+at)\s+((?:[A-Za-z0-9&/'-]+\s?){1,6})", re.IGNORECASE
)
_SHORTER = re.compile(r"\b(short(?:er)?|concise|brief(?:er)?|tight(?:er)?|trim|cut)\b", re.I)
_LONGER = re.compile(r"\b(longer|more detail|expand|elaborate|fuller)\b", re.I)
_TONES: Final = (
    ("formal", re.compile(r"\b(formal|professional|polished)\b", re.I)),
    ("friendly", re.compile(r"\b(friendly|casual|warm|informal|relaxed)\b", re.I)),
    ("direct", re.compile(r"\b(direct|blunt|punch(?:y|ier)|bold)\b", re.I)),
)
_QUESTION_CTA = re.compile(r"\b(question|ask)\b", re.I)
_MEETING_CTA = re.compile(r"\b(demo|meeting|call)\b", re.I)
_FILLER = re.compile(r"\s+(?:and|but|so|please|instead|too|as well)$", re.I)
# "mention X and keep it short": the angle ends where the next instruction starts.
_NEXT_INSTRUCTION = re.compile(
    r"\s+(?:and|but|then)\s+(?:keep|make|end|add|use|be|sound|start|include|write|cut|focus"
    r"|mention|put|drop|ask)\b.*$",
    re.I,
)


@dataclass(frozen=True)
class Brief:
    """The drafting brief distilled from every user message so far."""

    goal: str
    audience: str
    angles: tuple[str, ...]  # oldest first; the last one leads the draft
    new_angles: tuple[str, ...]  # the angles the latest message brought up
    length: int  # 0 (two lines) ... 3 (long); 2 is the default
    tone: str  # "neutral", "formal", "friendly" or "direct"
    cta: str
    follow_up: bool  # not the first email of the sequence
    greeting_var: str | None
    company_var: str | None
    role_var: str | None
    variables: tuple[str, ...]

    @property
    def angle(self) -> str:
        """The angle that leads the draft."""
        return self.angles[-1] if self.angles else DEFAULT_ANGLE


def _angles_in(text: str) -> list[str]:
    found = []
    for match in _ANGLE.finditer(text):
        phrase = _NEXT_INSTRUCTION.sub("", match.group(1))
        phrase = _FILLER.sub("", " ".join(phrase.split()[:6])).strip(" '\"")
        if phrase and not _SHORTER.fullmatch(phrase) and not _LONGER.fullmatch(phrase):
            found.append(phrase)
    return found


def _pick(variables: Sequence[str], *hints: str) -> str | None:
    for hint in hints:
        if hint in variables:
            return hint
    for hint in hints:
        for name in variables:
            if hint in name.lower():
                return name
    return None


def _length(messages: Sequence[str]) -> int:
    length = 2
    for text in messages:
        length += len(_LONGER.findall(text)) - len(_SHORTER.findall(text))
        length = max(0, min(3, length))
    return length


def _latest(messages: Sequence[str], patterns: Sequence[tuple[str, re.Pattern[str]]]) -> str:
    for text in reversed(messages):
        for name, pattern in patterns:
            if pattern.search(text):
                return name
    return "neutral"


def read_brief(
    user_messages: Sequence[str],
    variables: Sequence[str] | None,
    sequence_context: Mapping[str, Any] | None,
) -> Brief:
    """The brief the chat amounts to; `variables` are the turn's `availableVarNames`."""
    names = tuple(dict.fromkeys(v for v in (variables or ()) if v)) or DEFAULT_VARIABLES
    goal = " ".join(user_messages[0].split()) if user_messages else ""
    audience = DEFAULT_AUDIENCE
    for text in user_messages:
        match = _AUDIENCE.search(text)
        if match:
            audience = match.group(1).strip()
            break
    angles: list[str] = []
    for text in user_messages:
        for angle in _angles_in(text):
            angles = [a for a in angles if a.lower() != angle.lower()] + [angle]
    latest = user_messages[-1] if user_messages else ""
    cta = "Worth a quick chat next week?"
    for text in reversed(user_messages):
        if _QUESTION_CTA.search(text):
            cta = "Is this on your radar this quarter?"
            break
        if _MEETING_CTA.search(text):
            cta = "Open to a 15-minute demo next week?"
            break
    position = (sequence_context or {}).get("position")
    return Brief(
        goal=goal,
        audience=audience,
        angles=tuple(angles),
        new_angles=tuple(_angles_in(latest)),
        length=_length(user_messages),
        tone=_latest(user_messages, _TONES),
        cta=cta,
        follow_up=isinstance(position, int) and position > 0,
        greeting_var=_pick(names, "first_name", "first", "name"),
        company_var=_pick(names, "company", "organization", "org", "account"),
        role_var=_pick(names, "position", "title", "role", "job"),
        variables=names,
    )
