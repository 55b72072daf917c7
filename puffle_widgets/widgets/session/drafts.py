"""The rules that keep user edits safe while server snapshots keep arriving.

Each editable field has a working copy (what the editors show), a baseline (the server value
the working copy started from) and maybe a conflict (a newer server value that arrived while
the working copy was dirty). These are pure functions over that state, so the rules can be
tested without a widget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from puffle_widgets.errors import DraftConflictError

# The fields a user edits and the JSON type of each: the one Python list of them (traits, state
# keys, browser edits and these rules all read it). js/src/types.ts `EDITABLE_FIELDS` is the
# TypeScript one; tests/test_contract.py keeps the two equal.
EDITABLE_TYPES: Final[Mapping[str, type]] = {
    "title": str,
    "draft_subject": str,
    "draft_body": str,
    "skeleton": dict,
}
EDITABLE_FIELDS: Final = tuple(EDITABLE_TYPES)


@dataclass(frozen=True)
class Drafts:
    """Working copies, their baselines, and unresolved conflicts, keyed by field name."""

    working: Mapping[str, Any]
    baseline: Mapping[str, Any]
    conflict: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_server(cls, server: Mapping[str, Any]) -> Drafts:
        """Clean drafts: working copies and baselines both equal the server's values."""
        values = {name: server.get(name) for name in EDITABLE_FIELDS}
        return cls(working=values, baseline=dict(values))

    def dirty(self) -> dict[str, Any]:
        """The fields whose working copy differs from its baseline, with the working value."""
        return {
            name: self.working[name]
            for name in EDITABLE_FIELDS
            if self.working.get(name) != self.baseline.get(name)
        }


def merge_server(drafts: Drafts, server: Mapping[str, Any]) -> Drafts:
    """Take in a new server snapshot without ever overwriting a dirty working copy."""
    working, baseline, conflict = dict(drafts.working), dict(drafts.baseline), dict(drafts.conflict)
    for name in EDITABLE_FIELDS:
        new = server.get(name)
        if working.get(name) == baseline.get(name) or working.get(name) == new:
            # Clean, or the server caught up with the user (after a save): follow the server.
            working[name] = baseline[name] = new
            conflict.pop(name, None)
        elif new != baseline.get(name):
            # Dirty and the server moved: keep the user's text and show both.
            conflict[name] = new
        else:
            # The server is back at the baseline: an earlier conflict no longer holds.
            conflict.pop(name, None)
    return Drafts(working, baseline, conflict)


def rebase_saved(drafts: Drafts, saved: Mapping[str, Any]) -> Drafts:
    """After our own PATCH of `saved`, those values are the new baselines: typing that went
    on during the save stays dirty against them, and is not mistaken for a server change."""
    baseline = {**drafts.baseline, **saved}
    conflict = {k: v for k, v in drafts.conflict.items() if k not in saved}
    return Drafts(dict(drafts.working), baseline, conflict)


def apply_edit(drafts: Drafts, name: str, value: Any, base: Any) -> Drafts:
    """A browser edit of `name`, typed starting from the server value `base`."""
    working, baseline, conflict = dict(drafts.working), dict(drafts.baseline), dict(drafts.conflict)
    working[name] = value
    current = baseline.get(name)
    if value == current:
        conflict.pop(name, None)
    elif base != current and drafts.working.get(name) == current:
        # The server moved while the user typed, before the kernel knew the field was dirty:
        # recorded as `merge_server` does, so a later snapshot cannot drop it silently. Once
        # the kernel holds the edit, its baseline moves only in ways the user has seen (Keep
        # mine, our own save; a server change becomes a conflict), so an older base then only
        # means the browser had not heard back yet.
        baseline[name] = base
        conflict[name] = current
    return Drafts(working, baseline, conflict)


_UNSEEN: Any = object()


def resolve(
    drafts: Drafts, name: str, keep: Literal["mine", "server"], shown: Any = _UNSEEN
) -> Drafts:
    """Settle a conflict: keep the user's text (Save will write it) or take the server's.

    `shown` is the server value the conflict card showed when the user clicked. The server may
    have moved again since: Keep mine then settles the version the user saw and shows the newer
    one as a new conflict; Take server's takes the newest. A conflict already settled (a second
    click, or a snapshot that made it moot) is left as it is, so the click is idempotent."""
    if name not in drafts.conflict:
        return drafts
    conflict = dict(drafts.conflict)
    latest = conflict.pop(name)
    working = dict(drafts.working)
    if keep == "server":
        working[name] = latest
        return Drafts(working, {**drafts.baseline, name: latest}, conflict)
    seen = latest if shown is _UNSEEN else shown
    if latest not in (seen, working.get(name)):
        conflict[name] = latest
    return Drafts(working, {**drafts.baseline, name: seen}, conflict)


def revert(drafts: Drafts) -> Drafts:
    """Drop every unsaved edit: working copies go back to the latest server values."""
    latest = {**drafts.baseline, **drafts.conflict}
    return Drafts(latest, dict(latest), {})


def moved_under(drafts: Drafts, server: Mapping[str, Any]) -> dict[str, Any]:
    """Dirty fields whose server value is no longer the baseline: saving would overwrite them."""
    return {
        name: server.get(name)
        for name in drafts.dirty()
        if server.get(name) != drafts.baseline.get(name)
        and server.get(name) != drafts.working.get(name)
    }


def valid_edit(name: object, value: object) -> bool:
    """Whether an edit from the browser names an editable field and holds a value of its type."""
    kind = EDITABLE_TYPES.get(name) if isinstance(name, str) else None
    return kind is not None and (value is None or isinstance(value, kind))


SaveOutcome = Literal["patch", "wait", "nothing", "conflict"]


@dataclass(frozen=True)
class SavePlan:
    """What a save does, decided against the server's row as it is now."""

    outcome: SaveOutcome
    fields: dict[str, Any] = field(default_factory=dict)  # what to PATCH ("patch")
    moved: tuple[str, ...] = ()  # edited fields the server changed meanwhile ("conflict")

    @property
    def notice(self) -> str | None:
        """What to tell the user when nothing is sent now ("wait" tells it when queued)."""
        if self.outcome == "nothing":
            return "Nothing to save."
        if self.outcome == "conflict":
            return (
                f"Not saved: the server changed {', '.join(self.moved)} since you started "
                "editing. Choose 'Keep mine' or 'Take server's' for each, then save again "
                "(or save(force=True) to overwrite)."
            )
        return None

    def conflict_error(self) -> DraftConflictError:
        """The error a refused save raises."""
        return DraftConflictError(self.notice or "Not saved.", fields=list(self.moved))


def plan_save(drafts: Drafts, server: Mapping[str, Any], *, busy: bool, force: bool) -> SavePlan:
    """Save the edited fields now, or wait behind a running task (even forced: the task would
    overwrite the save), or nothing to save, or refuse to overwrite a server change to an
    edited field unless `force`."""
    if busy:
        return SavePlan("wait")
    dirty = drafts.dirty()
    if not dirty:
        return SavePlan("nothing")
    moved = moved_under(drafts, server)
    if moved and not force:
        return SavePlan("conflict", moved=tuple(sorted(moved)))
    return SavePlan("patch", fields=dirty)
