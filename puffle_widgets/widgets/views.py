"""Which views of a widget are on screen, from what each view reports.

Each view reports `{type: "visibility", view, visible}` when it renders, when its visibility
changes (the page hidden or shown, the widget scrolled into or out of view) and every half
minute while visible; `gone` when it is removed. A widget is visible if any view reported
visible recently, hidden if it has views that are not, and not displayed when it has none.
"""

from __future__ import annotations

from collections.abc import Callable

from puffle_widgets.live import Presence, settings


class Views:
    """The views of one widget and when each was last heard from (loop time)."""

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self._seen: dict[str, tuple[bool, float]] = {}

    def presence(self) -> Presence:
        """Visible if any view is (and was heard from lately), hidden if it has views."""
        now = self._now()
        live = settings()
        for view, (_visible, heard) in list(self._seen.items()):
            if now - heard > live.view_forget:
                del self._seen[view]
        if not self._seen:
            return "none"
        recent = (now - heard <= live.view_ttl for visible, heard in self._seen.values() if visible)
        return "visible" if any(recent) else "hidden"

    def report(self, view: str, visible: bool, *, gone: bool = False) -> bool:
        """Take one view's report; True when the widget just came into view."""
        before = self.presence()
        if gone:
            self._seen.pop(view, None)
        else:
            self._seen[view] = (visible, self._now())
        return self.presence() == "visible" and before != "visible"

    def __len__(self) -> int:
        return len(self._seen)
