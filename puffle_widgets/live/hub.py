"""Where pollers live: one per (account, session) and loop, shared by every widget on it."""

from __future__ import annotations

import asyncio
import weakref

from puffle_widgets.client import AsyncPuffle
from puffle_widgets.live.poller import SessionPoller

_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, str], SessionPoller]]
_hubs = weakref.WeakKeyDictionary()
# Strong references keep a closing client's task alive until it finishes.
_closing: set[asyncio.Task[None]] = set()


def poller_for(client: AsyncPuffle, session_id: str) -> SessionPoller:
    """The shared poller of `session_id` for `client`'s account; call on the loop thread."""
    pollers = _hubs.setdefault(asyncio.get_running_loop(), {})
    key = (client.fingerprint, session_id)
    poller = pollers.get(key)
    if poller is None:
        # The poller owns its client, so it outlives whichever widget made it. Errors surface
        # at once as "reconnecting" instead of after hidden retries.
        own_client = client.with_options(max_retries=0)

        def discard() -> None:
            pollers.pop(key, None)
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return  # the loop is gone, and the client's connections with it
            task = loop.create_task(own_client.close())
            _closing.add(task)
            task.add_done_callback(_closing.discard)

        poller = SessionPoller(own_client, session_id, discard)
        pollers[key] = poller
    return poller


def active_pollers() -> list[SessionPoller]:
    """The pollers on the running loop (for tests and diagnostics)."""
    return list(_hubs.get(asyncio.get_running_loop(), {}).values())
