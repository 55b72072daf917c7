"""`Puffle` and `AsyncPuffle`: the entry points, with the same arguments and surface."""

from __future__ import annotations

import hashlib
from types import TracebackType
from typing import Any

import httpx

from puffle_widgets.client.options import ClientOptions, resolve_options
from puffle_widgets.client.polling import PollSchedule
from puffle_widgets.client.secret import Secret, as_secret
from puffle_widgets.client.sessions import AsyncSessions, Sessions
from puffle_widgets.client.transport import AsyncTransport, SyncTransport


class _ClientBase:
    def __init__(
        self,
        api_key: Secret | None,
        base_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        poll_interval: float | PollSchedule | None,
    ) -> None:
        self._options: ClientOptions = resolve_options(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            poll_interval=poll_interval,
        )

    @property
    def base_url(self) -> str:
        """The server this client talks to, e.g. `https://app.puffle.ai`."""
        return self._options.base_url

    @property
    def max_retries(self) -> int:
        """How many times a failed request that is safe to repeat is sent again."""
        return self._options.max_retries

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout of each request."""
        return self._options.timeout

    @property
    def poll_schedule(self) -> PollSchedule:
        """How `wait`, `watch` and the widgets space out polls of a busy session."""
        return self._options.poll

    @property
    def fingerprint(self) -> str:
        """A short non-secret id of (server, key), so work for the same account can be shared."""
        seed = f"{self._options.base_url}\0{self._options.api_key.digest()}".encode()
        return hashlib.sha256(seed).hexdigest()[:16]

    def _copy_args(self, overrides: dict[str, Any], http_client: object) -> dict[str, Any]:
        """Constructor arguments for a copy; `overrides` is the caller's own dict, whose key
        is wrapped in place first, so no frame holds it bare."""
        if "api_key" in overrides:
            overrides["api_key"] = as_secret(overrides["api_key"])
        args: dict[str, Any] = {
            "api_key": self._options.api_key,
            "base_url": self._options.base_url,
            "timeout": self._options.timeout,
            "max_retries": self._options.max_retries,
            "poll_interval": self._options.poll,
        }
        unknown = set(overrides) - set(args) - {"http_client"}
        if unknown:
            raise TypeError(f"with_options() got unknown option(s): {', '.join(sorted(unknown))}.")
        if http_client is not None:
            args["http_client"] = http_client  # the caller's client is shared with the copy
        args.update(overrides)
        return args

    def __repr__(self) -> str:
        # Never raises, even on a client whose constructor failed half-way: traceback
        # formatters that print locals call this while reporting that very failure.
        options = getattr(self, "_options", None)
        if not isinstance(options, ClientOptions):
            return f"<{type(self).__name__} (not configured)>"
        return f"{type(self).__name__}(base_url={options.base_url!r}, api_key='[redacted]')"


class Puffle(_ClientBase):
    """Synchronous client. The key comes from `api_key` or `PUFFLE_API_KEY`, the server from
    `base_url` or `PUFFLE_API_BASE_URL` (default https://app.puffle.ai)."""

    def __init__(
        self,
        api_key: str | Secret | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 30.0,
        max_retries: int = 2,
        http_client: httpx.Client | None = None,
        *,
        poll_interval: float | PollSchedule | None = None,
    ) -> None:
        # Wrapped before anything can raise, so no frame of ours shows the key.
        api_key = as_secret(api_key)
        super().__init__(api_key, base_url, timeout, max_retries, poll_interval)
        self._transport = SyncTransport(self._options, http_client)
        self.sessions = Sessions(self._transport, self._options.poll)

    def with_options(self, **overrides: Any) -> Puffle:
        """A new client with the same settings except `overrides` (e.g. `max_retries=0`);
        an `http_client` passed in is shared with the copy (and stays the caller's to close)."""
        return Puffle(**self._copy_args(overrides, self._transport.custom_http))

    def as_async(self) -> AsyncPuffle:
        """An `AsyncPuffle` with the same settings, on the shared async pool of this account. A
        custom sync `http_client` cannot serve async requests, so proxies or CA settings made
        there must be made again (`AsyncPuffle(..., http_client=httpx.AsyncClient(...))`)."""
        return AsyncPuffle(**self._copy_args({}, None))

    def close(self) -> None:
        """Stop using the connection pool; it closes when no client of this account uses it
        (an `http_client` passed in stays open: it is the caller's)."""
        transport = getattr(self, "_transport", None)
        if transport is not None:
            transport.close()

    def __enter__(self) -> Puffle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncPuffle(_ClientBase):
    """Asynchronous client with the same arguments and surface as `Puffle`."""

    def __init__(
        self,
        api_key: str | Secret | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 30.0,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
        *,
        poll_interval: float | PollSchedule | None = None,
    ) -> None:
        # Wrapped before anything can raise, so no frame of ours shows the key.
        api_key = as_secret(api_key)
        super().__init__(api_key, base_url, timeout, max_retries, poll_interval)
        self._transport = AsyncTransport(self._options, http_client)
        self.sessions = AsyncSessions(self._transport, self._options.poll)

    def with_options(self, **overrides: Any) -> AsyncPuffle:
        """A new client with the same settings except `overrides` (e.g. `max_retries=0`);
        an `http_client` passed in is shared with the copy (and stays the caller's to close)."""
        return AsyncPuffle(**self._copy_args(overrides, self._transport.custom_http))

    def as_sync(self) -> Puffle:
        """A `Puffle` with the same settings, on the shared sync pool of this account (a custom
        async `http_client` cannot serve sync requests; see `Puffle.as_async`)."""
        return Puffle(**self._copy_args({}, None))

    async def close(self) -> None:
        """Stop using the connection pools; each closes when no client of this account uses it
        on its event loop (an `http_client` passed in stays open: it is the caller's)."""
        transport = getattr(self, "_transport", None)
        if transport is not None:
            await transport.close()

    async def __aenter__(self) -> AsyncPuffle:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
