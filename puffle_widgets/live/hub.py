"""Where pollers live: per event loop and account, one scheduler, one poller per session, and
the campaign tables that want to hear about any of the account's sessions.

Any snapshot observed anywhere (a poll, a widget's save or turn, a campaign list) is shared
through here: a session's poller gives it to every widget on that session, and each campaign
table of that campaign takes it into its row.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from puffle_widgets.client import AsyncPuffle
from puffle_widgets.live.observed import Observed
from puffle_widgets.live.poller import SessionPoller
from puffle_widgets.live.scheduler import PollScheduler

log = logging.getLogger("puffle_widgets.live")

SessionListener = Callable[[Observed], None]


@dataclass
class _Account:
    """What one account shares on one loop."""

    scheduler: PollScheduler
    pollers: dict[str, SessionPoller] = field(default_factory=dict)
    campaigns: dict[str, list[SessionListener]] = field(default_factory=dict)


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _Account]]
_hubs = weakref.WeakKeyDictionary()
# Strong references keep a closing client's task alive until it finishes.
_closing: set[asyncio.Task[None]] = set()


def _account(client: AsyncPuffle) -> _Account:
    accounts = _hubs.setdefault(asyncio.get_running_loop(), {})
    account = accounts.get(client.fingerprint)
    if account is None:
        account = accounts[client.fingerprint] = _Account(PollScheduler())
    return account


def scheduler_for(client: AsyncPuffle) -> PollScheduler:
    """The poll scheduler of `client`'s account on the running loop; call on the loop thread."""
    return _account(client).scheduler


def poller_for(client: AsyncPuffle, session_id: str) -> SessionPoller:
    """The shared poller of `session_id` for `client`'s account; call on the loop thread."""
    account = _account(client)
    poller = account.pollers.get(session_id)
    if poller is None:
        # The poller owns its client, so it outlives whichever widget made it. Errors surface
        # at once as "reconnecting" instead of after hidden retries.
        own_client = client.with_options(max_retries=0)

        def discard() -> None:
            account.pollers.pop(session_id, None)
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return  # the loop is gone, and the client's connections with it
            task = loop.create_task(own_client.close())
            _closing.add(task)
            task.add_done_callback(_closing.discard)

        def share(observed: Observed) -> None:
            _tell_campaigns(account, observed)

        poller = SessionPoller(own_client, session_id, discard, account.scheduler, share)
        account.pollers[session_id] = poller
    return poller


def share_session(client: AsyncPuffle, observed: Observed) -> None:
    """A snapshot observed outside a session poller (a campaign list): give it to the
    session's poller, if any, and to the campaign tables."""
    account = _account(client)
    poller = account.pollers.get(observed.session.id)
    if poller is not None:
        poller.take(observed, share=False)
    _tell_campaigns(account, observed)


def watch_campaign(
    client: AsyncPuffle, campaign_id: str, listener: SessionListener
) -> Callable[[], None]:
    """Call `listener` with every snapshot of a session of `campaign_id` observed on this
    account; returns the function that stops it."""
    listeners = _account(client).campaigns.setdefault(campaign_id, [])
    listeners.append(listener)

    def stop() -> None:
        if listener in listeners:
            listeners.remove(listener)

    return stop


def _tell_campaigns(account: _Account, observed: Observed) -> None:
    for listener in list(account.campaigns.get(observed.session.campaign_id, [])):
        try:
            listener(observed)
        except Exception:
            log.exception("a campaign table failed to take a snapshot")


def active_pollers() -> list[SessionPoller]:
    """The session pollers on the running loop (for tests and diagnostics)."""
    accounts = _hubs.get(asyncio.get_running_loop(), {})
    return [poller for account in accounts.values() for poller in account.pollers.values()]
