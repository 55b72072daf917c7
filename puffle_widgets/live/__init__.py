"""Live updates: the loop background work runs on, shared session pollers, campaign polling."""

from puffle_widgets.live.campaign_poller import CampaignPoller, CampaignUpdate
from puffle_widgets.live.hub import active_pollers, poller_for
from puffle_widgets.live.loop import WorkLoop
from puffle_widgets.live.poller import PollUpdate, SessionPoller

__all__ = [
    "CampaignPoller",
    "CampaignUpdate",
    "PollUpdate",
    "SessionPoller",
    "WorkLoop",
    "active_pollers",
    "poller_for",
]
