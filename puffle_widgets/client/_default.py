"""The client that widgets and magics use when none is passed in."""

from __future__ import annotations

import threading

from puffle_widgets.client.puffle import AsyncPuffle, Puffle

_lock = threading.Lock()
_default: Puffle | None = None


def set_default_client(client: Puffle | AsyncPuffle | None) -> None:
    """Make `client` the default (None: go back to building one from the environment)."""
    global _default
    with _lock:
        _default = client.as_sync() if isinstance(client, AsyncPuffle) else client


def default_client() -> Puffle:
    """The default client: the one set with `set_default_client`, else one from the environment."""
    global _default
    with _lock:
        if _default is None:
            _default = Puffle()
        return _default
