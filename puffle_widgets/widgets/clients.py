"""The sync and async clients a widget works with, from whatever the user passed."""

from __future__ import annotations

import contextlib
import functools
import importlib

from puffle_widgets.client import AsyncPuffle, Puffle, default_client
from puffle_widgets.live import WorkLoop


def client_pair(client: Puffle | AsyncPuffle | None) -> tuple[Puffle, AsyncPuffle, set[str]]:
    """A sync and an async client for one account, and which of them the widget owns. Both
    share the process's connection pools (client/pools.py), so making them is cheap."""
    _load_async_transport()
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


@functools.cache
def _load_async_transport() -> None:
    # The async client's first request imports anyio's asyncio backend (~0.1 s). A widget makes
    # that request later, on the kernel's loop while a turn runs, where it would hold up every
    # cell; import it now, in the cell that makes the widget.
    with contextlib.suppress(ImportError):
        importlib.import_module("anyio._backends._asyncio")
        importlib.import_module("anyio.streams.tls")
