"""The client that widgets and magics use when none is passed in.

One client per configuration: the key and base URL are read from the environment at each call,
and a client is reused only for the same (key, base URL). A process that serves several users
(e.g. `marimo run`) therefore never hands one user's client to another; apps should still pass
`client=` explicitly.
"""

from __future__ import annotations

import os
import threading

from puffle_widgets.client.base_url import BASE_URL_ENV, DEFAULT_BASE_URL, normalize_base_url
from puffle_widgets.client.options import API_KEY_ENV, resolve_key
from puffle_widgets.client.puffle import AsyncPuffle, Puffle
from puffle_widgets.client.secret import Secret

_lock = threading.Lock()
_explicit: Puffle | None = None
# (digest of the key, base URL) -> the client for that configuration.
_by_config: dict[tuple[str, str], Puffle] = {}


def set_default_client(client: Puffle | AsyncPuffle | None) -> None:
    """Make `client` the default (None: go back to building one from the environment)."""
    global _explicit
    with _lock:
        _explicit = client.as_sync() if isinstance(client, AsyncPuffle) else client


def default_client() -> Puffle:
    """The default client: the one set with `set_default_client`, else the one for the
    environment's current PUFFLE_API_KEY and PUFFLE_API_BASE_URL."""
    with _lock:
        if _explicit is not None:
            return _explicit
        key = resolve_key(Secret.from_env(API_KEY_ENV))
        url = normalize_base_url(os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL)
        config = (key.digest(), url)
        client = _by_config.get(config)
        if client is None:
            client = _by_config[config] = Puffle(api_key=key, base_url=url)
        return client
