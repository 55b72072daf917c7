"""Promote: copy a variant's subject, body and skeleton onto a real session, losing no edit.

The rules of `SessionWidget.save`, for a session the lab itself does not show:

* a `SessionWidget` given as the target must have no unsaved edits of those fields (save or
  revert them first), and its last snapshot is what the user saw;
* the target must be idle: a running task would overwrite the promote, so it is waited for;
* its subject, body and skeleton must still be what the caller last saw (`expected=`, a
  `Session` or a dict of those fields; else a read at the start of the promote). A read just
  before the PATCH checks again (compare-and-set). Any difference raises `DraftConflictError`
  naming the fields, and nothing is written.

The API has no conditional write: a change landing between that last read and the PATCH cannot
be seen, a window of one request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from puffle_widgets.client import Sessions
from puffle_widgets.errors import DraftConflictError
from puffle_widgets.models import Session, check_uuid

if TYPE_CHECKING:
    from puffle_widgets.lab.result import VariantResult

PROMOTED_FIELDS: Final = ("draft_subject", "draft_body", "skeleton")


def draft_fields(source: Session | Mapping[str, Any]) -> dict[str, Any]:
    """The promoted fields of a session (or of a dict holding them)."""
    if isinstance(source, Session):
        return {name: getattr(source, name) for name in PROMOTED_FIELDS}
    if not isinstance(source, Mapping):
        raise TypeError(
            "expected must be a Session or a dict of draft_subject, draft_body and skeleton, "
            f"got {type(source).__name__}."
        )
    return {name: source.get(name) for name in PROMOTED_FIELDS}


def moved_fields(seen: Mapping[str, Any], current: Session) -> list[str]:
    """The promoted fields whose value on the server is no longer the one seen."""
    now = draft_fields(current)
    return [name for name in PROMOTED_FIELDS if now[name] != seen.get(name)]


def unsaved_conflict(session_id: str, fields: list[str]) -> DraftConflictError:
    """The error for a target whose widget holds unsaved edits."""
    return DraftConflictError(
        f"Not promoted: the SessionWidget of session {session_id} has unsaved edits of "
        f"{', '.join(fields)}. Save or revert them, then promote again.",
        fields=fields,
    )


def _conflict(session_id: str, fields: list[str]) -> DraftConflictError:
    return DraftConflictError(
        f"Not promoted: session {session_id} changed {', '.join(fields)} since it was last "
        "seen. Look at it (e.g. in a SessionWidget), then promote again; pass expected= with "
        "the session you looked at.",
        fields=fields,
    )


def promote_variant(
    sessions: Sessions,
    variant: VariantResult,
    session_id: str,
    *,
    expected: Session | Mapping[str, Any] | None = None,
) -> Session:
    """Write the variant's draft onto `session_id` under the rules above; the saved session."""
    check_uuid(session_id, "session id")
    if variant.session is None or not variant.has_draft:
        raise ValueError(
            f"Variant {variant.name} has no draft to promote (it is {variant.status})."
        )
    if session_id == variant.session_id:
        raise ValueError(f"Session {session_id} is variant {variant.name}'s own lab session.")
    seen = draft_fields(expected) if expected is not None else None
    first = sessions.get(session_id)
    if seen is None:
        seen = draft_fields(first)
    current = sessions.wait(session_id) if first.is_busy else first
    moved = moved_fields(seen, current)
    if not moved:
        latest = sessions.get(session_id)  # compare-and-set: read again just before writing
        moved = moved_fields(seen, latest) or (list(PROMOTED_FIELDS) if latest.is_busy else [])
    if moved:
        raise _conflict(session_id, moved)
    fields = {k: v for k, v in draft_fields(variant.session).items() if v is not None}
    saved = sessions.update(session_id, **fields)
    variant.promoted_to.append(session_id)
    return saved
