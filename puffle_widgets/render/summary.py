"""A session in one line of plain text, for text/plain reprs, logs and lists."""

from __future__ import annotations

from puffle_widgets.models import Session
from puffle_widgets.render.formatting import one_line, plural, status_key, truncate

TITLE_LIMIT = 60
SUBJECT_LIMIT = 60


def session_summary(session: Session) -> str:
    """`Session 'Intro email' (idle) · 4 messages · framework v2 · subject: …` on one line."""
    title = one_line(session.title or "")
    name = f"'{truncate(title, TITLE_LIMIT)}'" if title else "(untitled)"
    parts = [f"Session {name} ({one_line(status_key(session.task_status))})"]
    parts.append(plural(len(session.transcript), "message"))
    if session.framework_version is not None:
        parts.append(f"framework v{session.framework_version}")
    subject = one_line(session.draft_subject or "")
    if subject:
        parts.append(f"subject: {truncate(subject, SUBJECT_LIMIT)}")
    if session.examples:
        parts.append(plural(len(session.examples), "example"))
    return " · ".join(parts)
