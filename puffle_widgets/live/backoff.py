"""Which poll failures are worth another try, and how long to wait before it."""

from __future__ import annotations

from typing import Final

from puffle_widgets.client import MAX_RETRY_AFTER, PollSchedule
from puffle_widgets.errors import TRANSIENT_ERRORS, APIResponseValidationError, RateLimitError

# Worth another try later (a garbled answer too); anything else (401, 403, 404...) ends polling.
TRANSIENT: Final = (*TRANSIENT_ERRORS, APIResponseValidationError)


def error_delay(schedule: PollSchedule, failures: int, exc: Exception) -> float:
    """Seconds before polling again after `failures` failures in a row: the server's
    Retry-After when it gave one (at most the client's cap), else doubling from the schedule's
    first delay."""
    advised = exc.retry_after if isinstance(exc, RateLimitError) else None
    backoff = schedule.initial * 2.0 ** max(0, failures - 1)
    return min(MAX_RETRY_AFTER, max(advised or 0.0, backoff))
