"""What the simulated LLM says: questions first, then a draft, then what each turn changed.

A reply claims only what the turn did: every change it lists is checked against the old and the
new text, and what did not change is said to be unchanged. Replies are light markdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from puffle_widgets.emulator.brief import Brief, asks_longer, asks_shorter
from puffle_widgets.emulator.drafting import (
    KIND_LABELS,
    audience,
    call_to_action,
    greeting,
    joined,
    signoff,
)


@dataclass(frozen=True)
class Revision:
    """One turn's before and after: the briefs, the drafts, and what the turn did."""

    before: Brief
    after: Brief
    old: Mapping[str, Any]  # the row before the turn
    new: Mapping[str, Any]  # the fields the turn writes
    replaced_edits: tuple[str, ...]  # "subject"/"body" hand edits this turn replaced

    def changed(self, field: str) -> bool:
        """True when the turn writes a different `field` than the row had."""
        return field in self.new and self.new[field] != self.old.get(field)


def _quoted(text: str) -> str:
    return f"“{' '.join(text.split())}”"


def _variables(brief: Brief) -> str:
    return ", ".join(f"`%{name}%`" for name in brief.variables)


def clarifying_reply(brief: Brief) -> str:
    """The first answer: questions before any draft, only about what the chat left open."""
    questions = []
    if brief.sender is None:
        questions.append("**Who is it from?** A name and role for the sign-off.")
    if brief.audience is None:
        questions.append(
            "**Who is it for?** A role or segment, e.g. “heads of RevOps at mid-size SaaS”."
        )
    else:
        questions.append(
            f"**What should {brief.audience} do after reading it?** Reply, book a call, "
            "or forward it to the right person?"
        )
    if brief.proof is None:
        questions.append("**What proof can I lean on?** A metric, a customer name or a result.")
    if brief.tone == "neutral":
        questions.append("**Which tone fits:** friendly, formal or direct?")
    numbered = "\n".join(f"{index}. {text}" for index, text in enumerate(questions, 1))
    kind = KIND_LABELS[brief.kind]
    article = "an" if kind[0] in "aeiou" else "a"
    summary = f"So far: {article} **{kind}** for **{brief.audience or 'an audience to be named'}**"
    if brief.angle:
        summary += f", leading with **{brief.angle}**"
    return (
        f"Happy to help with this {kind}. Before I draft anything, a few quick questions:\n\n"
        f"{numbered}\n\n{summary}. I can personalize with {_variables(brief)}.\n\n"
        "Answer what you like, or say “go ahead” and I'll draft with sensible defaults."
    )


def first_draft_reply(brief: Brief, skeleton: Mapping[str, Any], version: int) -> str:
    """The answer to the turn that wrote the first draft."""
    kind = KIND_LABELS[brief.kind]
    defaults = []
    if brief.sender is None and brief.sender_var is None:
        defaults.append("no name in the sign-off yet")
    if brief.audience is None:
        defaults.append("written for teams like yours")
    if brief.angle is None and brief.proof is None:
        defaults.append("no particular angle")
    assumed = ""
    if defaults:
        assumed = f"\n\nWhere the chat said nothing I kept it plain: {', '.join(defaults)}."
    return (
        f"Here is a first draft of the {kind} for {audience(brief)} (framework **v{version}**).\n\n"
        f"**Subject:** {skeleton['exampleSubject']}\n\n"
        f"- **Hook:** {skeleton['hook']}\n"
        f"- **Value:** {skeleton['value_prop']}\n"
        f"- **CTA:** {skeleton['cta']}"
        f"{assumed}\n\n"
        "Want it shorter, more formal, or built around another angle?"
    )


def _words(text: object) -> int:
    return len(str(text or "").split())


def _in_new(revision: Revision, phrase: str | None) -> bool:
    """`phrase` appears in the new draft and did not in the old one."""
    if not phrase:
        return False
    new = f"{revision.new.get('draft_subject', '')}\n{revision.new.get('draft_body', '')}"
    old = f"{revision.old.get('draft_subject') or ''}\n{revision.old.get('draft_body') or ''}"
    return phrase.lower() in new.lower() and phrase.lower() not in old.lower()


