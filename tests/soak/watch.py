"""What the soak watches outside the widgets: exceptions that escape background work, and what
is left running or open once everything was closed."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psutil

from puffle_widgets.live import PollScheduler, active_pollers


@dataclass
class Escapes:
    """Everything that reached a place the kernel would show: the loop's exception handler,
    logging at ERROR, a thread's uncaught exception, an unraisable exception."""

    loop: list[str] = field(default_factory=list)
    logged: list[str] = field(default_factory=list)
    threads: list[str] = field(default_factory=list)
    unraisable: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        """Every escape, labelled by where it was seen."""
        return [
            *(f"loop: {e}" for e in self.loop),
            *(f"log: {e}" for e in self.logged),
            *(f"thread: {e}" for e in self.threads),
            *(f"unraisable: {e}" for e in self.unraisable),
        ]


class _ErrorRecords(logging.Handler):
    def __init__(self, escapes: Escapes) -> None:
        super().__init__(logging.ERROR)
        self._escapes = escapes

    def emit(self, record: logging.LogRecord) -> None:
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({record.exc_info[1]!r})"
        self._escapes.logged.append(text)


@contextmanager
def watching_escapes() -> Iterator[Escapes]:
    """Collect escapes while the block runs (on the running loop)."""
    escapes = Escapes()
    loop = asyncio.get_running_loop()
    previous_handler = loop.get_exception_handler()

    def on_loop_error(_loop: object, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        escapes.loop.append(f"{context.get('message')}: {exc!r}")

    loop.set_exception_handler(on_loop_error)
    handler = _ErrorRecords(escapes)
    root = logging.getLogger()
    root.addHandler(handler)
    previous_thread_hook = threading.excepthook
    previous_unraisable = sys.unraisablehook

    def on_thread_error(args: threading.ExceptHookArgs) -> None:
        name = args.thread.name if args.thread else "?"
        escapes.threads.append(f"{name}: {args.exc_value!r}")

    def on_unraisable(args: Any) -> None:
        escapes.unraisable.append(f"{args.err_msg}: {args.exc_value!r}")

    threading.excepthook = on_thread_error
    sys.unraisablehook = on_unraisable
    try:
        yield escapes
    finally:
        loop.set_exception_handler(previous_handler)
        root.removeHandler(handler)
        threading.excepthook = previous_thread_hook
        sys.unraisablehook = previous_unraisable


def _fds() -> set[int]:
    return {int(name) for name in os.listdir("/proc/self/fd")}


def _emulator_fds(port: int) -> set[int]:
    """Sockets that are the emulator's own (its listening socket and the server side of its
    connections): the emulator lives in this process only for the test."""
    return {
        c.fd
        for c in psutil.Process().net_connections(kind="inet")
        if c.laddr and c.laddr.port == port and c.fd is not None and c.fd >= 0
    }


@dataclass(frozen=True)
class Baseline:
    """What ran and was open before the widgets were made."""

    tasks: frozenset[asyncio.Task[Any]]
    threads: frozenset[threading.Thread]
    fds: frozenset[int]


def baseline() -> Baseline:
    """Take the baseline now (on the loop, after the emulator started)."""
    return Baseline(
        frozenset(asyncio.all_tasks()),
        frozenset(threading.enumerate()),
        frozenset(_fds()),
    )


@dataclass
class Leftovers:
    """What is still there after every widget and client was closed."""

    tasks: list[str] = field(default_factory=list)
    pollers: list[str] = field(default_factory=list)
    scheduled: list[str] = field(default_factory=list)
    threads: list[str] = field(default_factory=list)
    fds: list[str] = field(default_factory=list)
    alive: list[str] = field(default_factory=list)

    def total(self) -> int:
        """How many things were left."""
        return sum(
            len(x)
            for x in (self.tasks, self.pollers, self.scheduled, self.threads, self.fds, self.alive)
        )


# An fd closed between listing and labelling it: closed, so not left.
CLOSED_MEANWHILE = "(closed meanwhile)"


def _fd_label(fd: int) -> str:
    sockets = {c.fd: c for c in psutil.Process().net_connections(kind="all")}
    if fd in sockets:
        c = sockets[fd]
        return f"{fd} -> socket {c.laddr} -> {c.raddr or '-'} ({c.status})"
    try:
        return f"{fd} -> {os.readlink(f'/proc/self/fd/{fd}')}"
    except OSError:
        return f"{fd} {CLOSED_MEANWHILE}"


def leftovers(
    before: Baseline,
    schedulers: list[PollScheduler],
    made: list[weakref.ref[Any]],
    emulator_port: int,
) -> Leftovers:
    """Compare with `before`; call on the loop once everything was closed and drained."""
    gc.collect()
    found = Leftovers()
    current = asyncio.current_task()
    found.tasks = [repr(t) for t in asyncio.all_tasks() - before.tasks if t is not current]
    found.pollers = [f"poller of {p.session_id}" for p in active_pollers()]
    for scheduler in schedulers:
        if scheduler._pollees:
            found.scheduled += [repr(p) for p in scheduler._pollees]
        if scheduler._inflight:
            found.scheduled += [f"in flight: {p!r}" for p in scheduler._inflight]
    found.threads = [t.name for t in threading.enumerate() if t not in before.threads]
    new_fds = _fds() - before.fds - _emulator_fds(emulator_port)
    labels = [_fd_label(fd) for fd in sorted(new_fds)]
    found.fds = [label for label in labels if not label.endswith(CLOSED_MEANWHILE)]
    found.alive = [repr(obj) for ref in made if (obj := ref()) is not None]
    return found
