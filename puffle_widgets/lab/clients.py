"""The sync and async clients a lab works with, from whatever the user passed.

(`puffle_widgets.widgets` has the same rule in `client_pair`, not exported; this is the lab's.)
"""

from __future__ import annotations

from puffle_widgets.client import AsyncPuffle, Puffle, default_client


def client_pair(client: Puffle | AsyncPuffle | None) -> tuple[Puffle, AsyncPuffle, set[str]]:
    """A sync and an async client for one account, and which of the two the lab made (and so
    closes): never one the user passed in."""
    if client is None:
        client = default_client()
    if isinstance(client, Puffle):
        return client, client.as_async(), {"async"}
    if isinstance(client, AsyncPuffle):
        return client.as_sync(), client, {"sync"}
    raise TypeError(f"client must be a Puffle or AsyncPuffle, got {type(client).__name__}.")


def sync_client(client: Puffle | AsyncPuffle | None) -> tuple[Puffle, bool]:
    """A sync client, and whether it was made here (and must be closed)."""
    if client is None:
        return default_client(), False
    if isinstance(client, Puffle):
        return client, False
    if isinstance(client, AsyncPuffle):
        return client.as_sync(), True
    raise TypeError(f"client must be a Puffle or AsyncPuffle, got {type(client).__name__}.")
