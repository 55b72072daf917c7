"""The request log: every answered (or dropped) request, for tests to await instead of sleeping."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload


@dataclass(frozen=True)
class RequestRecord:
    """One request as the emulator saw it, added just before its answer leaves."""

    method: str
    path: str
    query: str
    operation_id: str | None
    session_id: str | None
    status: int | None  # None when the connection was dropped without an answer
    body: Any  # the request body parsed as JSON; None when empty or not JSON
    response: Any  # the answer parsed as JSON; None when it is not JSON
    request_id: str
    fault: str | None  # the injected fault this request consumed, e.g. "status:503"


Matcher = str | Callable[[RequestRecord], bool]


def _predicate(match: Matcher) -> Callable[[RequestRecord], bool]:
    if isinstance(match, str):
        return lambda record: record.operation_id == match
    return match


class RequestLog(Sequence[RequestRecord]):
    """A thread-safe, append-only list of `RequestRecord` with a blocking `wait_for`."""

    def __init__(self) -> None:
        self._records: list[RequestRecord] = []
        self._changed = threading.Condition()

    def append(self, record: RequestRecord) -> None:
        """Add `record` and wake every waiter."""
        with self._changed:
            self._records.append(record)
            self._changed.notify_all()

    def clear(self) -> None:
        """Forget every record."""
        with self._changed:
            self._records.clear()

    @overload
    def __getitem__(self, index: int) -> RequestRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[RequestRecord]: ...

    def __getitem__(self, index: int | slice) -> RequestRecord | list[RequestRecord]:
        with self._changed:
            return self._records[index]

    def __len__(self) -> int:
        with self._changed:
            return len(self._records)

    def __iter__(self) -> Iterator[RequestRecord]:
        with self._changed:
            return iter(list(self._records))

    def __repr__(self) -> str:
        return f"RequestLog({len(self)} records)"

    def wait_for(self, match: Matcher, timeout: float = 10.0, *, since: int = 0) -> RequestRecord:
        """The first record from index `since` on that `match` accepts (an operation id or a
        predicate), waiting up to `timeout` seconds for it to arrive."""
        accept = _predicate(match)
        deadline = time.monotonic() + timeout
        with self._changed:
            checked = since
            while True:
                for record in self._records[checked:]:
                    if accept(record):
                        return record
                checked = max(checked, len(self._records))
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = ", ".join(str(r.operation_id or r.path) for r in self._records[-5:])
                    raise TimeoutError(
                        f"no request matching {match!r} within {timeout} s (last seen: {seen})"
                    )
                self._changed.wait(remaining)