def _body_changes(revision: Revision) -> list[str]:
    before, after = revision.before, revision.after
    old_body = str(revision.old.get("draft_body") or "")
    new_body = str(revision.new.get("draft_body") or "")
    changes = []
    if after.kind != before.kind:
        changes.append(f"Rewrote it as a {KIND_LABELS[after.kind]}.")
    if after.audience != before.audience and _in_new(revision, after.audience):
        changes.append(f"It is now written for **{after.audience}**.")
    if after.angle and after.angle != before.angle and after.angle.lower() in new_body.lower():
        verb = "mentions" if after.kind in ("case_study", "referral") else "leads with"
        changes.append(f"It now {verb} **{after.angle}**.")
    changes += [
        f"It also mentions **{extra}**."
        for extra in after.extras
        if extra not in before.extras and extra != before.angle and _in_new(revision, extra)
    ]
    opens, closes = greeting(after), signoff(after).split("\n")[0]
    if after.tone != before.tone and (
        (opens != greeting(before) and opens in new_body and opens not in old_body)
        or (closes != signoff(before).split("\n")[0] and closes not in old_body)
    ):
        sign = closes
        changes.append(
            f"The tone is now {after.tone}: it opens {_quoted(opens)} "
            f"and signs off {_quoted(sign)}."
        )
    old_words, new_words = _words(old_body), _words(new_body)
    if after.length < before.length and new_words < old_words:
        changes.append(f"Made the body shorter: {old_words} → {new_words} words.")
    if after.length > before.length and new_words > old_words:
        changes.append(f"Made the body longer, with more detail: {old_words} → {new_words} words.")
    cta = call_to_action(after)
    if cta != call_to_action(before) and cta in new_body and cta not in old_body:
        what = "a question" if cta.endswith("?") else "a new ask"
        changes.append(f"It now ends with {what}: {_quoted(cta)}")
    if after.sender != before.sender and _in_new(revision, after.sender):
        changes.append(f"Signed it from {after.sender}.")
    if after.proof != before.proof and after.proof and _in_new(revision, after.proof.result):
        changes.append(f"Added {after.proof.customer}'s result as proof.")
    if after.ps != before.ps and _in_new(revision, after.ps):
        changes.append(f"Added a P.S. about {after.ps}.")
    if after.later_step != before.later_step and "Following up" in new_body:
        changes.append("It now reads as a follow-up to the earlier email of the sequence.")
    return changes or ["Reworked the body."]


_SKELETON_PARTS = (
    ("hook", "hook"),
    ("value_prop", "value"),
    ("cta", "call to action"),
    ("body", "structure"),
    ("blocks", "blocks"),
    ("exampleSubject", "example"),
    ("exampleBody", "example"),
)


def _skeleton_parts(revision: Revision) -> list[str]:
    old = revision.old.get("skeleton") or {}
    new = revision.new.get("skeleton") or {}
    parts = [name for key, name in _SKELETON_PARTS if old.get(key) != new.get(key)]
    return list(dict.fromkeys(parts)) or ["details"]


def revision_reply(revision: Revision, version: int) -> str:
    """The answer to a turn that changed the draft or the framework (now `version`)."""
    lines = []
    if revision.changed("draft_subject"):
        lines.append(f"New subject: {_quoted(str(revision.new['draft_subject']))}")
    if revision.changed("draft_body"):
        lines += _body_changes(revision)
    for field in revision.replaced_edits:
        lines.append(
            f"This replaced your own edits to the {field}; they are kept in History "
            f"(v{version - 1})."
        )
    unchanged = [
        name
        for name, field in (("subject", "draft_subject"), ("body", "draft_body"))
        if not revision.changed(field)
    ]
    if not lines:
        parts = _skeleton_parts(revision)
        lines.append(f"Updated the framework's {joined(parts)}; the draft itself is unchanged.")
        unchanged = []
    note = ""
    if unchanged:
        verb = "is" if len(unchanged) == 1 else "are"
        note = f"\n\nThe {' and the '.join(unchanged)} {verb} unchanged."
    bullets = "\n".join(f"- {line}" for line in lines)
    return f"Updated the draft (framework **v{version}**):\n\n{bullets}{note}"


def unchanged_reply(before: Brief, after: Brief, message: str, version: int | None) -> str:
    """The answer to a turn that changed nothing: say so, and say what would."""
    current = f" (still framework **v{version}**)" if version else ""
    if asks_shorter(message) and after.length == 0:
        reason = "It is already as short as I can make it and keep the ask"
    elif asks_longer(message) and after.length == 3:
        reason = "It is already as long as a cold email should be"
    elif after == before:
        reason = "I didn't find a change to make in that message"
    else:
        reason = "That doesn't change the draft as it stands"
    return (
        f"{reason}, so I left the draft as it is{current}. Tell me what to adjust: the length, "
        "the tone, the angle, the ask, or who it's from."
    )
