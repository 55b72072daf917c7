"""Restore: put an earlier version back on the server, by the same no-lost-edits rules as Save.

What can be restored: an entry of `draft_history` or `skeleton_history`, or the hand edits a
turn replaced (`turn_changes`). History entries are free-form (the API does not document their
keys); this reads `subject`/`body` (or `draft_subject`/`draft_body`) and `skeleton` where they
are present and leaves anything else alone.

The restore is a PATCH of those fields, planned against the server's row as it is now: it waits
behind a running task, refuses to replace an unsaved edit of the same field or a server change
the user has not seen, and otherwise writes the old values. So that it shows up as a new version,
the version it replaces goes onto its history (shaped like the entries already there) and
`framework_version` moves on by one. Pure rules: the action queue makes the calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Literal

from puffle_widgets.widgets.session.drafts import Drafts

RestoreKind = Literal["draft", "skeleton", "hand_edit"]
KINDS: Final = ("draft", "skeleton", "hand_edit")

# Entry key -> the session field it holds, for each history.
DRAFT_KEYS: Final = {
    "subject": "draft_subject",
    "draft_subject": "draft_subject",
    "body": "draft_body",
    "draft_body": "draft_body",
}
SKELETON_KEYS: Final = {"skeleton": "skeleton"}
HISTORIES: Final = {"draft_history": DRAFT_KEYS, "skeleton_history": SKELETON_KEYS}
VERSION_KEYS: Final = ("version", "framework_version")
TIME_KEYS: Final = ("at", "created_at", "timestamp", "saved_at", "updated_at")
# The entry shape used when a history is still empty (the emulator's).
DEFAULT_SHAPES: Final = {
    "draft_history": ("version", "subject", "body", "at"),
    "skeleton_history": ("version", "skeleton", "at"),
}
FIELD_LABELS: Final = {
    "title": "title",
    "draft_subject": "subject",
    "draft_body": "body",
    "skeleton": "skeleton",
}
TYPES: Final[Mapping[str, type]] = {
    "title": str,
    "draft_subject": str,
    "draft_body": str,
    "skeleton": dict,
}


def entry_fields(kind: str, entry: object) -> dict[str, Any]:
    """The session fields a history entry holds ({} when none): a draft entry its subject and
    body, a skeleton entry its skeleton. Values of the wrong type (or null) are left out."""
    if not isinstance(entry, Mapping):
        return {}
    keys = DRAFT_KEYS if kind == "draft" else SKELETON_KEYS if kind == "skeleton" else {}
    fields: dict[str, Any] = {}
    for key, name in keys.items():
        value = entry.get(key)
        if isinstance(value, TYPES[name]) and name not in fields:
            fields[name] = value
    return fields


def hand_edit_fields(change: object) -> dict[str, Any]:
    """The hand-edited values a turn replaced, from one `turn_changes` record."""
    if not isinstance(change, Mapping):
        return {}
    before = change.get("before")
    names = change.get("replaced_hand_edit")
    if not isinstance(before, Mapping) or not isinstance(names, list):
        return {}
    return {
        name: before[name]
        for name in names
        if name in TYPES and isinstance(before.get(name), TYPES[name])
    }


def entry_label(kind: str, entry: object, index: int) -> str:
    """How the notice names what is restored: "v6 of the draft"."""
    what = "the draft" if kind == "draft" else "the skeleton" if kind == "skeleton" else ""
    if kind == "hand_edit":
        return "your edit"
    version = entry.get("version") if isinstance(entry, Mapping) else None
    if isinstance(version, int) and not isinstance(version, bool):
        return f"v{version} of {what}"
    return f"version {index + 1} of {what}"


def requested(
    kind: object, index: object, shown: Mapping[str, Any], changes: list[dict[str, Any]]
) -> tuple[dict[str, Any], str]:
    """The fields and label a `{type: "restore", kind, index}` message asks for, from the
    session shown and the turn changes; ({}, why) when it names nothing restorable."""
    if kind not in KINDS or not isinstance(index, int) or isinstance(index, bool) or index < 0:
        return {}, "Nothing to restore: the version asked for does not exist."
    if kind == "hand_edit":
        entries: object = changes
    else:
        entries = shown.get(f"{kind}_history")
    entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
    fields = hand_edit_fields(entry) if kind == "hand_edit" else entry_fields(str(kind), entry)
    if not fields:
        return {}, "Nothing to restore: that version holds no subject, body or skeleton."
    return fields, entry_label(str(kind), entry, index)


def _names(fields: Mapping[str, Any]) -> str:
    return " and ".join(FIELD_LABELS.get(name, name) for name in fields)


RestoreOutcome = Literal["patch", "wait", "nothing", "unsaved", "moved"]


@dataclass(frozen=True)
class RestorePlan:
    """What a restore does, decided against the server's row as it is now."""

    outcome: RestoreOutcome
    label: str
    fields: dict[str, Any] = field(default_factory=dict)  # the restored values ("patch")
    extra: dict[str, Any] = field(default_factory=dict)  # history and version sent with them
    blocking: tuple[str, ...] = ()  # fields that stop it ("unsaved", "moved")

    @property
    def patch(self) -> dict[str, Any]:
        """The PATCH body."""
        return {**self.fields, **self.extra}

    @property
    def notice(self) -> str:
        """What to tell the user."""
        names = _names(dict.fromkeys(self.blocking))
        if self.outcome == "patch":
            return f"Restored {self.label}."
        if self.outcome == "wait":
            return f"The session is busy; {self.label} will be restored when the task finishes."
        if self.outcome == "nothing":
            return f"Nothing to restore: {self.label} is what the server has now."
        if self.outcome == "unsaved":
            return f"Not restored: save or revert your unsaved edit of the {names} first."
        return (
            f"Not restored: the {names} changed on the server since you last saw it; "
            "it is shown now, restore again if you still want the old version."
        )


