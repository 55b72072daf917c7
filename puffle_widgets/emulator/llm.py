"""The simulated framework LLM: deterministic, offline, and visibly sensitive to what is asked.

The first turn of a session without a skeleton answers with clarifying questions. Every later
turn revises the skeleton and the draft from the whole transcript, pushes the previous versions
onto the histories and bumps `framework_version`. Replies are light markdown. Generated examples
are kept when a turn revises the skeleton (the docs leave this open; PATCHing `skeleton` clears
them, as the docs say).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from puffle_widgets.emulator.brief import Brief, read_brief
from puffle_widgets.emulator.drafting import draft_body, draft_subject, skeleton
from puffle_widgets.models import TurnRequest

_TITLE_LENGTH = 60


def title_for(first_message: str) -> str:
    """A UI title from the first message: one line, at most about 60 characters."""
    text = " ".join(first_message.split()) or "Untitled email"
    if len(text) > _TITLE_LENGTH:
        text = text[:_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return text[:1].upper() + text[1:]


def _quote(text: str) -> str:
    plain = " ".join(text.replace("*", "").replace("_", " ").replace("`", "").split())
    return plain if len(plain) <= 80 else plain[:79] + "…"


def _variables(brief: Brief) -> str:
    return ", ".join(f"`%{name}%`" for name in brief.variables)


def clarifying_reply(brief: Brief) -> str:
    """The first answer: questions before any draft."""
    angle = brief.angle if brief.angles else "not set yet"
    return (
        "Thanks! Before I draft anything, a few quick questions:\n\n"
        f"1. **Who is the email from**, and what should {brief.audience} do after reading it?\n"
        "2. **What proof can I lean on?** A metric, a customer name or a result.\n"
        "3. **Which tone fits:** friendly, formal or direct?\n\n"
        f"So far I have **audience:** {brief.audience}; **angle:** {angle}. "
        f"I can personalize with {_variables(brief)}."
    )


def _change(before: Brief, after: Brief, message: str) -> str:
    if after.length < before.length:
        return "shorter, as asked"
    if after.length > before.length:
        return "longer, with more detail"
    if after.new_angles:
        return f"now leading with **{after.new_angles[-1]}**"
    if after.tone != before.tone:
        return f"the tone is now **{after.tone}**"
    return f"applied your note: *{_quote(message)}*"


def revision_reply(before: Brief, after: Brief, fields: Mapping[str, Any], message: str) -> str:
    """The answer to a turn that revised the framework."""
    version = fields["framework_version"]
    frame = fields["skeleton"]
    if version == 1:
        lead = f"Here is a first framework (**v1**) for {after.audience}."
    else:
        lead = f"Updated the framework to **v{version}**: {_change(before, after, message)}."
    return (
        f"{lead}\n\n"
        f"- **Hook:** {frame['hook']}\n"
        f"- **Value:** {frame['value_prop']}\n"
        f"- **CTA:** {frame['cta']}\n\n"
        f"**Subject:** {frame['exampleSubject']}\n\n"
        "Want it shorter, more formal, or built around another angle?"
    )


def _revise(
    session: Mapping[str, Any], brief: Brief, lead: Mapping[str, str] | None, now: str
) -> dict[str, Any]:
    old_version = session.get("framework_version") or 0
    old_skeleton = session.get("skeleton")
    skeleton_history = list(session.get("skeleton_history") or [])
    if old_skeleton is not None:
        skeleton_history.append({"version": old_version, "skeleton": old_skeleton, "at": now})
    draft_history = list(session.get("draft_history") or [])
    old_subject, old_body = session.get("draft_subject"), session.get("draft_body")
    if old_subject is not None or old_body is not None:
        entry = {"version": old_version, "subject": old_subject, "body": old_body, "at": now}
        draft_history.append(entry)
    return {
        "skeleton": skeleton(brief, lead),
        "draft_subject": draft_subject(brief),
        "draft_body": draft_body(brief),
        "skeleton_history": skeleton_history,
        "draft_history": draft_history,
        "framework_version": old_version + 1,
    }


def _user_messages(messages: Sequence[Any], fallback: str) -> list[str]:
    texts = [
        m["content"]
        for m in messages
        if isinstance(m, Mapping) and m.get("role") == "user" and isinstance(m.get("content"), str)
    ]
    return texts or [fallback]


def chat_turn(session: Mapping[str, Any], request: TurnRequest, now: str) -> dict[str, Any]:
    """The fields a finished turn writes; `session` already holds the user's message."""
    messages = list(session.get("messages") or [])
    texts = _user_messages(messages, request.message)
    context = request.sequence_context.to_wire() if request.sequence_context else None
    brief = read_brief(texts, request.available_var_names, context)
    fields: dict[str, Any] = {}
    if session.get("title") is None:
        fields["title"] = title_for(texts[0])
    if session.get("skeleton") is None and len(texts) <= 1:
        reply = clarifying_reply(brief)
    else:
        leads = request.sample_leads or []
        lead = leads[0].variables() if leads else None
        fields |= _revise(session, brief, lead, now)
        before = read_brief(texts[:-1], request.available_var_names, context)
        reply = revision_reply(before, brief, fields, texts[-1])
    fields["messages"] = [*messages, {"role": "assistant", "content": reply}]
    return fields
