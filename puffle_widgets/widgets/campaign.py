"""`CampaignWidget`: every session of a campaign as a table; a selected row opens below."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import anywidget
import ipywidgets
import traitlets as t

from puffle_widgets import render
from puffle_widgets.client import AsyncPuffle, Puffle
from puffle_widgets.errors import AuthenticationError, NotFoundError, PermissionDeniedError
from puffle_widgets.live import WorkLoop
from puffle_widgets.live.poller import TRANSIENT
from puffle_widgets.models import Session, check_uuid
from puffle_widgets.widgets import _context, _flush
from puffle_widgets.widgets._assets import asset
from puffle_widgets.widgets._clients import client_pair, close_owned
from puffle_widgets.widgets._display import StaticFallback, show_live, widget_bundle
from puffle_widgets.widgets._session_state import short_error
from puffle_widgets.widgets.session import SessionWidget

ROW_KEYS = ("id", "title", "node_id", "task_status", "framework_version", "draft_subject")
FATAL = (AuthenticationError, PermissionDeniedError, NotFoundError)


class CampaignTable(anywidget.AnyWidget):
    """The table part of `CampaignWidget` (js/src/campaign)."""

    _esm = asset("campaign.js")
    _css = asset("styles.css")

    campaign_id = t.Unicode(help="The campaign listed.").tag(sync=True)
    rows = t.List(t.Dict(), help="One row per session.").tag(sync=True)
    selected = t.Unicode(None, allow_none=True, help="Id of the opened session.").tag(sync=True)
    status = t.Unicode("loading", help="idle, busy, reconnecting or error.").tag(sync=True)
    error = t.Unicode("", help="What went wrong, for the user.").tag(sync=True)


def row_of(session: Session) -> dict[str, Any]:
    """The table row of one session."""
    data = session.model_dump(mode="json", include=set(ROW_KEYS) | {"updated_at"})
    return {key: data.get(key) for key in (*ROW_KEYS, "updated_at")}


class CampaignWidget(ipywidgets.VBox):  # type: ignore[misc]
    """The sessions of one campaign, live while any is busy; selecting one opens it below.

    Extra keyword arguments (`available_var_names`, `sample_leads`, `sequence_context`) are
    given to every `SessionWidget` it opens.
    """

    def __init__(
        self,
        campaign_id: str,
        *,
        client: Puffle | AsyncPuffle | None = None,
        **session_context: Any,
    ) -> None:
        check_uuid(campaign_id, "campaign_id")
        _context.check_context_keys(session_context, "CampaignWidget()")
        self.table = CampaignTable(campaign_id=campaign_id)
        super().__init__(children=[self.table])
        self.campaign_id = campaign_id
        self._session_context = dict(session_context)
        self._loop = WorkLoop.capture()
        self._sync, self._async, self._owned = client_pair(client)
        self._sessions: list[Session] = []
        self._detail: SessionWidget | None = None
        self._poll: asyncio.Task[None] | None = None
        self._fallback = StaticFallback(lambda: render.sessions_html(self._sessions))
        self._closed = False
        self.table.observe(self._on_selected, names="selected")
        self.refresh()

    @property
    def sessions(self) -> list[Session]:
        """The sessions as last listed, oldest first."""
        return list(self._sessions)

    @property
    def detail(self) -> SessionWidget | None:
        """The `SessionWidget` of the selected row, if any."""
        return self._detail

    def refresh(self) -> list[Session]:
        """List the campaign now; polling runs while any session is busy."""
        sessions = self._sync.sessions.list(self.campaign_id)
        self._loop.run(lambda: self._apply(sessions))
        return sessions

    def select(self, session_id: str | None) -> SessionWidget | None:
        """Open `session_id` below the table (None closes it), as a click on its row does."""
        self.table.selected = session_id
        self._loop.run(lambda: self._open(session_id))
        return self._detail

    async def wait(self, timeout: float | None = 300) -> list[Session]:
        """Return the sessions once none of them is busy."""

        async def until_idle() -> None:
            while self._poll is not None and not self._poll.done():
                await asyncio.shield(self._poll)

        async with asyncio.timeout(timeout):
            await asyncio.wrap_future(self._loop.submit(until_idle()))
        return self.sessions

    # --- background ---------------------------------------------------------------------

    def _apply(self, sessions: list[Session]) -> None:
        self._sessions = sessions
        busy = any(s.is_busy for s in sessions)
        with self.table.hold_sync():
            self.table.rows = [row_of(s) for s in sessions]
            self.table.status = "busy" if busy else "idle"
            self.table.error = ""
        _flush.mark_changed(self)
        if busy and (self._poll is None or self._poll.done()):
            self._poll = asyncio.ensure_future(self._poll_while_busy())

    async def _poll_while_busy(self) -> None:
        delays = self._async.poll_schedule.delays()
        while any(s.is_busy for s in self._sessions):
            await asyncio.sleep(next(delays))
            try:
                sessions = await self._async.sessions.list(self.campaign_id)
            except TRANSIENT as exc:
                self.table.status = "reconnecting"
                self.table.error = short_error(exc)
                continue
            except Exception as exc:
                self.table.status = "error"
                self.table.error = short_error(exc)
                _flush.mark_changed(self)
                return
            self._apply(sessions)

    def _on_selected(self, change: Mapping[str, Any]) -> None:
        # The browser's click may arrive on another thread: open it on the loop.
        self._loop.call_soon(self._open, change["new"])

    def _open(self, session_id: str | None) -> None:
        if self._detail is not None and self._detail.session_id == session_id:
            return
        previous, self._detail = self._detail, None
        session = next((s for s in self._sessions if s.id == session_id), None)
        if session is not None:
            self._detail = SessionWidget.from_session(
                session, client=self._async, **self._session_context
            )
            self._detail.observe(self._on_detail_change, names=["updated_at", "status"])
        self.children = (self.table, self._detail) if self._detail else (self.table,)
        if previous is not None:
            previous.close()

    def _on_detail_change(self, _change: Mapping[str, Any]) -> None:
        detail = self._detail
        if detail is None or detail.session is None:
            return
        fresh = detail.session
        self._sessions = [fresh if s.id == fresh.id else s for s in self._sessions]
        self.table.rows = [row_of(s) for s in self._sessions]

    # --- display -------------------------------------------------------------------------

    def _ipython_display_(self) -> None:
        show_live(widget_bundle(super()._repr_mimebundle_(), self._summary()), self._fallback)

    def _summary(self) -> str:
        return f"Puffle campaign {self.campaign_id}\n" + render.sessions_text(self._sessions)

    def flush_state(self) -> None:
        """Re-send the table state and refresh the static snapshot (see `_flush`)."""
        if self.table.comm is not None:
            self.table.send_state(key=["rows", "status", "error", "selected"])
        self._fallback.refresh()

    def close(self) -> None:
        """Stop polling, close the opened session and the table."""
        if getattr(self, "_closed", True):  # never finished __init__, or closed already
            super().close()
            return
        self._closed = True
        if self._poll is not None and self._loop.alive:
            self._loop.call_soon(self._poll.cancel)
        if self._detail is not None:
            self._detail.close()
        _flush.forget(self)
        self.table.close()
        close_owned(self._owned, self._sync, self._async, self._loop)
        super().close()

    def __repr__(self) -> str:
        return f"CampaignWidget({self.campaign_id!r}, sessions={len(self._sessions)})"
