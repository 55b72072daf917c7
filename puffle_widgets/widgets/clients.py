"""The sync and async clients a widget works with, from whatever the user passed."""

from __future__ import annotations

from puffle_widgets.client import AsyncPuffle, Puffle, default_client
from puffle_widgets.live import WorkLoop


def client_pair(client: Puffle | AsyncPuffle | None) -> tuple[Puffle, AsyncPuffle, set[str]]:
    """A sync and an async client for one account, and which of them the widget owns."""
    if client is None:
        client = default_client()
    if isinstance(client, Puffle):
        return client, client.as_async(), {"async"}
    if isinstance(client, AsyncPuffle):
        return client.as_sync(), client, {"sync"}
    raise TypeError(f"client must be a Puffle or AsyncPuffle, got {type(client).__name__}.")


def close_owned(owned: set[str], sync: Puffle, async_: AsyncPuffle, loop: WorkLoop) -> None:
    """Close the clients a widget made for itself (never ones the user passed in)."""
    if "sync" in owned:
        sync.close()
    if "async" in owned and loop.alive:
        loop.submit(async_.close())
