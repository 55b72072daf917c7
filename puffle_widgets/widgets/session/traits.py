"""The synced traits of `SessionWidget` (the Python half of js/src/types.ts `SessionModel`), and
how a server snapshot maps onto the traits (sync.py: how they reach the front end)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import traitlets as t

from puffle_widgets.models import GeneratedExample, Message, Session
from puffle_widgets.widgets.assets import CodeShared
from puffle_widgets.widgets.session.deltas import DELTA_KEYS
from puffle_widgets.widgets.session.drafts import EDITABLE_FIELDS
from puffle_widgets.widgets.session.sync import SyncedLists

EMPTY_BASELINE: Final = dict.fromkeys(EDITABLE_FIELDS)

# Traits that mirror the server row one to one (the editable ones go through drafts.py).
MIRRORED: Final = (
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

# The state, as opposed to the front-end code and the ids set once.
STATE_KEYS: Final = (
    *MIRRORED,
    *EDITABLE_FIELDS,
    "baseline",
    "conflict",
    "available_var_names",
    "sample_leads",
    "status",
    "busy_since",
    "error",
    "notice",
    "turn_changes",
    "examples_version",
    "view_height",
    "rev",
    "outbox",
    "problem",
    "checked_at",
)
# The small fields of a snapshot, dumped by pydantic (its JSON form of datetimes and ints).
_SCALARS: Final = frozenset((*MIRRORED, *EDITABLE_FIELDS)) - set(DELTA_KEYS)


def snapshot_values(session: Session) -> dict[str, Any]:
    """`session.model_dump(mode="json")` for the mirrored and editable fields, made without
    dumping the whole session: messages and examples are read straight from the parsed data
    (their JSON form when they hold only the declared fields), so applying a snapshot costs
    little more than the poll's own parsing."""
    data = session.model_dump(mode="json", include=set(_SCALARS))
    data["messages"] = _json_list(session.messages)
    data["generated_examples"] = _json_list(session.generated_examples)
    for name in ("skeleton_history", "draft_history"):
        value = getattr(session, name)
        data[name] = None if value is None else list(value)
    return data


def _json_list(items: Sequence[Message | GeneratedExample] | None) -> list[dict[str, Any]] | None:
    if items is None:
        return None
    # Declared fields are all strings or None, so an item's own fields are its JSON already:
    # the trait holds that very dict, not a copy (thousands per session, in every widget; like
    # every trait, it is read, never changed in place). An item with extra keys, which may
    # hold anything, goes through pydantic.
    return [
        item.model_dump(mode="json") if item.__pydantic_extra__ else item.__dict__ for item in items
    ]


def mirrored_values(data: dict[str, Any]) -> dict[str, Any]:
    """Trait values for the server-owned traits, from `snapshot_values(session)`."""
    values = {name: data.get(name) for name in MIRRORED}
    for name in ("messages", "skeleton_history", "draft_history"):
        values[name] = values[name] or []
    values["campaign_id"] = values["campaign_id"] or ""
    values["node_id"] = values["node_id"] or ""
    return values


class SessionTraits(SyncedLists, CodeShared, entry="session"):
    """The traits `SessionWidget` syncs with its front end; behaviour lives in `SessionWidget`."""

    # Mirrors of the server row, set only from snapshots (read-only from Python and browser).
    session_id = t.Unicode(read_only=True, help="Id of the session shown.").tag(sync=True)
    campaign_id = t.Unicode("", read_only=True, help="Its campaign.").tag(sync=True)
    node_id = t.Unicode("", read_only=True, help="Its sequence node.").tag(sync=True)
    framework_version = t.Int(None, allow_none=True, read_only=True).tag(sync=True)
    task_status = t.Unicode(None, allow_none=True, read_only=True).tag(sync=True)
    created_at = t.Unicode(None, allow_none=True, read_only=True).tag(sync=True)
    updated_at = t.Unicode(None, allow_none=True, read_only=True).tag(sync=True)
    # Lists of dicts, as snapshot_values() makes them: their items are not validated one by
    # one (thousands of messages per snapshot), and only snapshots set them.
    messages: t.List[dict[str, Any]] = t.List(read_only=True, help="The transcript.").tag(sync=True)
    skeleton_history: t.List[dict[str, Any]] = t.List(read_only=True).tag(sync=True)
    draft_history: t.List[dict[str, Any]] = t.List(read_only=True).tag(sync=True)
    generated_examples: t.List[dict[str, Any]] = t.List(
        default_value=None, allow_none=True, read_only=True
    ).tag(sync=True)

    # Working copies: what the editors show, editable from Python and the browser.
    title = t.Unicode(None, allow_none=True, help="Working copy of the title.").tag(sync=True)
    draft_subject = t.Unicode(None, allow_none=True, help="Working copy.").tag(sync=True)
    draft_body = t.Unicode(None, allow_none=True, help="Working copy.").tag(sync=True)
    skeleton = t.Dict(default_value=None, allow_none=True, help="Working copy.").tag(sync=True)
    baseline = t.Dict(
        default_value=EMPTY_BASELINE, help="Server values the working copies started from."
    ).tag(sync=True)
    conflict = t.Dict(help="Field -> newer server value, while unsaved.").tag(sync=True)

    # Turn context, sent with every turn.
    available_var_names = t.List(t.Unicode(), help="Variables drafts may use.").tag(sync=True)
    sample_leads = t.List(t.Dict(), help="Leads for previews and examples.").tag(sync=True)

    # Display state.
    status = t.Unicode("loading", help="loading, idle, a task status, reconnecting or error.").tag(
        sync=True
    )
    busy_since = t.Float(None, allow_none=True, help="Epoch ms the task was seen.").tag(sync=True)
    error = t.Unicode("", help="What went wrong, for the user.").tag(sync=True)
    notice = t.Unicode("", help="A transient message for the user.").tag(sync=True)
    fallback_key = t.Unicode("", help="Marks this widget's static snapshot.").tag(sync=True)
    outbox = t.List(t.Dict(), help="Messages on their way (see outbox.py).").tag(sync=True)
    problem = t.Dict(default_value=None, allow_none=True, help="The banner: a Problem.").tag(
        sync=True
    )
    checked_at = t.Float(None, allow_none=True, help="Epoch ms of the last read.").tag(sync=True)

    # The workspace: what each turn changed (changes.py), the version the examples were made
    # from, and the height the user gave the view.
    turn_changes = t.List(t.Dict(), read_only=True, help="What each finished turn changed.").tag(
        sync=True
    )
    examples_version = t.Int(
        None, allow_none=True, read_only=True, help="Framework version of the examples."
    ).tag(sync=True)
    view_height = t.Int(None, allow_none=True, help="Height in px the user chose.").tag(sync=True)

    @property
    def busy(self) -> bool:
        """True while a task owns the session (any task status, listed in the docs or not)."""
        return self.task_status is not None
