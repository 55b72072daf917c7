"""Which failures are retried, and how long the client waits first."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from puffle_widgets.client.retries import (
    MAX_RETRY_AFTER,
    RetryMode,
    retry_delay,
    retry_exception,
    retry_status,
)
from puffle_widgets.client.retry_after import parse_retry_after

REQUEST = httpx.Request("POST", "http://127.0.0.1/api/x")


@pytest.mark.parametrize("status", [401, 403, 404, 400, 409])
@pytest.mark.parametrize("mode", list(RetryMode))
def test_client_errors_are_never_retried(mode: RetryMode, status: int) -> None:
    assert not retry_status(mode, status)


@pytest.mark.parametrize("mode", list(RetryMode))
def test_rate_limits_are_always_retried(mode: RetryMode) -> None:
    assert retry_status(mode, 429)


def test_server_errors_by_mode() -> None:
    assert all(retry_status(RetryMode.IDEMPOTENT, s) for s in (500, 502, 503, 504))
    # The docs promise only that a 500 at dispatch released the claim.
    assert retry_status(RetryMode.CLAIM, 500)
    assert not any(retry_status(RetryMode.CLAIM, s) for s in (502, 503, 504))
    assert not any(retry_status(RetryMode.UNSAFE, s) for s in (500, 503))


def test_lost_answers_are_retried_only_when_idempotent() -> None:
    lost = httpx.RemoteProtocolError("peer closed", request=REQUEST)
    timeout = httpx.ReadTimeout("read", request=REQUEST)
    refused = httpx.ConnectError("refused", request=REQUEST)
    assert retry_exception(RetryMode.IDEMPOTENT, lost)
    assert retry_exception(RetryMode.IDEMPOTENT, timeout)
    for mode in (RetryMode.CLAIM, RetryMode.UNSAFE):
        assert not retry_exception(mode, lost)
        assert not retry_exception(mode, timeout)
        assert retry_exception(mode, refused)


def test_retry_after_seconds_is_honoured() -> None:
    response = httpx.Response(429, headers={"retry-after": "3"})
    assert retry_delay(0, response) == 3.0


def test_retry_after_http_date_is_honoured() -> None:
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    delay = retry_delay(0, httpx.Response(503, headers={"retry-after": when}))
    assert 17 <= delay <= 20


def test_retry_after_is_capped() -> None:
    response = httpx.Response(429, headers={"retry-after": "3600"})
    assert retry_delay(0, response) == MAX_RETRY_AFTER


def test_backoff_grows_with_jitter_when_no_advice() -> None:
    for attempt, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (10, 8.0)]:
        delays = {retry_delay(attempt) for _ in range(20)}
        assert all(0.75 * ceiling <= d <= ceiling for d in delays)
        assert len(delays) > 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("soon", None),
        ("-5", 0.0),
        ("1.5", 1.5),
        ("nan", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected
