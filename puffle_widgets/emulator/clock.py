"""Timestamps as the API writes them: ISO 8601 UTC with a `Z`."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class Clock:
    """Hands out strictly increasing timestamps, so every write visibly moves `updated_at`."""

    def __init__(self) -> None:
        self._last = datetime.min.replace(tzinfo=UTC)
        self._lock = threading.Lock()

    def now(self) -> str:
        """The current time, at least one microsecond after the previous answer."""
        with self._lock:
            moment = datetime.now(UTC)
            if moment <= self._last:
                moment = self._last + timedelta(microseconds=1)
            self._last = moment
        return format_time(moment)


def format_time(moment: datetime) -> str:
    """`moment` as `2026-04-22T10:00:00.000000Z`; fixed width, so strings sort like times."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
