"""Typed sync and async clients for the Puffle campaign AI chat session API.

Other packages import from here only; the modules of this package are internal.
"""

from puffle_widgets.client.base_url import DEFAULT_BASE_URL
from puffle_widgets.client.defaults import default_client, set_default_client
from puffle_widgets.client.polling import PollSchedule
from puffle_widgets.client.pools import shared_ssl_context
from puffle_widgets.client.puffle import AsyncPuffle, Puffle
from puffle_widgets.client.retries import MAX_RETRY_AFTER
from puffle_widgets.client.secret import Secret
from puffle_widgets.client.sessions import AsyncSessions, Sessions

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_RETRY_AFTER",
    "AsyncPuffle",
    "AsyncSessions",
    "PollSchedule",
    "Puffle",
    "Secret",
    "Sessions",
    "default_client",
    "set_default_client",
    "shared_ssl_context",
]
