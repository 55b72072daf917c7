"""The one place that sends requests: auth, retries, timeouts, and turning answers into
results or exceptions. `SyncTransport` and `AsyncTransport` differ only in how they wait."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

from puffle_widgets._version import __version__
from puffle_widgets.client._calls import Call
from puffle_widgets.client._options import ClientOptions
from puffle_widgets.client._retry import RetryMode, retry_delay, retry_exception, retry_status
from puffle_widgets.errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    redacted,
    status_error,
)

T = TypeVar("T")

log = logging.getLogger("puffle_widgets.client")

USER_AGENT = f"puffle-widgets/{__version__} httpx/{httpx.__version__}"

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
    def __init__(self, options: ClientOptions) -> None:
        self.options = options

    def build(self, call: Call[Any]) -> httpx.Request:
        headers = {
            "Authorization": f"Bearer {self.options.api_key}",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        return httpx.Request(
            call.method,
            self.options.base_url + call.path,
            params=call.params,
            json=call.body,
            headers=headers,
        )

    def finish(self, call: Call[T], response: httpx.Response) -> T:
        """The parsed result of a final answer, or the exception it stands for."""
        body = _read_body(response)
        if response.is_success:
            if isinstance(body, _NotJSON):
                text = self.redact(body.text)
                raise APIResponseValidationError(
                    f"{call.method} {call.path} answered {response.status_code} with a body that "
                    f"is not JSON: {text[:120]!r}. Check base_url: it should be the Puffle API "
                    "server (e.g. https://app.puffle.ai), not a web page or a proxy.",
                    response=response,
                    body=text,
                )
            try:
                return call.parse(body)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "body"
                raise APIResponseValidationError(
                    f"{call.method} {call.path} answered {response.status_code} with a body of an "
                    f"unexpected shape ({where}: {first['msg']}). The server may speak another "
                    "version of the API; the raw answer is in the exception's `body`.",
                    response=response,
                    body=redacted(body, self.options.api_key),
                ) from None
        error_body = body.text if isinstance(body, _NotJSON) else body
        raise status_error(response, error_body, redact=self.options.api_key)

    def connection_error(self, call: Call[Any], exc: httpx.TransportError) -> APIConnectionError:
        request = exc.request if _has_request(exc) else self.build(call)
        hint = "" if retry_exception(call.retry, exc) else LOST_ANSWER_HINTS.get(call.retry, "")
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(request, f"{call.method} {call.path} timed out.{hint}")
        detail = self.redact(str(exc)) or type(exc).__name__
        return APIConnectionError(
            f"Could not reach {self.options.base_url} ({detail}).{hint}", request=request
        )

    def redact(self, text: str) -> str:
        return str(redacted(text, self.options.api_key))

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
    """Sends calls with an `httpx.Client`, sleeping between retries."""

    def __init__(self, options: ClientOptions, http_client: httpx.Client | None) -> None:
        super().__init__(options)
        self.owns_client = http_client is None
        self.http = http_client or httpx.Client(timeout=options.timeout)

    def call(self, call: Call[T]) -> T:
        """Send `call`, retrying what is safe to retry, and return its parsed result."""
        attempt = 0
        while True:
            try:
                response = self.http.send(self.build(call))
            except httpx.TransportError as exc:
                if attempt < self.options.max_retries and retry_exception(call.retry, exc):
                    delay = retry_delay(attempt)
                    self.log_retry(call, type(exc).__name__, delay, attempt)
                    _sleep(delay)
                    attempt += 1
                    continue
                raise self.connection_error(call, exc) from None
            if attempt < self.options.max_retries and _should_retry(call, response):
                delay = retry_delay(attempt, response)
                response.close()
                self.log_retry(call, f"HTTP {response.status_code}", delay, attempt)
                _sleep(delay)
                attempt += 1
                continue
            return self.finish(call, response)

    def close(self) -> None:
        """Close the HTTP client if this transport created it."""
        if self.owns_client:
            self.http.close()


class AsyncTransport(_Base):
    """Sends calls with an `httpx.AsyncClient`, awaiting between retries."""

    def __init__(self, options: ClientOptions, http_client: httpx.AsyncClient | None) -> None:
        super().__init__(options)
        self.owns_client = http_client is None
        self.http = http_client or httpx.AsyncClient(timeout=options.timeout)

    async def call(self, call: Call[T]) -> T:
        """Send `call`, retrying what is safe to retry, and return its parsed result."""
        attempt = 0
        while True:
            try:
                response = await self.http.send(self.build(call))
            except httpx.TransportError as exc:
                if attempt < self.options.max_retries and retry_exception(call.retry, exc):
                    delay = retry_delay(attempt)
                    self.log_retry(call, type(exc).__name__, delay, attempt)
                    await _async_sleep(delay)
                    attempt += 1
                    continue
                raise self.connection_error(call, exc) from None
            if attempt < self.options.max_retries and _should_retry(call, response):
                delay = retry_delay(attempt, response)
                await response.aclose()
                self.log_retry(call, f"HTTP {response.status_code}", delay, attempt)
                await _async_sleep(delay)
                attempt += 1
                continue
            return self.finish(call, response)

    async def close(self) -> None:
        """Close the HTTP client if this transport created it."""
        if self.owns_client:
            await self.http.aclose()


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
