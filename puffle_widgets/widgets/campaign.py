"""`CampaignWidget`: every session of a campaign as a table; a selected row opens below."""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import Mapping
from typing import Any

import ipywidgets
import traitlets as t

from puffle_widgets import render
from puffle_widgets.client import AsyncPuffle, Puffle
from puffle_widgets.errors import FATAL_ERRORS, PuffleError, WaitTimeoutError
from puffle_widgets.live import CampaignPoller, CampaignUpdate, WorkLoop
from puffle_widgets.models import Session, check_uuid
from puffle_widgets.widgets import flush
from puffle_widgets.widgets.assets import CodeShared
from puffle_widgets.widgets.clients import client_pair, close_owned
from puffle_widgets.widgets.display import StaticFallback, short_error, show_live, widget_bundle
from puffle_widgets.widgets.session import SessionWidget
from puffle_widgets.widgets.session.turn_context import check_context_keys

ROW_KEYS = ("id", "title", "node_id", "task_status", "framework_version", "draft_subject")


class CampaignTable(CodeShared, entry="campaign"):
    """The table part of `CampaignWidget` (js/src/campaign)."""

    campaign_id = t.Unicode(read_only=True, help="The campaign listed.").tag(sync=True)
    rows = t.List(t.Dict(), help="One row per session.").tag(sync=True)
    selected = t.Unicode(None, allow_none=True, help="Id of the opened session.").tag(sync=True)
    status = t.Unicode("loading", help="loading, idle, busy, reconnecting, error.").tag(sync=True)
    error = t.Unicode("", help="What went wrong, for the user.").tag(sync=True)
    fallback_key = t.Unicode("", help="Marks this widget's static snapshot.").tag(sync=True)


def row_of(session: Session) -> dict[str, Any]:
    """The table row of one session."""
    data = session.model_dump(mode="json", include=set(ROW_KEYS) | {"updated_at"})
    return {key: data.get(key) for key in (*ROW_KEYS, "updated_at")}


