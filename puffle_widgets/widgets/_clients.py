"""The sync and async clients a widget works with, from whatever the user passed."""

from __future__ import annotations

from puffle_widgets.client import AsyncPuffle, Puffle, default_client


def client_pair(client: Puffle | AsyncPuffle | None) -> tuple[Puffle, AsyncPuffle, set[str]]:
    """A sync and an async client for one account, and which of them the widget owns."""
    if client is None:
        client = default_client()
    if isinstance(client, Puffle):
        return client, client.as_async(), {"async"}
    if isinstance(client, AsyncPuffle):
        return client.as_sync(), client, {"sync"}
    raise TypeError(f"client must be a Puffle or AsyncPuffle, got {type(client).__name__}.")
