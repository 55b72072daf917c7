"""The soak's end checks, once the faults stopped and the widgets settled: no turn claimed twice,
no message or edit lost, every widget showing what the server holds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from puffle_widgets import Session, SessionWidget
from tests.soak.driver import Soak

ACTIVE = ("queued", "sending", "checking")


def server_row(soak: Soak, session_id: str) -> Session:
    """The emulator's row, as the API returns it."""
    return Session.model_validate(soak.emulator.get_session(session_id))


def user_texts(session: Session) -> list[str]:
    """The user messages of a transcript."""
    return [
        m.content for m in session.transcript if m.role == "user" and isinstance(m.content, str)
    ]


@dataclass
class Outcome:
    """What the checks found; each list holds one line per problem."""

    messages: Counter[str] = field(default_factory=Counter)  # sent, in transcript, failed...
    edits: Counter[str] = field(default_factory=Counter)  # tracked, kept, saved
    duplicates: list[str] = field(default_factory=list)
    lost_messages: list[str] = field(default_factory=list)
    stuck_outbox: list[str] = field(default_factory=list)
    lost_edits: list[str] = field(default_factory=list)
    diverged: list[str] = field(default_factory=list)
    converged: int = 0
    compared: int = 0


def _duplicates(soak: Soak, rows: dict[str, Session], outcome: Outcome) -> None:
    counts: Counter[str] = Counter()
    for row in rows.values():
        for text in user_texts(row):
            counts[text] += 1
    for text, n in counts.items():
        if n > 1 and "(soak #" in text:
            outcome.duplicates.append(f"{text!r} is {n} times in the transcript")
    for text, posts in soak.ledger.turn_posts.items():
        if "(soak #" not in text:
            continue  # the set-up's turns, sent to several sessions
        accepted = [i for i, (status, _fault) in enumerate(posts) if status == 202]
        if accepted and accepted[0] < len(posts) - 1:
            outcome.duplicates.append(
                f"{text!r} was POSTed again after it was accepted: {posts[accepted[0] :]}"
            )


def _messages(soak: Soak, rows: dict[str, Session], outcome: Outcome) -> None:
    for sent in soak.ledger.sent:
        widget = soak.widgets[sent.widget]
        outcome.messages["sent"] += 1
        if sent.text in user_texts(rows[sent.session_id]):
            outcome.messages["in the transcript"] += 1
            continue
        entries = [e for e in widget.outbox if e["text"] == sent.text]
        states = [e["state"] for e in entries]
        if "failed" in states:
            outcome.messages["failed, with Retry"] += 1
        elif sent.cancelled:
            outcome.messages["discarded by the user"] += 1
        else:
            outcome.lost_messages.append(
                f"{sent.how} message {sent.text!r} to widget {sent.widget}: not in the "
                f"transcript, outbox states {states}"
            )
    for index, widget in enumerate(soak.widgets):
        for entry in widget.outbox:
            if entry["state"] in ACTIVE:
                outcome.stuck_outbox.append(
                    f"widget {index}: {entry['text']!r} still {entry['state']}"
                )


def _edits(soak: Soak, rows: dict[str, Session], outcome: Outcome) -> None:
    for edit in soak.ledger.edits.values():
        widget = soak.widgets[edit.widget]
        outcome.edits["tracked"] += 1
        server: Any = getattr(rows[edit.session_id], edit.field)
        if getattr(widget, edit.field) == edit.value:
            outcome.edits["still in the editor"] += 1
        elif (
            server == edit.value or edit.value in soak.ledger.written[(edit.session_id, edit.field)]
        ):
            outcome.edits["saved"] += 1
        else:
            outcome.lost_edits.append(
                f"widget {edit.widget} {edit.field}: {edit.value!r} is neither in the editor "
                f"({getattr(widget, edit.field)!r}) nor was it ever saved"
            )


def _converged(widget: SessionWidget, row: Session) -> bool:
    shown = widget.session
    return shown is not None and shown.model_dump(mode="json") == row.model_dump(mode="json")


def diverged(soak: Soak) -> list[str]:
    """The widgets whose snapshot is not the server's row (empty once all converged)."""
    found = []
    for index, widget in enumerate(soak.widgets):
        row = server_row(soak, widget.session_id)
        if not _converged(widget, row):
            shown = widget.session
            found.append(
                f"widget {index} ({widget.status}): shows "
                f"{None if shown is None else (shown.updated_at, shown.task_status)}, server has "
                f"{(row.updated_at, row.task_status)}"
            )
    return found


def check(soak: Soak) -> Outcome:
    """Every end check; call once the widgets settled and the log was read to its end."""
    outcome = Outcome()
    rows = {session_id: server_row(soak, session_id) for session_id in soak.session_ids}
    _duplicates(soak, rows, outcome)
    _messages(soak, rows, outcome)
    _edits(soak, rows, outcome)
    outcome.diverged = diverged(soak)
    outcome.compared = len(soak.widgets)
    outcome.converged = outcome.compared - len(outcome.diverged)
    return outcome
