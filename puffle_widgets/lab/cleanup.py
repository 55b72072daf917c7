"""Lab sessions are marked by a title prefix, so they can be told apart and removed.

Right after creating a session the lab sets its title to `[lab] NAME · first message`. The mark
is what `PromptLab.cleanup(campaign_id)` looks for after a kernel restart; it deletes a session
only when its title starts with the mark, and never any other. `lab.delete_sessions()` deletes
the sessions its own runs created, and of those only the ones still marked (or never marked, when
marking failed): a lab session you renamed (to keep it) stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from puffle_widgets.client import Sessions
from puffle_widgets.errors import NotFoundError, PuffleError
from puffle_widgets.models import Session

if TYPE_CHECKING:
    from puffle_widgets.lab.result import VariantResult

LAB_PREFIX: Final = "[lab] "
_EXCERPT: Final = 60


def lab_title(variant: VariantResult) -> str:
    """`[lab] B · Write an intro email for VPs of Sales`: the mark, the variant, its start."""
    first = " ".join(variant.messages[0].split())
    if len(first) > _EXCERPT:
        first = first[: _EXCERPT - 1] + "…"
    return f"{LAB_PREFIX}{variant.name} · {first}"


def is_lab_session(session: Session) -> bool:
    """Whether the session carries the lab's mark."""
    return (session.title or "").startswith(LAB_PREFIX)


@dataclass
class CleanupReport:
    """What a cleanup did: sessions `deleted`, lab sessions `kept` because their mark was
    removed, and `failed` ones with the error (try again later)."""

    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"CleanupReport(deleted={len(self.deleted)}, kept={self.kept}, "
            f"failed={list(self.failed)})"
        )


def _delete(sessions: Sessions, session_id: str, report: CleanupReport) -> None:
    try:
        sessions.delete(session_id)
    except NotFoundError:
        pass  # gone already: nothing of it is left to remove
    except PuffleError as exc:
        report.failed[session_id] = str(exc)
        return
    report.deleted.append(session_id)


def delete_marked(sessions: Sessions, campaign_id: str) -> CleanupReport:
    """Delete every session of the campaign whose title carries the lab's mark."""
    report = CleanupReport()
    for session in sessions.list(campaign_id):
        if is_lab_session(session):
            _delete(sessions, session.id, report)
    return report


def delete_created(
    sessions: Sessions, campaign_id: str, created: Mapping[str, bool]
) -> CleanupReport:
    """Delete the sessions in `created` (id -> whether the lab marked it) that still carry the
    mark, or that the lab never got to mark; keep the others."""
    report = CleanupReport()
    for session in sessions.list(campaign_id):
        if session.id not in created:
            continue
        if is_lab_session(session) or not created[session.id]:
            _delete(sessions, session.id, report)
        else:
            report.kept.append(session.id)
    return report
