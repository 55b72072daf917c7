"""The event loop that background work runs on, and thread-safe hand-off to it.

In a Jupyter kernel that is the kernel's own loop, captured when a widget is made (comm
handlers may run on another thread in newer ipykernel, so work is always handed over with
`call_soon_threadsafe`). Outside a running loop (a plain script), one daemon thread runs a
private loop for every widget.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# A hand-off to the loop thread is quick work; waiting longer means the loop is stuck.
HAND_OFF_TIMEOUT = 30.0

_fallback_lock = threading.Lock()
_fallback: WorkLoop | None = None


class WorkLoop:
    """An event loop and the thread it runs on."""

    def __init__(self, loop: asyncio.AbstractEventLoop, thread_id: int) -> None:
        self.loop = loop
        self.thread_id = thread_id

    @classmethod
    def capture(cls) -> WorkLoop:
        """The running loop of this thread (the kernel's, in Jupyter), else the fallback loop."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return _fallback_loop()
        return cls(loop, threading.get_ident())

    @property
    def alive(self) -> bool:
        """False once the loop is closed (e.g. the `asyncio.run` that owned it returned)."""
        return not self.loop.is_closed()

    @property
    def on_loop_thread(self) -> bool:
        """True when the caller runs on this loop's thread."""
        return threading.get_ident() == self.thread_id

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run `coro` as a task on the loop, from any thread."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def call_soon(self, fn: Callable[..., object], *args: object) -> None:
        """Run `fn(*args)` on the loop thread soon, from any thread."""
        self.loop.call_soon_threadsafe(fn, *args)

    def run(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `fn(*args, **kwargs)` on the loop thread and return its result; directly if
        already there, or if the loop is no longer running (nothing else can touch the state
        then)."""
        if self.on_loop_thread or not self.loop.is_running():
            return fn(*args, **kwargs)
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def call() -> None:
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed back to the caller's thread
                future.set_exception(exc)

        self.loop.call_soon_threadsafe(call)
        try:
            return future.result(timeout=HAND_OFF_TIMEOUT)
        except concurrent.futures.TimeoutError:
            raise RuntimeError(
                "puffle-widgets' event loop did not answer within "
                f"{HAND_OFF_TIMEOUT:g}s; it may be blocked by a long-running call."
            ) from None


def _fallback_loop() -> WorkLoop:
    global _fallback
    with _fallback_lock:
        if _fallback is None or _fallback.loop.is_closed():
            loop = asyncio.new_event_loop()
            started = threading.Event()
            ident: list[int] = []

            def run() -> None:
                asyncio.set_event_loop(loop)
                ident.append(threading.get_ident())
                started.set()
                loop.run_forever()

            threading.Thread(target=run, name="puffle-widgets-loop", daemon=True).start()
            started.wait()
            _fallback = WorkLoop(loop, ident[0])
        return _fallback
