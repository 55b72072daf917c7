"""The synced traits of `CampaignWidget` (js/src/types.ts `CampaignModel` mirrors them) and the
row each session becomes.

One anywidget holds everything the campaign view draws: the rows, the selection, the
freshness line, and `detail`, a reference to the opened `SessionWidget` that the view renders
below the table through anywidget's host (`host.getWidget(ref).render({el})`). No ipywidgets
container is involved, so the campaign renders wherever anywidget does (JupyterLab, Notebook 7,
Voila, VS Code, marimo).
"""

from __future__ import annotations

from typing import Any, Final

import anywidget
import traitlets as t

from puffle_widgets.models import Session
from puffle_widgets.widgets.assets import CodeShared

ROW_KEYS: Final = ("id", "title", "node_id", "task_status", "framework_version", "draft_subject")


def row_of(session: Session) -> dict[str, Any]:
    """The table row of one session."""
    data = session.model_dump(mode="json", include=set(ROW_KEYS) | {"updated_at"})
    return {key: data.get(key) for key in (*ROW_KEYS, "updated_at")}


class CampaignTraits(CodeShared, entry="campaign"):
    """What the campaign view shows (js/src/campaign)."""

    campaign_id = t.Unicode(read_only=True, help="The campaign listed.").tag(sync=True)
    rows = t.List(t.Dict(), help="One row per session.").tag(sync=True)
    selected = t.Unicode(
        None, allow_none=True, help="Id of the selected session: a row click sets it."
    ).tag(sync=True)
    status = t.Unicode("loading", help="loading, idle, busy, reconnecting, error.").tag(sync=True)
    error = t.Unicode("", help="What went wrong, for the user.").tag(sync=True)
    fallback_key = t.Unicode("", help="Marks this widget's static snapshot.").tag(sync=True)
    checked_at = t.Float(None, allow_none=True, help="Epoch ms of the last list.").tag(sync=True)
    # Sent as "anywidget:<model_id>"; the view renders that widget below the table.
    detail = anywidget.WidgetTrait().tag(sync=True)
    detail_error = t.Unicode(
        "", help="Why the selected session could not be opened below, for the user."
    ).tag(sync=True)
