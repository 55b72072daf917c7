"""Typed sync and async clients for the Puffle campaign AI chat session API."""

from puffle_widgets.client._default import default_client, set_default_client
from puffle_widgets.client._options import DEFAULT_BASE_URL
from puffle_widgets.client._polling import PollSchedule
from puffle_widgets.client.puffle import AsyncPuffle, Puffle
from puffle_widgets.client.sessions import AsyncSessions, Sessions

__all__ = [
    "DEFAULT_BASE_URL",
    "AsyncPuffle",
    "AsyncSessions",
    "PollSchedule",
    "Puffle",
    "Sessions",
    "default_client",
    "set_default_client",
]
