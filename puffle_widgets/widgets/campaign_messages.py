"""How `CampaignWidget` answers its front end: one handler per `CampaignMessage` type
(js/src/types.ts), run on the widget's loop thread.

A handler never raises into the kernel: an odd message is ignored, and a failure is logged.
campaign.py sets the parts these use when the widget starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from puffle_widgets.live import CampaignPoller, WorkLoop
from puffle_widgets.widgets.campaign_traits import CampaignTraits
from puffle_widgets.widgets.views import Views

log = logging.getLogger("puffle_widgets.widgets")


class CampaignMessages(CampaignTraits):
    """`CampaignWidget`'s handling of the messages its views send."""

    _loop: WorkLoop
    _closed: bool
    _poller: CampaignPoller
    _views: Views

    def _on_msg(self, _widget: object, content: Any, _buffers: object) -> None:
        # Comm handlers may run on another thread: hand the message to the loop.
        self._loop.call_soon(self._handle_message, content)

    def _handle_message(self, content: object) -> None:
        """One message from the front end, looked up in `HANDLERS`; anything odd is ignored,
        and a handler's failure is logged, never raised into the kernel."""
        if self._closed or not isinstance(content, dict):
            return
        handler = self.HANDLERS.get(str(content.get("type")))
        if handler is None:
            return
        try:
            handler(self, content)
        except Exception:
            log.exception("campaign %s: a %r message failed", self.campaign_id, content["type"])

    def _refresh_message(self, _message: dict[str, Any]) -> None:
        self._poller.poke()

    def _visibility(self, message: dict[str, Any]) -> None:
        view, visible = message.get("view"), message.get("visible")
        if isinstance(view, str) and 0 < len(view) <= 100 and isinstance(visible, bool):
            gone = message.get("gone") is True
            self._poller.presence_changed(appeared=self._views.report(view, visible, gone=gone))

    def _ping(self, message: dict[str, Any]) -> None:
        nonce = message.get("nonce")
        if isinstance(nonce, str) and len(nonce) <= 100 and self.comm is not None:
            # Answered from the loop: a pong proves the loop (not just the comm) is alive.
            self.send({"type": "pong", "nonce": nonce})

    # One handler per `CampaignMessage` type (js/src/types.ts).
    HANDLERS: ClassVar[Mapping[str, Callable[[CampaignMessages, dict[str, Any]], None]]] = {
        "refresh": _refresh_message,
        "visibility": _visibility,
        "ping": _ping,
    }
