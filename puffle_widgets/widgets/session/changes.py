"""What each finished turn changed, and which framework version the examples were made from.

A turn rewrites the draft and the skeleton with no sign of what moved. The widget compares the
snapshot shown before with the one that ends a turn and keeps a short record per turn (the
`turn_changes` trait, js/src/types.ts `TurnChange`): which fields changed, the framework version
before and after, both values, and which of the replaced values the user had saved by hand from
this kernel (so the change line can offer them back). Pure rules plus one small per-widget
memory (`TurnLog`); nothing here talks to the API or touches traits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

# The fields a turn may rewrite, in the order the change line names them.
TRACKED: Final = ("title", "draft_subject", "draft_body", "skeleton")
# The values kept before and after a turn (those that changed), for the word diff on demand.
SHOWN: Final = ("draft_subject", "draft_body", "skeleton")
# Change records kept (the oldest go first): enough for every turn a user scrolls back to;
# the list goes to the front end as deltas (deltas.py), whole again only once it is full.
MAX_CHANGES: Final = 100


@dataclass(frozen=True)
class TurnChange:
    """What one finished turn changed (see js/src/types.ts `TurnChange`)."""

    message_index: int
    fields: tuple[str, ...]
    from_version: int | None
    to_version: int | None
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    replaced_hand_edit: tuple[str, ...]

    def as_trait(self) -> dict[str, Any]:
        """The JSON value of one `turn_changes` entry."""
        return {
            "message_index": self.message_index,
            "fields": list(self.fields),
            "from_version": self.from_version,
            "to_version": self.to_version,
            "before": dict(self.before),
            "after": dict(self.after),
            "replaced_hand_edit": list(self.replaced_hand_edit),
        }


def _messages(data: Mapping[str, Any]) -> Sequence[Any]:
    messages = data.get("messages")
    return messages if isinstance(messages, list) else []


def _count(data: Mapping[str, Any]) -> int:
    count = data.get("message_count")
    return count if isinstance(count, int) else len(_messages(data))


def slim(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the rules need of a snapshot, without its transcript (a count stands for it)."""
    kept = {name: data.get(name) for name in (*TRACKED, "framework_version", "task_status")}
    return {
        **kept,
        "generated_examples": data.get("generated_examples"),
        "message_count": _count(data),
    }


def _version(data: Mapping[str, Any]) -> int | None:
    value = data.get("framework_version")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def ends_turn(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """Whether `after` is the first snapshot after a turn finished: idle, with more messages
    than `before` (a session dict or its `slim` form), the last one the assistant's reply."""
    new = _messages(after)
    if after.get("task_status") is not None or len(new) <= _count(before) or not new:
        return False
    last = new[-1]
    return isinstance(last, Mapping) and last.get("role") == "assistant"


def turn_change(
    before: Mapping[str, Any], after: Mapping[str, Any], hand_saved: Mapping[str, Any]
) -> TurnChange | None:
    """The change from `before` to `after` (session dicts as `Session.model_dump(mode="json")`
    gives them; `before` may be `slim`) if `after` ends a turn, else None. `hand_saved` holds
    the values last saved by hand from this kernel: a changed field whose old value is one of
    them replaced a hand edit."""
    if not ends_turn(before, after):
        return None
    fields = tuple(name for name in TRACKED if before.get(name) != after.get(name))
    replaced = tuple(
        name for name in fields if name in hand_saved and hand_saved[name] == before.get(name)
    )
    return TurnChange(
        message_index=len(_messages(after)) - 1,
        fields=fields,
        from_version=_version(before),
        to_version=_version(after),
        # Only what changed: the record goes to the front end with every turn, and an unchanged
        # body would cost its size twice over for nothing.
        before={name: before.get(name) for name in SHOWN if name in fields},
        after={name: after.get(name) for name in SHOWN if name in fields},
        replaced_hand_edit=replaced,
    )


def examples_version(
    after: Mapping[str, Any], before: Mapping[str, Any] | None, known: int | None
) -> int | None:
    """The framework version the examples of `after` were made from: the oldest version the
    examples carry themselves (the emulator tags each one), else `known` while they are the
    same examples as in `before`, else the version of `after` (they arrived with it)."""
    examples = after.get("generated_examples")
    if not isinstance(examples, list) or not examples:
        return None
    tagged = [_version(e) for e in examples if isinstance(e, Mapping)]
    versions = [v for v in tagged if v is not None]
    if versions:
        return min(versions)
    if before is not None and known is not None and before.get("generated_examples") == examples:
        return known
    return _version(after)


class TurnLog:
    """One widget's memory for the rules above: the snapshot shown last, the values saved by
    hand from this kernel, the change records and the examples version."""

    def __init__(self) -> None:
        self.changes: list[dict[str, Any]] = []
        self.examples_version: int | None = None
        self._last: Mapping[str, Any] | None = None
        self._hand_saved: dict[str, Any] = {}

    def saved(self, fields: Mapping[str, Any]) -> None:
        """Values the user saved (or restored) by hand: a turn replacing them says so."""
        self._hand_saved.update({k: v for k, v in fields.items() if k in TRACKED})

    def observe(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Take in the snapshot being shown; returns the traits that change with it."""
        before, self._last = self._last, slim(data)
        updates: dict[str, Any] = {}
        change = turn_change(before, data, self._hand_saved) if before is not None else None
        if change is not None:
            changes = [*self.changes, change.as_trait()]
            # Trimmed by halves, not one by one: an append goes out as a small delta, a trim
            # re-sends the list whole, so that should be rare.
            self.changes = changes if len(changes) <= MAX_CHANGES else changes[-MAX_CHANGES // 2 :]
            updates["turn_changes"] = self.changes
        version = examples_version(data, before, self.examples_version)
        if version != self.examples_version:
            self.examples_version = version
            updates["examples_version"] = version
        return updates
