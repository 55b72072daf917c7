"""Live updates: the loop background work runs on, the kernel-wide poll scheduler and its
budget, shared session pollers, campaign polling, and the order snapshots were observed in."""

from puffle_widgets.live.campaign_poller import CampaignPoller, CampaignUpdate
from puffle_widgets.live.hub import (
    active_pollers,
    poller_for,
    scheduler_for,
    share_session,
    watch_campaign,
)
from puffle_widgets.live.loop import WorkLoop
from puffle_widgets.live.observed import Observed, mark, newer, next_seq, trusted_time
from puffle_widgets.live.poller import SessionPoller
from puffle_widgets.live.scheduler import PollScheduler, Want
from puffle_widgets.live.settings import LiveSettings, configure, settings
from puffle_widgets.live.updates import PollUpdate, Presence

__all__ = [
    "CampaignPoller",
    "CampaignUpdate",
    "LiveSettings",
    "Observed",
    "PollScheduler",
    "PollUpdate",
    "Presence",
    "SessionPoller",
    "Want",
    "WorkLoop",
    "active_pollers",
    "configure",
    "mark",
    "newer",
    "next_seq",
    "poller_for",
    "scheduler_for",
    "settings",
    "share_session",
    "trusted_time",
    "watch_campaign",
]
