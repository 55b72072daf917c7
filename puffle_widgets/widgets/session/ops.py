"""What an action is (a turn, an examples run, a save, a refresh), the client call that sends
each, and when a failed one may be sent again by itself: the pure part of the action queue."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from puffle_widgets.client import AsyncSessions, Sessions
from puffle_widgets.errors import (
    APIConnectionError,
    APIResponseValidationError,
    InternalServerError,
    PuffleError,
    RateLimitError,
)
from puffle_widgets.live import settings
from puffle_widgets.models import CHAT_PROCESSING, GENERATING_EXAMPLES, TaskRun

OpKind = Literal["turn", "generate_examples", "save", "restore", "refresh"]


@dataclass(eq=False)
class Op:
    """An action: a turn or an examples run (`args` are the client call's keyword arguments),
    a save (`args` may hold `force`), a restore (a save of `args["fields"]`, restore.py) or a
    refresh. `done` settles when it went out: the
    `TaskRun`, the saved or fetched `Session`, or the error. `entry_id` names a turn's outbox
    entry; `blocking` says a caller waits on `done` and raises its error itself."""

    kind: OpKind
    args: dict[str, Any] = field(default_factory=dict)
    entry_id: str | None = None
    blocking: bool = False
    done: concurrent.futures.Future[Any] = field(default_factory=concurrent.futures.Future)
    claimed: bool = False  # an executor (the loop's task or a blocking caller) has it
    # The loop's task waits out a retry delay and will send it again, unless a caller
    # blocking the loop's thread takes it over meanwhile (it cannot wait for that task).
    parked: bool = False
    attempts: int = 0
    release: Callable[[], None] = lambda: None  # ends the polling that went with its request
    not_before: float = 0.0  # scheduler (loop) time before which it may not be sent again

    def settle(self, result: Any = None, error: BaseException | None = None) -> None:
        """Settle `done` once."""
        if self.done.done():
            return
        if error is None:
            self.done.set_result(result)
        else:
            self.done.set_exception(error)


# The client call that sends each task-starting action.
SYNC_SENDS: Final[Mapping[str, Callable[..., TaskRun]]] = {
    "turn": Sessions.turn,
    "generate_examples": Sessions.generate_examples,
}
ASYNC_SENDS: Final[Mapping[str, Callable[..., Awaitable[TaskRun]]]] = {
    "turn": AsyncSessions.turn,
    "generate_examples": AsyncSessions.generate_examples,
}
# The task status each of them starts, shown before any snapshot shows it.
TASK_STATUS: Final[Mapping[str, str]] = {
    "turn": CHAT_PROCESSING,
    "generate_examples": GENERATING_EXAMPLES,
}
# How the "wait your turn" notice names each action.
WHAT: Final[Mapping[str, str]] = {
    "turn": "message",
    "generate_examples": "example run",
    "save": "save",
    "restore": "restore",
    "refresh": "refresh",
}
# What sending a save gives when it went back in line (the session turned out busy).
REQUEUED: Final = object()
# Retries after a 5xx or a lost answer, for the requests that are safe to repeat.
IDEMPOTENT_RETRIES: Final = 3


def retry_delay(op: Op, error: PuffleError) -> float | None:
    """Seconds before sending `op` again by itself, or None: a 429 (never processed) and,
    for requests safe to repeat, a 5xx or a lost answer; a 500 on a task (the docs say the
    claim was released)."""
    live = settings()
    if isinstance(error, RateLimitError):
        if op.attempts >= live.action_retries:
            return None
        return min(live.max_retry_after, error.retry_after or live.spacing * 2)
    transient = (InternalServerError, APIConnectionError, APIResponseValidationError)
    repeatable = op.kind in ("save", "restore", "refresh") and isinstance(error, transient)
    released = isinstance(error, InternalServerError) and error.status_code == 500
    if (repeatable or released) and op.attempts < IDEMPOTENT_RETRIES:
        return float(2**op.attempts)
    return None