class CampaignWidget(ipywidgets.VBox):  # type: ignore[misc]
    """The sessions of one campaign, live while any is busy; selecting one opens it below.

    Extra keyword arguments (`available_var_names`, `sample_leads`, `sequence_context`) are
    given to every `SessionWidget` it opens. An opened session stays open (with any unsaved
    edits) while another row is shown, until the campaign widget is closed.
    """

    def __init__(
        self,
        campaign_id: str,
        *,
        client: Puffle | AsyncPuffle | None = None,
        **session_context: Any,
    ) -> None:
        check_uuid(campaign_id, "campaign_id")
        check_context_keys(session_context, "CampaignWidget()")
        key = uuid.uuid4().hex
        self.table = CampaignTable(fallback_key=key)
        self.table.set_trait("campaign_id", campaign_id)
        super().__init__(children=[self.table])
        self.campaign_id = campaign_id
        self._session_context = dict(session_context)
        self._loop = WorkLoop.capture()
        self._sync, self._async, self._owned = client_pair(client)
        self._sessions: list[Session] = []
        self._details: dict[str, SessionWidget] = {}
        self._detail: SessionWidget | None = None
        self._poller = CampaignPoller(self._async, campaign_id, self._on_poll)
        self._fallback = StaticFallback(lambda: render.sessions_html(self._sessions), key)
        self._closed = False
        self.table.observe(self._on_selected, names="selected")
        try:
            self.refresh()
        except FATAL_ERRORS:
            self.close()
            raise
        except PuffleError as exc:
            # Unreachable for now: show it and keep trying in the background.
            self._loop.run(self._problem, "reconnecting", exc)
            self._loop.run(self._poller.start)
        except BaseException:
            self.close()  # not Puffle's (InvalidURL, Ctrl-C...): leave nothing open or alive
            raise

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
        self._loop.run(self._show_list, sessions)
        return sessions

    def select(self, session_id: str | None) -> SessionWidget | None:
        """Open `session_id` below the table (None closes it), as a click on its row does."""
        if session_id is not None and all(s.id != session_id for s in self._sessions):
            known = ", ".join(s.id for s in self._sessions) or "none"
            raise ValueError(f"No session {session_id!r} in this campaign; its sessions: {known}.")
        self.table.selected = session_id
        self._loop.run(self._open, session_id)
        return self._detail

    async def wait(self, timeout: float | None = 300) -> list[Session]:
        """Return the sessions once they are listed and none of them is busy."""
        try:
            async with asyncio.timeout(timeout):
                await asyncio.wrap_future(self._loop.submit(self._poller.wait()))
        except TimeoutError:
            busy = [s.id for s in self._sessions if s.is_busy]
            raise WaitTimeoutError(
                f"Campaign {self.campaign_id} still has busy sessions after {timeout:g}s: "
                f"{', '.join(busy) or 'not listed yet'}. Call wait() again to keep waiting."
            ) from None
        return self.sessions

    # --- background ---------------------------------------------------------------------

    def _show_list(self, sessions: list[Session]) -> None:
        """A list got here (a refresh, an opened session's news): show it, and poll while any
        session in it is busy."""
        self._apply(sessions)
        if not self._closed:
            self._poller.publish(sessions)

    def _on_poll(self, update: CampaignUpdate) -> None:
        if update.kind == "sessions":
            self._apply(update.sessions)
        elif update.error is not None:
            self._problem(
                "reconnecting" if update.kind == "reconnecting" else "error", update.error
            )

    def _apply(self, sessions: list[Session]) -> None:
        self._sessions = sessions
        busy = any(s.is_busy for s in sessions)
        with self.table.hold_sync():
            self.table.rows = [row_of(s) for s in sessions]
            self.table.status = "busy" if busy else "idle"
            self.table.error = ""
        flush.mark_changed(self)
        self._fallback.refresh()

    def _problem(self, status: str, exc: BaseException) -> None:
        with self.table.hold_sync():
            self.table.status = status
            self.table.error = short_error(exc)
        flush.mark_changed(self)

    def _on_selected(self, change: Mapping[str, Any]) -> None:
        # The browser's click may arrive on another thread: open it on the loop.
        self._loop.call_soon(self._open, change["new"])

    def _open(self, session_id: str | None) -> None:
        if self._closed or (self._detail is not None and self._detail.session_id == session_id):
            return
        detail = self._details.get(session_id) if session_id else None
        session = next((s for s in self._sessions if s.id == session_id), None)
        if detail is None and session is not None:
            detail = SessionWidget.from_session(
                session, client=self._async, **self._session_context
            )
            detail.observe(self._on_detail_change, names=["updated_at", "status"])
            self._details[session.id] = detail
        self._detail = detail
        self.children = (self.table, detail) if detail is not None else (self.table,)

    def _on_detail_change(self, change: Mapping[str, Any]) -> None:
        detail: SessionWidget = change["owner"]
        if detail.session is None or self._closed:
            return
        # The opened widget knows a task started before any snapshot shows it.
        fresh = detail.session.model_copy(update={"task_status": detail.task_status})
        known = next((s for s in self._sessions if s.id == fresh.id), None)
        if known is not None and fresh.updated_at < known.updated_at:
            return
        self._show_list([fresh if s.id == fresh.id else s for s in self._sessions])

    # --- display -------------------------------------------------------------------------

    def _ipython_display_(self) -> None:
        bundle = widget_bundle(super()._repr_mimebundle_(), self._summary())
        show_live(bundle, self._fallback, f"Puffle campaign {self.campaign_id}")

    def _summary(self) -> str:
        return f"Puffle campaign {self.campaign_id}\n" + render.sessions_text(self._sessions)

    def flush_state(self) -> None:
        """Re-send the table state and refresh the static snapshot (see widgets/flush.py)."""
        if self.table.comm is not None:
            self.table.send_state(key=["rows", "status", "error", "selected"])
        self._fallback.refresh(force=True)

    def close(self) -> None:
        """Stop polling, close the opened sessions and the table."""
        if getattr(self, "_closed", True) or sys.is_finalizing():
            # Never finished __init__, closed already, or Python is exiting (the loop's daemon
            # thread is frozen then, and nothing is left to clean up).
            super().close()
            return
        self._closed = True
        if self._loop.alive:
            self._loop.call_soon(self._poller.close)
        for detail in self._details.values():
            detail.close()
        flush.forget(self)
        self.table.close()
        close_owned(self._owned, self._sync, self._async, self._loop)
        super().close()

    def __repr__(self) -> str:
        return f"CampaignWidget({self.campaign_id!r}, sessions={len(self._sessions)})"