def history_entries(
    server: Mapping[str, Any], fields: Mapping[str, Any], now: str
) -> dict[str, Any]:
    """The histories with the values being replaced pushed on, shaped like their last entry
    (or the emulator's shape when empty), and `framework_version` one up; {} when nothing in
    `fields` belongs to a history."""
    version = server.get("framework_version")
    extra: dict[str, Any] = {}
    for history, keys in HISTORIES.items():
        if not set(keys.values()) & set(fields):
            continue
        entries = server.get(history)
        entries = list(entries) if isinstance(entries, list) else []
        last = entries[-1] if entries and isinstance(entries[-1], Mapping) else None
        shape = tuple(last) if last is not None else DEFAULT_SHAPES[history]
        entry: dict[str, Any] = {}
        for key in shape:
            if key in keys and server.get(keys[key]) is not None:
                entry[key] = server.get(keys[key])
            elif key in VERSION_KEYS and version is not None:
                entry[key] = version
            elif key in TIME_KEYS:
                entry[key] = now
        if set(entry) & set(keys):
            extra[history] = [*entries, entry]
    if extra and isinstance(version, int) and not isinstance(version, bool):
        extra["framework_version"] = version + 1
    return extra


def plan_restore(
    drafts: Drafts,
    server: Mapping[str, Any],
    fields: Mapping[str, Any],
    *,
    label: str,
    busy: bool,
    now: str,
) -> RestorePlan:
    """Restore `fields` now, or wait behind a running task, or nothing to do, or refuse: an
    unsaved edit of one of the fields would be lost, or the server changed one since the user
    last saw it (`drafts.baseline`)."""
    if busy:
        return RestorePlan("wait", label)
    wanted = {name: value for name, value in fields.items() if server.get(name) != value}
    if not wanted:
        return RestorePlan("nothing", label)
    unsaved = tuple(n for n in wanted if drafts.working.get(n) != drafts.baseline.get(n))
    if unsaved:
        return RestorePlan("unsaved", label, blocking=unsaved)
    moved = tuple(n for n in wanted if server.get(n) != drafts.baseline.get(n))
    if moved:
        return RestorePlan("moved", label, blocking=moved)
    return RestorePlan("patch", label, wanted, history_entries(server, wanted, now))


def restored(drafts: Drafts, fields: Mapping[str, Any]) -> Drafts:
    """After the restore's PATCH landed: its values are the new baselines, and the working
    copies still equal to the old baselines (nothing typed since) show them."""
    working, conflict = dict(drafts.working), dict(drafts.conflict)
    for name, value in fields.items():
        if working.get(name) == drafts.baseline.get(name):
            working[name] = value
        conflict.pop(name, None)
    return Drafts(working, {**drafts.baseline, **fields}, conflict)


def now_iso() -> str:
    """Now as an ISO 8601 UTC timestamp, for the history entry a restore writes."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
