"""When each request reached the emulator: a thread stamps every new request-log record with
the wall clock as it appears (a record is added just before its answer leaves), so the bench
can cut the kernel's traffic into poll ticks and time a reply from the poll that fetched it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from puffle_widgets.emulator import Emulator, RequestRecord

GET = "getAiChatSession"


@dataclass(frozen=True)
class Stamped:
    """A request-log record, its index in the log and when it was answered (epoch seconds)."""

    index: int
    record: RequestRecord
    at: float


class RequestClock:
    """Follows `emu.requests` from the moment it starts."""

    def __init__(self, emu: Emulator) -> None:
        self._log = emu.requests
        self._stamps: list[float] = [time.time()] * len(self._log)
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._follow, name="bench-request-clock", daemon=True
        )

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(5)

    def _follow(self) -> None:
        while not self._stop.is_set():
            seen = len(self._stamps)
            try:
                self._log.wait_for(lambda _: True, timeout=0.2, since=seen)
            except TimeoutError:
                continue
            now = time.time()
            with self._changed:
                self._stamps.extend([now] * (len(self._log) - seen))
                self._changed.notify_all()

    def mark(self) -> int:
        """The index the next request will have (to wait for requests after now)."""
        with self._changed:
            return len(self._stamps)

    def _record(self, index: int) -> RequestRecord | None:
        try:
            return self._log[index]
        except IndexError:
            return None  # a bounded log dropped it

    def wait(
        self, match: Callable[[RequestRecord], bool], since: int, timeout: float = 60.0
    ) -> Stamped:
        """The first stamped request from index `since` that `match` accepts."""
        deadline = time.monotonic() + timeout
        checked = since
        with self._changed:
            while True:
                for index in range(checked, len(self._stamps)):
                    record = self._record(index)
                    if record is not None and match(record):
                        return Stamped(index, record, self._stamps[index])
                checked = max(checked, len(self._stamps))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no matching request within {timeout:g} s")
                self._changed.wait(left)

    def stamped(self, since: int) -> list[Stamped]:
        """Every stamped request from index `since` on (that the log still keeps)."""
        with self._changed:
            found = [(i, self._record(i), self._stamps[i]) for i in range(since, len(self._stamps))]
        return [Stamped(i, r, at) for i, r, at in found if r is not None]


def get_of(session_id: str) -> Callable[[RequestRecord], bool]:
    """Matches an answered GET of `session_id`."""
    return lambda r: r.operation_id == GET and r.session_id == session_id and r.status == 200


def answer_size(record: RequestRecord) -> int:
    """The size of a request's answer body: the log's own count where it keeps one (a bounded
    log keeps sizes, not big bodies), else the kept body's compact JSON."""
    size = getattr(record, "response_size", None)
    if isinstance(size, int):
        return size
    return len(json.dumps(record.response, separators=(",", ":")))


def session_in(record: RequestRecord) -> dict[str, Any]:
    """The session a GET answered with (the log keeps the body of a small answer)."""
    response = record.response
    if not isinstance(response, dict):
        raise RuntimeError(f"the request log kept no body for {record.method} {record.path}")
    session: dict[str, Any] = response["session"]
    return session


def epoch(timestamp: str) -> float:
    """An API timestamp (`2026-04-22T10:00:00.000000Z`) in epoch seconds."""
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()
