"""Live updates: the loop background work runs on, and shared session pollers."""

from puffle_widgets.live.hub import active_pollers, poller_for
from puffle_widgets.live.loop import WorkLoop
from puffle_widgets.live.poller import PollUpdate, SessionPoller

__all__ = ["PollUpdate", "SessionPoller", "WorkLoop", "active_pollers", "poller_for"]
