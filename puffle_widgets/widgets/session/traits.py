"""The synced traits of `SessionWidget` (the Python half of js/src/types.ts `SessionModel`), the
state keys re-sent after background changes, and how a server snapshot maps onto the traits."""

from __future__ import annotations

from typing import Any, Final

import anywidget
import traitlets as t

from puffle_widgets.widgets.assets import asset
from puffle_widgets.widgets.session.drafts import EDITABLE_FIELDS

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

# Traits re-sent after a background change: everything but the front-end code and the ids
# set once.
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
    "outbox",
    "problem",
    "checked_at",
)


def mirrored_values(data: dict[str, Any]) -> dict[str, Any]:
    """Trait values for the server-owned traits, from `Session.model_dump(mode="json")`."""
    values = {name: data.get(name) for name in MIRRORED}
    for name in ("messages", "skeleton_history", "draft_history"):
        values[name] = values[name] or []
    values["campaign_id"] = values["campaign_id"] or ""
    values["node_id"] = values["node_id"] or ""
    return values


class SessionTraits(anywidget.AnyWidget):
    """The traits `SessionWidget` syncs with its front end; behaviour lives in `SessionWidget`."""

    _esm = asset("session.js")
    _css = asset("styles.css")

    # Mirrors of the server row, set only from snapshots (read-only from Python and browser).
    session_id = t.Unicode(read_only=True, help="Id of the session shown.").tag(sync=True)
    campaign_id = t.Unicode("", read_only=True, help="Its campaign.").tag(sync=True)
    node_id = t.Unicode("", read_only=True, help="Its sequence node.").tag(sync=True)
    framework_version = t.Int(None, allow_none=True, read_only=True).tag(sync=True)
    task_status = t.Unicode(None, allow_none=True, read_only=True).tag(sync=True)
    created_at = t.Unicode(None, allow_none=True, read_only=True).tag(sync=True)
    updated_at = t.Unicode(None, allow_none=True, read_only=True).tag(sync=True)
    messages = t.List(t.Dict(), read_only=True, help="The transcript.").tag(sync=True)
    skeleton_history = t.List(t.Dict(), read_only=True).tag(sync=True)
    draft_history = t.List(t.Dict(), read_only=True).tag(sync=True)
    generated_examples = t.List(t.Dict(), default_value=None, allow_none=True, read_only=True).tag(
        sync=True
    )

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

    @property
    def busy(self) -> bool:
        """True while a task owns the session (any task status, listed in the docs or not)."""
        return self.task_status is not None

    def flush_state(self) -> None:
        """Re-send the session state (not the front-end code) to the front end."""
        if self.comm is not None:
            self.send_state(key=list(STATE_KEYS))
