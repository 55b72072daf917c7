"""Connection pools shared by the clients this library creates.

Building an httpx client builds an SSL context (~40 ms and ~0.8 MB each), and each widget used
to make two clients. Here one SSL context serves the whole process, and one `httpx.Client` per
(key, base URL) and one `httpx.AsyncClient` per (key, base URL, event loop) serve every `Puffle`
and `AsyncPuffle` made without `http_client=`: copies from `with_options()`, `as_async()` and
`as_sync()`, the default client, and every widget. Pools are keyed by account as well as server
so that nothing an httpx client keeps (cookies, connections) crosses from one key to another.

Each client holds a lease; the pool closes when its last lease is released (`close()`, or the
client being garbage-collected, after which an async pool is closed on its loop), so closing
one client never breaks another. An async pool closes only once the requests going through it
are over: httpcore's `aclose()` closes the connections it holds, but a request still connecting
then finishes on a connection the pool no longer knows, whose socket nothing ever closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx

H = TypeVar("H", httpx.Client, httpx.AsyncClient)

_ssl_lock = threading.Lock()
_ssl_context: ssl.SSLContext | None = None


def shared_ssl_context() -> ssl.SSLContext:
    """The process's SSL context (httpx's defaults: certifi, or SSL_CERT_FILE/SSL_CERT_DIR)."""
    global _ssl_context
    with _ssl_lock:
        if _ssl_context is None:
            _ssl_context = httpx.create_ssl_context()
        return _ssl_context


PoolKey = tuple[str, str]  # (digest of the key, base URL): never the key itself


@dataclass
class _Pool(Generic[H]):
    http: H
    leases: int = 0
    sending: int = 0  # async requests in flight (touched on the pool's loop only)
    closing: bool = False  # the last lease went while requests were in flight


# Pools closing after their last request: strong references until the close is done.
_closing: set[asyncio.Task[None]] = set()


@dataclass
class _Registry:
    # Reentrant: garbage collection can run a lease's finalizer (which takes this lock) on a
    # thread that holds it while making a pool; a plain lock would hang that thread for good.
    lock: threading.RLock = field(default_factory=threading.RLock)
    sync: dict[PoolKey, _Pool[httpx.Client]] = field(default_factory=dict)
    # Per loop: an AsyncClient's connections belong to the loop that opened them.
    async_: weakref.WeakKeyDictionary[
        asyncio.AbstractEventLoop, dict[PoolKey, _Pool[httpx.AsyncClient]]
    ] = field(default_factory=weakref.WeakKeyDictionary)


_registry = _Registry()


class SyncLease:
    """One client's share of the sync pool for its (key, base URL)."""

    def __init__(self, key: PoolKey) -> None:
        self.key = key
        with _registry.lock:
            pool = _registry.sync.get(key)
            if pool is None:
                http = httpx.Client(verify=shared_ssl_context())
                pool = _registry.sync[key] = _Pool(http)
            pool.leases += 1
            self.http: httpx.Client | None = pool.http
        # A client dropped without close() still gives its lease back.
        self._finalizer = weakref.finalize(self, _release_sync, key)

    def release(self) -> None:
        """Give the lease back (once); the last one closes the pool."""
        self.http = None
        self._finalizer()


def _release_sync(key: PoolKey) -> None:
    with _registry.lock:
        pool = _registry.sync.get(key)
        if pool is None:
            return
        pool.leases -= 1
        if pool.leases > 0:
            return
        del _registry.sync[key]
    pool.http.close()


class AsyncLeases:
    """One client's shares of the async pools for its (key, base URL), one per event loop
    it has been used on, taken on first use (a client may be made before its loop runs)."""

    def __init__(self, key: PoolKey) -> None:
        self.key = key
        self._lock = threading.Lock()
        self._held: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[_Pool[httpx.AsyncClient], Any]
        ] = weakref.WeakKeyDictionary()

    def http(self) -> httpx.AsyncClient:
        """The pool for the running loop; call on that loop."""
        return self._pool().http

    @contextlib.contextmanager
    def sending(self) -> Iterator[httpx.AsyncClient]:
        """The pool for the running loop, counted as in use while the block sends a request:
        a pool whose last lease goes meanwhile is closed once the block is over."""
        pool = self._pool()
        pool.sending += 1
        try:
            yield pool.http
        finally:
            pool.sending -= 1
            if pool.closing and pool.sending == 0:
                _close_soon(pool)

    def _pool(self) -> _Pool[httpx.AsyncClient]:
        loop = asyncio.get_running_loop()
        with self._lock:
            held = self._held.get(loop)
            if held is not None:
                return held[0]
            with _registry.lock:
                pools = _registry.async_.setdefault(loop, {})
                pool = pools.get(self.key)
                if pool is None:
                    pool = pools[self.key] = _Pool(httpx.AsyncClient(verify=shared_ssl_context()))
                pool.leases += 1
            # Dropped without close(): the lease goes back, and a pool left without leases is
            # closed on its loop (else its keep-alive sockets stay open as long as the loop).
            finalizer = weakref.finalize(self, _release_dropped, weakref.ref(loop), self.key)
            self._held[loop] = (pool, finalizer)
            return pool

    async def release(self) -> None:
        """Give back every lease (once); pools whose last lease this was are closed."""
        with self._lock:
            held = list(self._held.values())
            self._held.clear()
        for _pool, finalizer in held:
            detached = finalizer.detach()
            if detached is None:
                continue
            _obj, _func, (ref, key), _kwargs = detached
            loop = ref()
            last = _release_async(ref, key)
            if last is not None and loop is not None:
                await _close_on(loop, last)


def _release_async(
    ref: weakref.ref[asyncio.AbstractEventLoop], key: PoolKey
) -> _Pool[httpx.AsyncClient] | None:
    """Give back one lease; the pool when that was the last one, else None."""
    loop = ref()
    if loop is None:
        return None
    with _registry.lock:
        pools = _registry.async_.get(loop, {})
        pool = pools.get(key)
        if pool is None:
            return None
        pool.leases -= 1
        if pool.leases > 0:
            return None
        del pools[key]
    return pool


def _release_dropped(ref: weakref.ref[asyncio.AbstractEventLoop], key: PoolKey) -> None:
    """A client dropped without close() (its finalizer, on any thread): give its lease back,
    and close the pool if that was the last lease and the pool's loop is still open."""
    pool = _release_async(ref, key)
    loop = ref()
    if pool is not None and loop is not None and not loop.is_closed():
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(_close_soon, pool)


def _close_soon(pool: _Pool[httpx.AsyncClient]) -> None:
    task = asyncio.get_running_loop().create_task(_close(pool))
    _closing.add(task)
    task.add_done_callback(_closing.discard)


async def _close_on(loop: asyncio.AbstractEventLoop, pool: _Pool[httpx.AsyncClient]) -> None:
    """Close `pool` on the loop that owns its connections, if that loop can still run it."""
    if loop is asyncio.get_running_loop():
        await _close(pool)
    elif not loop.is_closed() and loop.is_running():
        future = asyncio.run_coroutine_threadsafe(_close(pool), loop)
        with contextlib.suppress(Exception):
            await asyncio.wrap_future(future)
    # Otherwise the loop is gone and its sockets with it.


async def _close(pool: _Pool[httpx.AsyncClient]) -> None:
    """Close `pool` now, or after the requests in flight through it (on its loop)."""
    if pool.sending:
        pool.closing = True  # the last request's `sending` block closes it
    else:
        await pool.http.aclose()
