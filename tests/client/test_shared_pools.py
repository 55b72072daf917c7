"""Clients the library creates share one SSL context, and one connection pool per (key, base
URL) (per event loop for async); a pool closes when the last client using it closes."""

from __future__ import annotations

import asyncio
import gc
import ssl
import threading
import uuid
from typing import Any

import httpx
import psutil
import pytest

from puffle_widgets import AsyncPuffle, Puffle
from puffle_widgets.client import pools, shared_ssl_context
from puffle_widgets.emulator import Emulator


def sync_http(client: Puffle) -> httpx.Client:
    return client._transport.http


async def async_http(client: AsyncPuffle) -> httpx.AsyncClient:
    return client._transport.http


def fresh_key() -> str:
    return f"pk_live_{uuid.uuid4().hex}"


def test_one_ssl_context_serves_every_client(monkeypatch: pytest.MonkeyPatch) -> None:
    context = shared_ssl_context()
    assert shared_ssl_context() is context
    made: list[Any] = []
    real = ssl.create_default_context

    def counting(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        made.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(ssl, "create_default_context", counting)

    async def use_async(keys: list[str]) -> None:
        for key in keys:
            client = AsyncPuffle(api_key=key, base_url="https://app.puffle.ai")
            await async_http(client)
            await client.close()

    keys = [fresh_key() for _ in range(10)]
    for key in keys:
        with Puffle(api_key=key, base_url="https://app.puffle.ai") as client:
            sync_http(client)
    asyncio.run(use_async(keys))
    assert made == []


def test_ssl_context_is_made_once_across_threads() -> None:
    seen: list[ssl.SSLContext] = []
    threads = [threading.Thread(target=lambda: seen.append(shared_ssl_context())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in seen}) == 1


def test_copies_share_the_pool_and_other_accounts_do_not() -> None:
    key = fresh_key()
    client = Puffle(api_key=key, base_url="http://127.0.0.1:9")
    copy = client.with_options(max_retries=0)
    twin = client.as_async().as_sync()
    same_account = Puffle(api_key=key, base_url="http://127.0.0.1:9/")
    other_key = Puffle(api_key=fresh_key(), base_url="http://127.0.0.1:9")
    other_url = Puffle(api_key=key, base_url="http://127.0.0.1:10")
    pool = sync_http(client)
    assert sync_http(copy) is pool and sync_http(twin) is pool and sync_http(same_account) is pool
    assert sync_http(other_key) is not pool and sync_http(other_url) is not pool
    for c in (client, copy, twin, same_account, other_key, other_url):
        c.close()


def test_the_pool_closes_with_its_last_client(emulator: Emulator) -> None:
    client = Puffle(api_key=emulator.api_key, base_url=emulator.url)
    copy = client.with_options(max_retries=0)
    pool = sync_http(client)
    campaign_id, _nodes = emulator.new_campaign(nodes=1)
    client.close()
    client.close()  # twice is harmless and gives back one lease only
    assert not pool.is_closed
    assert copy.sessions.list(campaign_id) == []  # the copy still works
    with pytest.raises(RuntimeError, match="closed"):
        client.sessions.list(campaign_id)
    copy.close()
    assert pool.is_closed
    with Puffle(api_key=emulator.api_key, base_url=emulator.url) as fresh:
        assert sync_http(fresh) is not pool
        assert fresh.sessions.list(campaign_id) == []


def test_a_dropped_client_gives_its_lease_back() -> None:
    client = Puffle(api_key=fresh_key(), base_url="http://127.0.0.1:9")
    pool = sync_http(client)
    del client
    gc.collect()
    assert pool.is_closed


async def test_async_clients_share_a_pool_per_loop(emulator: Emulator) -> None:
    campaign_id, _nodes = emulator.new_campaign(nodes=1)
    client = AsyncPuffle(api_key=emulator.api_key, base_url=emulator.url)
    copy = client.with_options(max_retries=0)
    pool = await async_http(client)
    assert await async_http(copy) is pool
    twin = Puffle(api_key=emulator.api_key, base_url=emulator.url).as_async()
    assert await async_http(twin) is pool

    other_loop: list[httpx.AsyncClient] = []

    def on_another_loop() -> None:
        async def run() -> None:
            other = client.with_options()
            other_loop.append(await async_http(other))
            await other.close()

        asyncio.run(run())

    thread = threading.Thread(target=on_another_loop)
    thread.start()
    thread.join()
    assert other_loop[0] is not pool and other_loop[0].is_closed

    await client.close()
    assert not pool.is_closed
    assert await copy.sessions.list(campaign_id) == []
    await copy.close()
    assert not pool.is_closed  # the twin still holds it
    await twin.close()
    assert pool.is_closed


def test_a_client_collected_while_another_makes_its_pool_does_not_deadlock() -> None:
    """Garbage collection can run a dropped client's lease finalizer on a thread that is in the
    middle of making a pool (seen: a hung test run). Here the drop happens at exactly that point:
    a thread holding the pool registry's lock."""
    from puffle_widgets.client import pools

    def drop_while_locked() -> None:
        with pools._registry.lock:
            client = Puffle(api_key=fresh_key(), base_url="http://127.0.0.1:9")
            sync_http(client)  # takes a lease
            del client  # its finalizer gives the lease back here, on this thread

    worker = threading.Thread(target=drop_while_locked, daemon=True)
    worker.start()
    worker.join(10.0)  # a safety net against a hang, not a timing
    assert not worker.is_alive(), "a lease finalizer waited for a lock its own thread held"


def client_sockets(emulator: Emulator) -> list[Any]:
    """This process's open sockets to the emulator (its own server side left out)."""
    port = int(emulator.url.rsplit(":", 1)[1])
    return [
        c for c in psutil.Process().net_connections(kind="tcp") if c.raddr and c.raddr.port == port
    ]


@pytest.mark.parametrize("cancel", [False, True], ids=["finishing", "cancelled"])
async def test_closing_under_a_request_in_flight_leaves_no_socket_open(
    emulator: Emulator, cancel: bool
) -> None:
    """The last client closes while a request of its own is still connecting (a widget closing
    under its poll): the pool closes once that request is over, and no socket stays open.
    Closed at once, httpcore's pool forgot the connection still being made, and its socket
    stayed open for good (one per loop step below; the soak found 1-7 after every run)."""
    campaign_id, _nodes = emulator.new_campaign(nodes=1)
    for steps in range(8):  # every point of the request's progress, from not started to done
        client = AsyncPuffle(api_key=emulator.api_key, base_url=emulator.url, max_retries=0)
        pool = await async_http(client)
        request = asyncio.ensure_future(client.sessions.list(campaign_id))
        for _ in range(steps):
            await asyncio.sleep(0)  # one loop step: not a wait for time
        if cancel:
            request.cancel()
        await client.close()
        await asyncio.gather(request, return_exceptions=True)
        await asyncio.gather(*pools._closing)
        assert pool.is_closed, f"after {steps} steps"
        assert client_sockets(emulator) == [], f"after {steps} steps"


async def test_an_async_client_dropped_without_close_still_closes_its_pool(
    emulator: Emulator,
) -> None:
    """The last lease given back by garbage collection left the pool open with its keep-alive
    sockets for as long as the loop ran; now the pool is closed on its loop."""
    campaign_id, _nodes = emulator.new_campaign(nodes=1)
    client = AsyncPuffle(api_key=emulator.api_key, base_url=emulator.url)
    pool = await async_http(client)
    await client.sessions.list(campaign_id)
    assert client_sockets(emulator) != []  # kept alive for the next request
    del client
    gc.collect()
    await asyncio.sleep(0)  # one loop step: the close is handed to the loop
    await asyncio.gather(*pools._closing)
    assert pool.is_closed
    assert client_sockets(emulator) == []
