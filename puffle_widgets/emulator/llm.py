"""The simulated framework LLM: deterministic, offline, and visibly shaped by what is asked.

The first turn of a session without a skeleton answers with clarifying questions. Every later
turn reads the whole transcript again and rewrites what the brief changed:

* A part of the draft (subject, body) whose generated text did not move is left as it is, hand
  edits included; a part that did move is rewritten, and the reply says so (and says when that
  replaced the user's own edits, which stay in `draft_history`).
* A turn that changes the draft or the skeleton bumps `framework_version` and pushes the
  previous versions onto the histories: `draft_history` gets `{version, subject, body, at}` only
  when the subject or body changed, `skeleton_history` gets `{version, skeleton, at}` only when
  the skeleton changed. So an entry of version N says that part changed from vN to vN+1.
* A turn that changes nothing says so and bumps nothing.

Generated examples are kept when a turn revises the skeleton (the docs leave this open; PATCHing
`skeleton` clears them, as the docs say).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from puffle_widgets.emulator.brief import Brief, read_brief
from puffle_widgets.emulator.drafting import draft_body, draft_subject
from puffle_widgets.emulator.framework import skeleton
from puffle_widgets.emulator.replies import (
    Revision,
    clarifying_reply,
    first_draft_reply,
    revision_reply,
    unchanged_reply,
)
from puffle_widgets.models import TurnRequest

_TITLE_LENGTH = 60

# What the LLM itself last wrote, {"subject": ..., "body": ...}: a draft that differs from it
# was edited by hand.
Written = dict[str, str]


def title_for(first_message: str) -> str:
    """A UI title from the first message: one line, at most about 60 characters."""
    text = " ".join(first_message.split()) or "Untitled email"
    if len(text) > _TITLE_LENGTH:
        text = text[:_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return text[:1].upper() + text[1:]


def _user_messages(messages: Sequence[Any], fallback: str) -> list[str]:
    texts = [
        m["content"]
        for m in messages
        if isinstance(m, Mapping) and m.get("role") == "user" and isinstance(m.get("content"), str)
    ]
    return texts or [fallback]


def _merge(current: str | None, last_written: str | None, generated: str) -> tuple[str, bool]:
    """The new value of a draft part, and whether it replaced a hand edit."""
    if current is None:
        return generated, False
    if generated == last_written:
        return current, False
    return generated, last_written is not None and current != last_written


def _revise(
    session: Mapping[str, Any],
    brief: Brief,
    before: Brief,
    lead: Mapping[str, str] | None,
    written: Written | None,
    message: str,
    now: str,
) -> dict[str, Any]:
    """The fields of a revising turn (messages aside); only `messages` when nothing changed."""
    old_subject, old_body = session.get("draft_subject"), session.get("draft_body")
    last = written or {"subject": old_subject or "", "body": old_body or ""}
    subject, subject_edit = _merge(old_subject, last.get("subject"), draft_subject(brief))
    body, body_edit = _merge(old_body, last.get("body"), draft_body(brief))
    frame = skeleton(brief, lead, subject, body)
    old_version = session.get("framework_version") or 0
    old_skeleton = session.get("skeleton")
    draft_moved = (subject, body) != (old_subject, old_body)
    if not draft_moved and frame == old_skeleton:
        version = session.get("framework_version")
        return {"reply": unchanged_reply(before, brief, message, version)}
    version = old_version + 1
    skeleton_history = list(session.get("skeleton_history") or [])
    if old_skeleton is not None and frame != old_skeleton:
        skeleton_history.append({"version": old_version, "skeleton": old_skeleton, "at": now})
    draft_history = list(session.get("draft_history") or [])
    if draft_moved and (old_subject is not None or old_body is not None):
        entry = {"version": old_version, "subject": old_subject, "body": old_body, "at": now}
        draft_history.append(entry)
    fields: dict[str, Any] = {
        "skeleton": frame,
        "draft_subject": subject,
        "draft_body": body,
        "skeleton_history": skeleton_history,
        "draft_history": draft_history,
        "framework_version": version,
    }
    if old_skeleton is None:
        fields["reply"] = first_draft_reply(brief, frame, version)
    else:
        edits = tuple(
            name
            for name, edited, moved in (
                ("subject", subject_edit, subject != old_subject),
                ("body", body_edit, body != old_body),
            )
            if edited and moved
        )
        fields["reply"] = revision_reply(Revision(before, brief, session, fields, edits), version)
    return fields


def chat_turn(
    session: Mapping[str, Any], request: TurnRequest, now: str, written: Written | None = None
) -> tuple[dict[str, Any], Written | None]:
    """The fields a finished turn writes, and what the LLM wrote this time (None: no draft).

    `session` already holds the user's message; `written` is what the LLM wrote last time.
    """
    messages = list(session.get("messages") or [])
    texts = _user_messages(messages, request.message)
    names = request.available_var_names
    context = request.sequence_context.to_wire() if request.sequence_context else None
    brief = read_brief(texts, names, context)
    fields: dict[str, Any] = {}
    if session.get("title") is None:
        fields["title"] = title_for(texts[0])
    if session.get("skeleton") is None and len(texts) <= 1:
        reply = clarifying_reply(brief)
        now_written = written
    else:
        leads = request.sample_leads or []
        lead = leads[0].variables() if leads else None
        before = read_brief(texts[:-1], names, context)
        revised = _revise(session, brief, before, lead, written, texts[-1], now)
        reply = revised.pop("reply")
        fields |= revised
        now_written = {"subject": draft_subject(brief), "body": draft_body(brief)}
    fields["messages"] = [*messages, {"role": "assistant", "content": reply}]
    return fields, now_written
