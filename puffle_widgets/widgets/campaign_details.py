"""The sessions a `CampaignWidget` opened below its table: one `SessionWidget` per session,
made on first selection and kept (with its unsaved edits) until the campaign widget closes.

A row click arrives from the browser, outside any cell. A Jupyter kernel can make a widget
then; marimo registers a widget's inline code as a file of the running cell, so there the
widgets opened here carry their code as a URL instead (widgets/assets.py `code_as_url`).
"""

from __future__ import annotations

import contextlib
from typing import Any

from puffle_widgets.client import AsyncPuffle
from puffle_widgets.live import Observed, share_session
from puffle_widgets.widgets.assets import code_as_url
from puffle_widgets.widgets.display import in_marimo
from puffle_widgets.widgets.session import SessionWidget


class OpenedSessions:
    """The `SessionWidget`s of one campaign widget, by session id."""

    def __init__(self, client: AsyncPuffle, context: dict[str, Any]) -> None:
        self._client = client
        self._context = dict(context)
        # Asked when the campaign is made, in a cell: whether widgets made later, from a
        # browser event, must carry their code as a URL.
        self._as_url = in_marimo()
        self._widgets: dict[str, SessionWidget] = {}

    def get(self, session_id: str | None) -> SessionWidget | None:
        """The widget opened for `session_id` before, if any."""
        return self._widgets.get(session_id) if session_id else None

    def make(self, observed: Observed) -> SessionWidget:
        """A widget showing the row's snapshot as given (no fetch); the snapshot, with when it
        was asked for, orders what the widget shows next."""
        with code_as_url() if self._as_url else contextlib.nullcontext():
            widget = SessionWidget.from_session(
                observed.session, client=self._client, **self._context
            )
        share_session(self._client, observed)
        self._widgets[observed.session.id] = widget
        return widget

    def close(self) -> None:
        """Close every opened widget."""
        for widget in self._widgets.values():
            widget.close()
        self._widgets.clear()
