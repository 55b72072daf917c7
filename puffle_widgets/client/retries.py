"""When a failed request may be sent again, and after how long."""

from __future__ import annotations

import enum
import random

import httpx

from puffle_widgets.client.retry_after import parse_retry_after

MAX_RETRY_AFTER = 60.0
BASE_BACKOFF = 0.5
MAX_BACKOFF = 8.0

# Raised before any byte of the request left this machine: always safe to send again.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class RetryMode(enum.Enum):
    """How safe a request is to repeat."""

    # GET, PATCH, DELETE: repeating gives the same result.
    IDEMPOTENT = "idempotent"
    # POST /turn and /generate-examples: the docs say a 500 releases the claim, so a 500 (and a
    # 429, which was never processed) may be retried; a lost answer may not, since the task may
    # already be running.
    CLAIM = "claim"
    # POST create: repeating could make a second session; retry only what was never processed.
    UNSAFE = "unsafe"


def retry_status(mode: RetryMode, status: int) -> bool:
    """Whether an answer with this status may be retried under `mode`."""
    if status == 429:
        return True
    if mode is RetryMode.IDEMPOTENT:
        return status >= 500
    if mode is RetryMode.CLAIM:
        return status == 500
    return False


def retry_exception(mode: RetryMode, exc: httpx.TransportError) -> bool:
    """Whether a request that failed with no answer may be retried under `mode`."""
    if isinstance(exc, _NOT_SENT):
        return True
    return mode is RetryMode.IDEMPOTENT


def retry_delay(attempt: int, response: httpx.Response | None = None) -> float:
    """Seconds before retry number `attempt` (0-based): the server's advice, else backoff."""
    if response is not None:
        advised = parse_retry_after(response.headers.get("retry-after"))
        if advised is not None:
            return min(advised, MAX_RETRY_AFTER)
    backoff = min(MAX_BACKOFF, BASE_BACKOFF * 2.0**attempt)
    # Jitter spreads out clients that failed together so they do not retry together.
    return backoff * random.uniform(0.75, 1.0)
