"""The one place that sends requests: auth, retries, timeouts, and turning answers into
results or exceptions. `SyncTransport` and `AsyncTransport` differ only in how they wait.

Exceptions are raised outside the `except` block that caught httpx's error, so they carry no
context chain back to httpx objects that still hold the Authorization header.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Iterator
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

from puffle_widgets._version import __version__
from puffle_widgets.client.operations import Call
from puffle_widgets.client.options import ClientOptions
from puffle_widgets.client.pools import AsyncLeases, SyncLease
from puffle_widgets.client.redaction import redacted, scrubbed_request, scrubbed_response
from puffle_widgets.client.retries import RetryMode, retry_delay, retry_exception, retry_status
from puffle_widgets.client.status_errors import status_error
from puffle_widgets.errors import APIConnectionError, APIResponseValidationError, APITimeoutError
from puffle_widgets.models import validation_message

T = TypeVar("T")

log = logging.getLogger("puffle_widgets.client")

USER_AGENT = f"puffle-widgets/{__version__} httpx/{httpx.__version__}"
CLOSED_MESSAGE = "This client was closed; create a new one (or use it in a `with` block)."

# What to check before sending again, when an answer was lost and the request was not retried.
LOST_ANSWER_HINTS = {
    RetryMode.CLAIM: (
        " The request may have reached the server, so it was not sent again: the task may already"
        " be running. Check client.sessions.get(id).task_status before sending it again."
    ),
    RetryMode.UNSAFE: (
        " The request may have reached the server, so it was not sent again: the session may"
        " exist. Check client.sessions.list(campaign_id) before creating another."
    ),
}


class _Base:
    def __init__(self, options: ClientOptions, *, shared: bool) -> None:
        self.options = options
        # A pool of ours gets the timeout per request; a caller's client keeps its own.
        self._timeout = options.timeout.as_dict() if shared else None
        self.pool_key = (options.api_key.digest(), options.base_url)

    def build(self, call: Call[Any]) -> httpx.Request:
        """The request for `call`, with the key in its Authorization header."""
        return httpx.Request(
            call.method,
            self.options.base_url + call.path,
            params=call.params,
            json=call.body,
            headers={
                "Authorization": f"Bearer {self.options.api_key.reveal()}",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            },
            extensions=None if self._timeout is None else {"timeout": self._timeout},
        )

    def finish(self, call: Call[T], response: httpx.Response) -> T:
        """The parsed result of a final answer, or the exception it stands for."""
        if response.is_success:
            try:
                return call.answer.from_bytes(response.content)
            except ValidationError:
                pass  # the slower path below says what is wrong, as precisely as before
        response = scrubbed_response(response, self.options.api_key)
        body = redacted(_read_body(response), self.options.api_key)
        if not response.is_success:
            error_body = body.text if isinstance(body, _NotJSON) else body
            raise status_error(response, error_body, redact=self.options.api_key)
        if isinstance(body, _NotJSON):
            raise APIResponseValidationError(
                f"{call.method} {call.path} answered {response.status_code} with a body that "
                f"is not JSON: {body.text[:120]!r}. Check base_url: it should be the Puffle API "
                "server (e.g. https://app.puffle.ai), not a web page or a proxy.",
                response=response,
                body=body.text,
            )
        try:
            return call.answer.from_json(body)
        except ValidationError as exc:
            problem = validation_message(exc, limit=1, whole="body")
        raise APIResponseValidationError(
            f"{call.method} {call.path} answered {response.status_code} with a body of an "
            f"unexpected shape ({problem}). The server may speak another version of the API; "
            "the raw answer is in the exception's `body`.",
            response=response,
            body=body,
        )

    def connection_error(self, call: Call[Any], exc: httpx.TransportError) -> APIConnectionError:
        """The exception for a request that got no answer (its request scrubbed of the key)."""
        sent = exc.request if _has_request(exc) else self.build(call)
        request = scrubbed_request(sent, self.options.api_key)
        hint = "" if retry_exception(call.retry, exc) else LOST_ANSWER_HINTS.get(call.retry, "")
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(request, f"{call.method} {call.path} timed out.{hint}")
        detail = str(redacted(str(exc), self.options.api_key)) or type(exc).__name__
        return APIConnectionError(
            f"Could not reach {self.options.base_url} ({detail}).{hint}", request=request
        )

    def log_retry(self, call: Call[Any], why: str, delay: float, attempt: int) -> None:
        log.info(
            "%s %s: %s; retry %d of %d in %.2fs",
            call.method,
            call.path,
            why,
            attempt + 1,
            self.options.max_retries,
            delay,
        )


class SyncTransport(_Base):
    """Sends calls with an `httpx.Client`: the caller's, or the shared pool for this account."""

    def __init__(self, options: ClientOptions, http_client: httpx.Client | None) -> None:
        super().__init__(options, shared=http_client is None)
        self.owns_client = http_client is None
        self._lease = SyncLease(self.pool_key) if http_client is None else None
        self.custom_http = http_client
        self.closed = False

    @property
    def http(self) -> httpx.Client:
        """The HTTP client requests go through."""
        if self.closed:
            raise RuntimeError(CLOSED_MESSAGE)
        if self.custom_http is not None:
            return self.custom_http
        assert self._lease is not None and self._lease.http is not None
        return self._lease.http

    def call(self, call: Call[T]) -> T:
        """Send `call`, retrying what is safe to retry, and return its parsed result."""
        attempt = 0
        while True:
            failure: httpx.TransportError | None = None
            try:
                response = self.http.send(self.build(call))
            except httpx.TransportError as exc:
                failure = exc
            if failure is not None:
                if attempt < self.options.max_retries and retry_exception(call.retry, failure):
                    delay = retry_delay(attempt)
                    self.log_retry(call, type(failure).__name__, delay, attempt)
                    _sleep(delay)
                    attempt += 1
                    continue
                error = self.connection_error(call, failure)
                del failure
                raise error
            if attempt < self.options.max_retries and _should_retry(call, response):
                delay = retry_delay(attempt, response)
                response.close()
                self.log_retry(call, f"HTTP {response.status_code}", delay, attempt)
                _sleep(delay)
                attempt += 1
                continue
            return self.finish(call, response)

    def close(self) -> None:
        """Give back the shared pool (a caller's `http_client` stays open)."""
        if not self.closed:
            self.closed = True
            if self._lease is not None:
                self._lease.release()


class AsyncTransport(_Base):
    """Sends calls with an `httpx.AsyncClient`: the caller's, or the shared pool for this
    account on the running event loop."""

    def __init__(self, options: ClientOptions, http_client: httpx.AsyncClient | None) -> None:
        super().__init__(options, shared=http_client is None)
        self.owns_client = http_client is None
        self._leases = AsyncLeases(self.pool_key) if http_client is None else None
        self.custom_http = http_client
        self.closed = False

    @property
    def http(self) -> httpx.AsyncClient:
        """The HTTP client requests go through (call on the loop that will use it)."""
        if self.closed:
            raise RuntimeError(CLOSED_MESSAGE)
        if self.custom_http is not None:
            return self.custom_http
        assert self._leases is not None
        return self._leases.http()

    async def call(self, call: Call[T]) -> T:
        """Send `call`, retrying what is safe to retry, and return its parsed result."""
        attempt = 0
        while True:
            failure: httpx.TransportError | None = None
            try:
                with self._sending() as http:
                    response = await http.send(self.build(call))
            except httpx.TransportError as exc:
                failure = exc
            if failure is not None:
                if attempt < self.options.max_retries and retry_exception(call.retry, failure):
                    delay = retry_delay(attempt)
                    self.log_retry(call, type(failure).__name__, delay, attempt)
                    await _async_sleep(delay)
                    attempt += 1
                    continue
                error = self.connection_error(call, failure)
                del failure
                raise error
            if attempt < self.options.max_retries and _should_retry(call, response):
                delay = retry_delay(attempt, response)
                await response.aclose()
                self.log_retry(call, f"HTTP {response.status_code}", delay, attempt)
                await _async_sleep(delay)
                attempt += 1
                continue
            return self.finish(call, response)

    @contextlib.contextmanager
    def _sending(self) -> Iterator[httpx.AsyncClient]:
        if self._leases is None or self.closed:
            yield self.http  # a caller's client (or the closed error)
        else:
            with self._leases.sending() as http:
                yield http

    async def close(self) -> None:
        """Give back the shared pools (a caller's `http_client` stays open)."""
        if not self.closed:
            self.closed = True
            if self._leases is not None:
                await self._leases.release()


def _sleep(seconds: float) -> None:
    # One seam for tests to observe retry delays without waiting them out.
    time.sleep(seconds)


async def _async_sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


class _NotJSON:
    def __init__(self, text: str) -> None:
        self.text = text


def _read_body(response: httpx.Response) -> Any:
    text = response.text
    if not text.strip():
        return None if not response.is_success else _NotJSON(text)
    try:
        return json.loads(text)
    except ValueError:
        return _NotJSON(text)


def _should_retry(call: Call[Any], response: httpx.Response) -> bool:
    return not response.is_success and retry_status(call.retry, response.status_code)


def _has_request(exc: httpx.TransportError) -> bool:
    try:
        exc.request  # noqa: B018 - httpx raises RuntimeError when no request is attached
    except RuntimeError:
        return False
    return True
