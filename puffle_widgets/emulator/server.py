"""uvicorn in a background thread with its own event loop; start and stop are prompt and safe to
repeat."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Callable
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from puffle_widgets.emulator.connections import Connections, protocol_class

AppFactory = Callable[[asyncio.Event, Connections], ASGIApp]
LoopHook = Callable[[], None]


class _Server(uvicorn.Server):
    """uvicorn's server, minus its 0.1 s polling: it reports when it is up, wakes on an event,
    and shuts down as soon as its requests are done (tests start and stop many emulators)."""

    def __init__(
        self,
        config: uvicorn.Config,
        ready: threading.Event,
        wake: asyncio.Event,
        connections: Connections,
    ) -> None:
        super().__init__(config)
        self._ready = ready
        self._wake = wake
        self._connections = connections

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start serving, then tell the starting thread."""
        await super().startup(sockets)
        self._ready.set()

    async def main_loop(self) -> None:
        """Keep uvicorn's per-tick work (the Date header), but exit as soon as `_wake` is set."""
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Stop accepting, close idle connections, let running requests finish (a held delay
        fault answers at once) for up to the graceful timeout, then cancel and close the rest."""
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        running = set(self.server_state.tasks)
        if running:
            _, pending = await asyncio.wait(running, timeout=self.config.timeout_graceful_shutdown)
            for task in pending:
                task.cancel()
        self._connections.close_all()


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on `host:port` (port 0: any free port)."""
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto says
    # TCP, and without it every answer waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


class ServerThread:
    """Serves the app `factory` builds in a daemon thread; `on_started` and `on_stopping` run on
    the server loop (resume jobs, cancel jobs)."""

    def __init__(self, factory: AppFactory, on_started: LoopHook, on_stopping: LoopHook) -> None:
        self._factory = factory
        self._on_started = on_started
        self._on_stopping = on_stopping
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: _Server | None = None
        self._stopping: asyncio.Event | None = None
        self._error: BaseException | None = None
        self.address: tuple[str, int] | None = None

    @property
    def running(self) -> bool:
        """True between a successful `start` and `stop`."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, host: str, port: int, timeout: float = 10.0) -> tuple[str, int]:
        """Bind, serve in a new thread, and return (host, port) once requests are accepted."""
        if self.running:
            assert self.address is not None
            return self.address
        sock = bind(host, port)
        ready = threading.Event()
        self._error = None
        self._thread = threading.Thread(
            target=self._main, args=(sock, ready), name="puffle-emulator", daemon=True
        )
        self._thread.start()
        if not ready.wait(timeout) or self._server is None or not self._server.started:
            self.stop()
            raise RuntimeError(f"the emulator did not start: {self._error!r}")
        bound_host, bound_port = sock.getsockname()[:2]
        self.address = (str(bound_host), int(bound_port))
        return self.address

    def _main(self, sock: socket.socket, ready: threading.Event) -> None:
        try:
            asyncio.run(self._serve(sock, ready))
        except BaseException as exc:
            self._error = exc
        finally:
            ready.set()
            sock.close()

    async def _serve(self, sock: socket.socket, ready: threading.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        connections = Connections()
        config = uvicorn.Config(
            self._factory(self._stopping, connections),
            http=protocol_class(connections),
            ws="none",
            lifespan="off",
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self._server = _Server(config, ready, self._stopping, connections)
        self._on_started()
        try:
            await self._server.serve(sockets=[sock])
        finally:
            self._on_stopping()

    def call_soon(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run `callback(*args)` on the server loop, if it is running."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            # RuntimeError: the loop closed in between, and there is nothing left to run on.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(callback, *args)

    def _begin_stop(self) -> None:
        self._on_stopping()
        if self._stopping is not None:
            self._stopping.set()
        if self._server is not None:
            self._server.should_exit = True

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving, cancel the jobs and join the thread; does nothing when not running."""
        thread = self._thread
        if thread is None:
            return
        self.call_soon(self._begin_stop)
        thread.join(timeout)
        self._thread = None
        self._loop = None
        self._server = None
        self.address = None
