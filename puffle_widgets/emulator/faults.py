"""Fault injection: wrong statuses, slow answers, dropped connections, garbage bodies, stuck tasks.

Faults are keyed by operation id (or "*" for any operation) and are consumed in the order they
were added; `Emulator.requests` records which fault each request consumed. `randomly(rate)`
adds a fault drawn at random (a seeded generator) to any call that no armed fault takes, for
soak tests; `taken` counts every fault consumed, by label.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from puffle_widgets.emulator.operations import OPERATION_IDS, TASK_OPERATIONS, TURN
from puffle_widgets.emulator.responses import insufficient_credits as credits_body

FaultKind = Literal["status", "delay", "drop", "malformed"]
MalformedKind = Literal["json", "shape"]


@dataclass(frozen=True)
class Fault:
    """One armed fault; `remaining` counts the calls it still applies to."""

    operation: str
    kind: FaultKind
    remaining: int
    status: int = 200
    retry_after: str | None = None
    body: Any = None
    seconds: float = 0.0
    after: bool = False  # drop: run the handler first, then lose its answer
    malformed: MalformedKind = "json"

    def describe(self) -> str:
        """A short label for the request log, e.g. `status:503` or `drop:after`."""
        if self.kind == "status":
            return f"status:{self.status}"
        if self.kind == "delay":
            return f"delay:{self.seconds:g}"
        if self.kind == "drop":
            return "drop:after" if self.after else "drop"
        return f"malformed:{self.malformed}"


@dataclass(frozen=True)
class _RandomFaults:
    """What `Faults.randomly` draws from."""

    rate: float
    rng: random.Random
    max_delay: float
    max_retry_after: float

    def draw(self, operation: str) -> Fault | None:
        """A fault for one call of `operation`, with probability `rate`; the caller locks."""
        if self.rng.random() >= self.rate:
            return None
        pause = round(self.rng.uniform(0.0, self.max_retry_after), 2)
        menu = [
            Fault(operation, "status", 1, status=429, retry_after=f"{pause:g}"),
            Fault(operation, "status", 1, status=500),
            Fault(operation, "status", 1, status=502),
            Fault(operation, "status", 1, status=503, retry_after=f"{pause:g}"),
            Fault(operation, "delay", 1, seconds=round(self.rng.uniform(0, self.max_delay), 3)),
            Fault(operation, "drop", 1),
            Fault(operation, "drop", 1, after=True),
            Fault(operation, "malformed", 1, malformed="json"),
            Fault(operation, "malformed", 1, malformed="shape"),
        ]
        if operation in TASK_OPERATIONS:
            # Credit-gated, and the session may look busy to the server.
            menu.append(Fault(operation, "status", 1, status=402, body=credits_body(0, 1)))
            menu.append(Fault(operation, "status", 1, status=409))
        return self.rng.choice(menu)


class Faults:
    """The faults armed on one emulator; every method is safe to call from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[Fault] = []
        self._random: _RandomFaults | None = None
        self._taken: Counter[str] = Counter()
        self._stuck: set[str] = set()
        self._on_unstick: list[Callable[[str], None]] = []

    def _arm(self, fault: Fault) -> None:
        if fault.operation != "*" and fault.operation not in OPERATION_IDS:
            known = ", ".join(OPERATION_IDS)
            raise ValueError(f"unknown operation {fault.operation!r}; use '*' or one of {known}")
        if fault.remaining < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._armed.append(fault)

    def status(
        self,
        operation: str,
        code: int,
        times: int = 1,
        retry_after: float | str | None = None,
        body: Any = None,
    ) -> None:
        """Answer `code` to the next `times` calls, without running the handler.

        `retry_after` adds a Retry-After header; `body` replaces the default `{"error": ...}`
        (a str is sent as text/plain; a 402 defaults to the documented credit body with
        `balance` 0 and `required` 1). A 5xx on /turn or /generate-examples leaves the session
        untouched: the claim is released before the answer, as the docs promise.
        """
        if not 100 <= code <= 599:
            raise ValueError(f"not an HTTP status: {code}")
        header = None
        if retry_after is not None:
            header = retry_after if isinstance(retry_after, str) else f"{retry_after:g}"
        self._arm(Fault(operation, "status", times, status=code, retry_after=header, body=body))

    def insufficient_credits(
        self,
        operation: str = TURN,
        *,
        balance: float = 0,
        required: float = 1,
        times: int = 1,
    ) -> None:
        """Answer 402 to the next `times` calls with the documented credit body
        `{"error": "Insufficient credits", "balance": ..., "required": ...}`.

        The docs list 402 with `balance` and `required` on credit-gated endpoints and say turns
        consume credits, though they do not list 402 for the session operations.
        """
        body = credits_body(balance, required)
        self._arm(Fault(operation, "status", times, status=402, body=body))

    def delay(self, operation: str, seconds: float, times: int = 1) -> None:
        """Hold the next `times` calls for `seconds` before handling them normally."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        self._arm(Fault(operation, "delay", times, seconds=seconds))

    def drop(self, operation: str, times: int = 1, *, after: bool = False) -> None:
        """Close the connection of the next `times` calls without any HTTP answer.

        By default the request is lost before the handler runs; with `after=True` the handler
        runs (a turn is claimed and queued) and only its answer is lost.
        """
        self._arm(Fault(operation, "drop", times, after=after))

    def malformed(self, operation: str, times: int = 1, kind: MalformedKind = "json") -> None:
        """Answer 200 to the next `times` calls with a body that is not JSON (`kind="json"`) or
        JSON of the wrong shape (`kind="shape"`), without running the handler."""
        if kind not in ("json", "shape"):
            raise ValueError("kind must be 'json' or 'shape'")
        self._arm(Fault(operation, "malformed", times, malformed=kind))

    def randomly(
        self,
        rate: float,
        *,
        seed: int | None = None,
        max_delay: float = 1.0,
        max_retry_after: float = 1.0,
    ) -> None:
        """From now on, give each call that no armed fault takes a random fault with
        probability `rate` (0 turns this off): a 429 or 503 with a Retry-After of up to
        `max_retry_after` s, a 500 or 502, a delay of up to `max_delay` s, a connection dropped
        before or after the handler, a malformed body, and on /turn and /generate-examples
        also 402 and 409. `seed` makes the draws repeatable (given the same order of calls)."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, not {rate!r}")
        if max_delay < 0 or max_retry_after < 0:
            raise ValueError("max_delay and max_retry_after must not be negative")
        chosen = None
        if rate > 0:
            chosen = _RandomFaults(rate, random.Random(seed), max_delay, max_retry_after)
        with self._lock:
            self._random = chosen

    def stick(self, session_id: str) -> None:
        """Keep tasks of `session_id` busy: a job that finishes its latency waits for `unstick`."""
        with self._lock:
            self._stuck.add(session_id)

    def unstick(self, session_id: str) -> None:
        """Let the stuck task of `session_id` finish."""
        with self._lock:
            self._stuck.discard(session_id)
            listeners = list(self._on_unstick)
        for listener in listeners:
            listener(session_id)

    def is_stuck(self, session_id: str) -> bool:
        """True while `session_id` is stuck."""
        with self._lock:
            return session_id in self._stuck

    def on_unstick(self, listener: Callable[[str], None]) -> None:
        """Call `listener(session_id)` whenever a session is unstuck."""
        with self._lock:
            self._on_unstick.append(listener)

    def clear(self) -> None:
        """Disarm every fault, stop random faults and unstick every session."""
        with self._lock:
            self._armed.clear()
            self._random = None
            stuck = list(self._stuck)
        for session_id in stuck:
            self.unstick(session_id)

    @property
    def taken(self) -> dict[str, int]:
        """How many calls each fault was given, by label (`status:503`, `drop:after`, ...)."""
        with self._lock:
            return dict(self._taken)

    @property
    def armed(self) -> list[Fault]:
        """The faults still waiting for a call, in the order they apply."""
        with self._lock:
            return list(self._armed)

    def take(self, operation: str) -> Fault | None:
        """Consume one use of the first fault armed for `operation` (or "*"), else draw a
        random one if `randomly` is on; None when the call goes through untouched."""
        with self._lock:
            fault = self._take_armed(operation)
            if fault is None and self._random is not None:
                fault = self._random.draw(operation)
            if fault is not None:
                self._taken[fault.describe()] += 1
            return fault

    def _take_armed(self, operation: str) -> Fault | None:
        for index, fault in enumerate(self._armed):
            if fault.operation in (operation, "*"):
                if fault.remaining > 1:
                    self._armed[index] = replace(fault, remaining=fault.remaining - 1)
                else:
                    del self._armed[index]
                return replace(fault, remaining=1)
        return None
