"""How a server snapshot maps onto the widget's traits, without touching the network."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from puffle_widgets.models import Session

OpKind = Literal["turn", "generate_examples", "save"]


@dataclass(frozen=True)
class Op:
    """An action waiting for the session to be idle."""

    kind: OpKind
    args: dict[str, Any] = field(default_factory=dict)


# Traits that mirror the server row one to one (the editable ones go through _drafts).
MIRRORED = (
    "campaign_id",
    "node_id",
    "framework_version",
    "task_status",
    "created_at",
    "updated_at",
    "messages",
    "skeleton_history",
    "draft_history",
    "generated_examples",
)

# Traits re-sent after a background change: everything but the front-end code itself.
STATE_KEYS = (
    *MIRRORED,
    "title",
    "draft_subject",
    "draft_body",
    "skeleton",
    "baseline",
    "conflict",
    "available_var_names",
    "sample_leads",
    "status",
    "busy_since",
    "error",
    "notice",
)


def mirrored_values(data: dict[str, Any]) -> dict[str, Any]:
    """Trait values for the server-owned traits, from `Session.model_dump(mode="json")`."""
    values = {name: data.get(name) for name in MIRRORED}
    for name in ("messages", "skeleton_history", "draft_history"):
        values[name] = values[name] or []
    values["campaign_id"] = values["campaign_id"] or ""
    values["node_id"] = values["node_id"] or ""
    return values


def status_of(session: Session) -> str:
    """The status badge for a snapshot: its task status, or idle."""
    return session.task_status if session.task_status is not None else "idle"


def busy_since(session: Session, current: float | None) -> float | None:
    """When the running task was first seen (epoch ms); kept while busy, None when idle."""
    if not session.is_busy:
        return None
    return current if current is not None else now_ms()


def now_ms() -> float:
    """Now, in epoch milliseconds, as the front end's clock counts."""
    return time.time() * 1000.0


def short_error(exc: BaseException | str) -> str:
    """One line describing `exc` for the widget."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 240 else text[:239] + "…"
