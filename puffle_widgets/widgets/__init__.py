"""The notebook widgets: `SessionWidget` (one session) and `CampaignWidget` (a campaign)."""

from puffle_widgets.widgets.campaign import CampaignWidget
from puffle_widgets.widgets.session import SessionWidget

__all__ = ["CampaignWidget", "SessionWidget"]
