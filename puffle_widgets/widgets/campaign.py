"""`CampaignWidget`: every session of a campaign as a table; the selected row opens below.

A single anywidget (traits in campaign_traits.py, front-end messages in campaign_messages.py):
the view draws the table, Refresh and the freshness line, and the opened `SessionWidget` below
them through anywidget's host (the `detail` trait references it). `selected` is the selected
session's id, a synced trait: watch it with `cw.observe(fn, names="selected")`, or in marimo
read it from `mo.ui.anywidget(cw).value["selected"]` in a cell that reruns when a row is picked.

Rows follow every snapshot of their sessions observed in this kernel (a poll, a list, a save or
a turn through a `SessionWidget`), each row ordered by when its snapshot was asked for
(live/observed.py). The list is polled through the kernel-wide scheduler: about every second
while a session is busy, every 20 s while a view is on screen, every 5 minutes while its views
are hidden, never while nothing displays it.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
import uuid
from collections.abc import Mapping
from typing import Any

import traitlets as t

from puffle_widgets import render
from puffle_widgets.client import AsyncPuffle, Puffle
from puffle_widgets.errors import FATAL_ERRORS, PuffleError, WaitTimeoutError
from puffle_widgets.live import (
    CampaignPoller,
    CampaignUpdate,
    Observed,
    WorkLoop,
    newer,
    next_seq,
    scheduler_for,
    share_session,
    watch_campaign,
)
from puffle_widgets.models import Session, check_uuid
from puffle_widgets.widgets import flush
from puffle_widgets.widgets.campaign_details import OpenedSessions
from puffle_widgets.widgets.campaign_messages import CampaignMessages
from puffle_widgets.widgets.campaign_traits import row_of
from puffle_widgets.widgets.clients import client_pair, close_owned
from puffle_widgets.widgets.display import StaticFallback, short_error, show_live, widget_bundle
from puffle_widgets.widgets.session import SessionWidget
from puffle_widgets.widgets.session.saved_note import read_at
from puffle_widgets.widgets.session.turn_context import check_context_keys
from puffle_widgets.widgets.views import Views

log = logging.getLogger("puffle_widgets.widgets")

# `checked_at` is re-sent at most this often while the list does not change.
CHECKED_STEP_MS = 10_000.0
STATE_KEYS = ("rows", "status", "error", "selected", "checked_at", "detail", "detail_error")


class CampaignWidget(CampaignMessages):
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
        super().__init__(fallback_key=key)
        try:
            self._start(campaign_id, client, session_context, key)
        except BaseException:
            # The comm is open from here on: whatever failed, leave nothing open or alive.
            self.close()
            raise

    def _start(
        self,
        campaign_id: str,
        client: Puffle | AsyncPuffle | None,
        session_context: dict[str, Any],
        key: str,
    ) -> None:
        self.set_trait("campaign_id", campaign_id)
        self._loop = WorkLoop.capture()
        self._sync, self._async, self._owned = client_pair(client)
        self._sessions: list[Session] = []
        self._seen: dict[str, Observed] = {}  # each row's snapshot and when it was asked for
        self._opened = OpenedSessions(self._async, session_context)
        self._fallback = StaticFallback(self._static_html, key)
        self._views = Views(lambda: self._poller.scheduler.now())
        self._poller = self._loop.run(self._make_poller)
        self._stop_watching = self._loop.run(
            watch_campaign, self._async, campaign_id, self._on_session
        )
        self._closed = False
        self.observe(self._on_selected, names="selected")
        self.on_msg(self._on_msg)
        try:
            self.refresh(wait=True)
        except FATAL_ERRORS:
            raise
        except PuffleError as exc:
            # Unreachable for now: show it and keep trying in the background.
            self._loop.run(self._problem, "reconnecting", exc)
            self._loop.run(self._poller.start)

    @property
    def sessions(self) -> list[Session]:
        """The sessions as last listed, oldest first."""
        return list(self._sessions)

    @t.validate("detail")
    def _valid_detail(self, proposal: Any) -> SessionWidget | None:
        value = proposal["value"]
        if value is not None and not isinstance(value, SessionWidget):
            raise t.TraitError(f"detail is the opened SessionWidget or None, not {value!r}.")
        return value

    def _make_poller(self) -> CampaignPoller:
        scheduler = scheduler_for(self._async)
        # The poller's own copy (no hidden retries); closed with the widget.
        self._poll_client = self._async.with_options(max_retries=0)
        return CampaignPoller(
            self._poll_client,
            self.campaign_id,
            self._on_poll,
            scheduler,
            self._views.presence,
        )

    def refresh(self, *, wait: bool = False) -> list[Session] | None:
        """List the campaign again: at once in the background (None), or, with `wait=True`,
        here, returning the sessions."""
        if not wait:
            self._loop.run(self._poller.poke)
            return None
        seq = next_seq()
        sessions = self._sync.sessions.list(self.campaign_id)
        self._loop.run(self._show_list, sessions, seq)
        return sessions

    def select(self, session_id: str | None) -> SessionWidget | None:
        """Open `session_id` below the table (None closes it), as a click on its row does;
        returns its `SessionWidget`."""
        if session_id is not None and all(s.id != session_id for s in self._sessions):
            known = ", ".join(s.id for s in self._sessions) or "none"
            raise ValueError(f"No session {session_id!r} in this campaign; its sessions: {known}.")
        self.selected = session_id
        self._loop.run(self._open, session_id)
        detail: SessionWidget | None = self.detail
        return detail

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

    def _show_list(self, sessions: list[Session], seq: int) -> None:
        """A list got here by a refresh: show it, and poll while any session in it is busy."""
        self._take_list(sessions, seq)
        if not self._closed:
            self._poller.publish(self._sessions)

    def _on_poll(self, update: CampaignUpdate) -> None:
        if update.kind == "sessions":
            self._take_list(update.sessions, update.seq)
        elif update.error is not None:
            self._problem(
                "reconnecting" if update.kind == "reconnecting" else "error", update.error
            )

    def _take_list(self, sessions: list[Session], seq: int) -> None:
        """A list from a request numbered `seq`: each row keeps whichever snapshot was asked
        for last; every session's poller hears of the list too."""
        rows: list[Session] = []
        for session in sessions:
            listed = Observed(session, seq)
            known = self._seen.get(session.id)
            if newer(listed, known):
                self._seen[session.id] = listed
                share_session(self._async, listed)
            rows.append(self._seen[session.id].session)
        now, last = time.time() * 1000.0, self.checked_at
        if rows != self._sessions or last is None or now - last >= CHECKED_STEP_MS:
            self.checked_at = now  # re-sent at most every 10 s while nothing changes
        self._apply(rows)

    def _on_session(self, observed: Observed) -> None:
        """A snapshot of one of the campaign's sessions, observed anywhere in this kernel."""
        known = self._seen.get(observed.session.id)
        if self._closed or known is None or not newer(observed, known):
            return
        self._seen[observed.session.id] = observed
        rows = [observed.session if s.id == observed.session.id else s for s in self._sessions]
        self._apply(rows)
        self._poller.publish(rows)

    def _apply(self, sessions: list[Session]) -> None:
        self._sessions = sessions
        busy = any(s.is_busy for s in sessions)
        with self.hold_sync():
            self.rows = [row_of(s) for s in sessions]
            self.status = "busy" if busy else "idle"
            self.error = ""
        flush.mark_changed(self)
        self._fallback.refresh()

    def _problem(self, status: str, exc: BaseException) -> None:
        with self.hold_sync():
            self.status = status
            self.error = short_error(exc)
        flush.mark_changed(self)

    # --- the opened session -------------------------------------------------------------

    def _on_selected(self, change: Mapping[str, Any]) -> None:
        # The browser's click may arrive on another thread: open it on the loop.
        self._loop.call_soon(self._open_quietly, change["new"])

    def _open_quietly(self, session_id: object) -> None:
        """Open what the browser selected; a failure shows in the view, never raises."""
        try:
            self._open(session_id if isinstance(session_id, str) else None)
        except Exception as exc:
            log.warning("campaign %s: could not open session %s", self.campaign_id, session_id)
            self.detail_error = f"Could not open this session here: {short_error(exc)}"
            flush.mark_changed(self)

    def _open(self, session_id: str | None) -> None:
        """Show `session_id`'s widget below the table (made on first use), or none."""
        current: SessionWidget | None = self.detail
        if self._closed or (current is not None and current.session_id == session_id):
            return
        detail = self._opened.get(session_id)
        if detail is None and session_id in self._seen:
            detail = self._opened.make(self._seen[session_id])
        with self.hold_sync():
            self.detail = detail
            self.detail_error = ""
        flush.mark_changed(self)

    # --- display -------------------------------------------------------------------------

    def _ipython_display_(self) -> None:
        bundle = widget_bundle(super()._repr_mimebundle_(), self._summary())
        show_live(bundle, self._fallback, f"Puffle campaign {self.campaign_id}")

    def _static_html(self) -> str:
        listed = read_at(self.checked_at, "List")
        return f'<div class="pw-saved-note">{listed}</div>{render.sessions_html(self._sessions)}'

    def _summary(self) -> str:
        return f"Puffle campaign {self.campaign_id}\n" + render.sessions_text(self._sessions)

    def flush_state(self) -> None:
        """Re-send the state and refresh the static snapshot (see widgets/flush.py)."""
        if self.comm is not None:
            self.send_state(key=list(STATE_KEYS))
        self._fallback.refresh(force=True)

    def close(self) -> None:
        """Stop polling, close the opened sessions and the widget."""
        if getattr(self, "_closed", True) or sys.is_finalizing():
            # Never finished __init__, closed already, or Python is exiting (the loop's daemon
            # thread is frozen then, and nothing is left to clean up).
            super().close()
            return
        self._closed = True
        if self._loop.alive:
            self._loop.call_soon(self._poller.close)
            self._loop.call_soon(self._stop_watching)
            self._loop.submit(self._poll_client.close())
        self._opened.close()
        flush.forget(self)
        self._fallback.close()
        close_owned(self._owned, self._sync, self._async, self._loop)
        super().close()

    def __repr__(self) -> str:
        return f"CampaignWidget({self.campaign_id!r}, sessions={len(self._sessions)})"
