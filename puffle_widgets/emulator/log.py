"""The request log: recent requests, for tests to await instead of sleeping.

It is bounded, since an emulator serving a notebook or a benchmark for hours must not grow: it
keeps the last `capacity` records (default 10,000), and keeps a body only when it is at most
`body_limit` bytes (default 64 KiB) and while all kept bodies together stay under
`body_budget` bytes (default 16 MiB; the oldest bodies go first). Beyond that a record keeps
the sizes, not the bodies. Bodies are kept as the raw bytes and parsed when read.

Indices are absolute: the n-th request since the log began (or was cleared) stays at index n
after older records were dropped, so `since = len(log)` ... `log[since:]` stays right; an index
that was dropped raises IndexError and slices skip it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Final, overload

DEFAULT_CAPACITY: Final = 10_000
DEFAULT_BODY_LIMIT: Final = 64 * 1024
DEFAULT_BODY_BUDGET: Final = 16 * 1024 * 1024


def _parsed(raw: bytes | None) -> Any:
    if not raw or not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


@dataclass(frozen=True)
class RequestRecord:
    """One request as the emulator saw it, added just before its answer leaves."""

    method: str
    path: str
    query: str
    operation_id: str | None
    session_id: str | None
    status: int | None  # None when the connection was dropped without an answer
    request_id: str
    fault: str | None  # the injected fault it consumed ("status:503"), or "rate_limit"
    body_size: int = 0  # bytes of request body the emulator received
    response_size: int = 0  # bytes of answer body it sent
    raw_body: bytes | None = field(default=None, repr=False)  # None when not kept
    raw_response: bytes | None = field(default=None, repr=False)  # None when not kept or not JSON

    @property
    def body(self) -> Any:
        """The request body parsed as JSON; None when empty, not JSON, or not kept."""
        return _parsed(self.raw_body)

    @property
    def response(self) -> Any:
        """The answer parsed as JSON; None when it is not JSON or was not kept."""
        return _parsed(self.raw_response)

    @property
    def kept_bytes(self) -> int:
        """Bytes of body this record holds."""
        return len(self.raw_body or b"") + len(self.raw_response or b"")


Matcher = str | Callable[[RequestRecord], bool]


def _predicate(match: Matcher) -> Callable[[RequestRecord], bool]:
    if isinstance(match, str):
        return lambda record: record.operation_id == match
    return match


class RequestLog:
    """A thread-safe, bounded log of `RequestRecord` with absolute indices and `wait_for`."""

    def __init__(
        self,
        capacity: int = DEFAULT_CAPACITY,
        *,
        body_limit: int = DEFAULT_BODY_LIMIT,
        body_budget: int = DEFAULT_BODY_BUDGET,
    ) -> None:
        if capacity < 1:
            raise ValueError("the request log needs a capacity of at least 1 record")
        if body_limit < 0 or body_budget < 0:
            raise ValueError("body_limit and body_budget must not be negative")
        self.capacity = capacity
        self.body_limit = body_limit
        self.body_budget = body_budget
        self._records: dict[int, RequestRecord] = {}
        self._first = 0  # the index of the oldest record kept
        self._next = 0  # the index the next record gets
        self._with_bodies: deque[int] = deque()  # indices of records holding bodies, oldest first
        self._kept_bytes = 0
        self._changed = threading.Condition()

    def _trimmed(self, record: RequestRecord) -> RequestRecord:
        body = record.raw_body
        response = record.raw_response
        if body is not None and len(body) > self.body_limit:
            body = None
        if response is not None and len(response) > self.body_limit:
            response = None
        if body is record.raw_body and response is record.raw_response:
            return record
        return replace(record, raw_body=body, raw_response=response)

    def append(self, record: RequestRecord) -> None:
        """Add `record` (its bodies trimmed to the limits) and wake every waiter."""
        record = self._trimmed(record)
        with self._changed:
            index = self._next
            self._records[index] = record
            self._next += 1
            if record.kept_bytes:
                self._with_bodies.append(index)
                self._kept_bytes += record.kept_bytes
            while self._next - self._first > self.capacity:
                self._forget(self._first)
                self._first += 1
            while self._kept_bytes > self.body_budget and self._with_bodies:
                self._strip(self._with_bodies.popleft())
            self._changed.notify_all()

    def _forget(self, index: int) -> None:
        record = self._records.pop(index)
        if record.kept_bytes:
            self._kept_bytes -= record.kept_bytes
            if self._with_bodies and self._with_bodies[0] == index:
                self._with_bodies.popleft()

    def _strip(self, index: int) -> None:
        record = self._records.get(index)
        if record is None or not record.kept_bytes:
            return
        self._kept_bytes -= record.kept_bytes
        self._records[index] = replace(record, raw_body=None, raw_response=None)

    def clear(self) -> None:
        """Forget every record and start counting from 0 again."""
        with self._changed:
            self._records.clear()
            self._with_bodies.clear()
            self._first = self._next = self._kept_bytes = 0

    @property
    def first_index(self) -> int:
        """The index of the oldest record still kept (the number dropped so far)."""
        with self._changed:
            return self._first

    @property
    def retained(self) -> int:
        """How many records are kept (at most `capacity`)."""
        with self._changed:
            return self._next - self._first

    @property
    def kept_bytes(self) -> int:
        """Bytes of request and answer bodies the kept records hold."""
        with self._changed:
            return self._kept_bytes

    @overload
    def __getitem__(self, index: int) -> RequestRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[RequestRecord]: ...

    def __getitem__(self, index: int | slice) -> RequestRecord | list[RequestRecord]:
        with self._changed:
            if isinstance(index, slice):
                indices = range(*index.indices(self._next))
                return [self._records[i] for i in indices if i >= self._first]
            position = index + self._next if index < 0 else index
            if not self._first <= position < self._next:
                dropped = " (dropped: the log keeps the latest records)" if position >= 0 else ""
                raise IndexError(f"no request record at index {index}{dropped}")
            return self._records[position]

    def __len__(self) -> int:
        """The number of records appended since the log began or was cleared, kept or not."""
        with self._changed:
            return self._next

    def __iter__(self) -> Iterator[RequestRecord]:
        """The kept records, oldest first."""
        with self._changed:
            return iter([self._records[i] for i in range(self._first, self._next)])

    def __reversed__(self) -> Iterator[RequestRecord]:
        """The kept records, newest first."""
        with self._changed:
            return iter([self._records[i] for i in range(self._next - 1, self._first - 1, -1)])

    def __repr__(self) -> str:
        with self._changed:
            return f"RequestLog({self._next} records, {self._next - self._first} kept)"

    def wait_for(self, match: Matcher, timeout: float = 10.0, *, since: int = 0) -> RequestRecord:
        """The first record from index `since` on that `match` accepts (an operation id or a
        predicate), waiting up to `timeout` seconds for it to arrive."""
        accept = _predicate(match)
        deadline = time.monotonic() + timeout
        with self._changed:
            checked = since
            while True:
                for index in range(max(checked, self._first), self._next):
                    if accept(self._records[index]):
                        return self._records[index]
                checked = max(checked, self._next)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    last = range(max(self._first, self._next - 5), self._next)
                    seen = ", ".join(
                        str(self._records[i].operation_id or self._records[i].path) for i in last
                    )
                    raise TimeoutError(
                        f"no request matching {match!r} within {timeout} s (last seen: {seen})"
                    )
                self._changed.wait(remaining)
