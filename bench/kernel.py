"""A real IPython kernel (jupyter_client), its iopub traffic counted from the wire.

A reader thread owns the iopub socket: it records every message's size as it travelled (all
ZMQ frames: identities, signature, header, parent, metadata, content, buffers), its type, its
parent request and the kernel's send time; contents are parsed only when asked for. Cells run
through the shell channel; a cell reports numbers by printing `BENCH_JSON <json>` lines.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import zmq
from jupyter_client.manager import KernelManager

# What a widget sends toward the browser (a cell's own echo and status are not counted).
WIDGET_TRAFFIC = frozenset(
    {"comm_open", "comm_msg", "comm_close", "display_data", "update_display_data", "clear_output"}
)
JSON_MARK = "BENCH_JSON "
PRELUDE = f"""\
import json as _bench_json
def _bench_emit(value):
    print({JSON_MARK!r} + _bench_json.dumps(value), flush=True)
"""
START_TIMEOUT = 120.0


class CellError(RuntimeError):
    """A benchmark cell raised in the kernel."""


@dataclass
class IopubMessage:
    """One iopub message as it came off the wire."""

    msg_type: str
    size: int
    sent_at: float  # the kernel's header date, epoch seconds
    received_at: float
    parent_id: str | None
    raw_content: bytes = field(repr=False)

    def content(self) -> dict[str, Any]:
        """The parsed content (parsed on demand: big widget states stay bytes until asked)."""
        parsed: dict[str, Any] = json.loads(self.raw_content)
        return parsed


def _epoch(date: Any) -> float:
    if isinstance(date, datetime):
        return date.timestamp()
    return datetime.fromisoformat(str(date).replace("Z", "+00:00")).timestamp()


class IopubRecorder:
    """Reads the iopub socket on its own thread and keeps every message."""

    def __init__(self, socket: zmq.Socket[Any]) -> None:
        self._socket = socket
        self.messages: list[IopubMessage] = []
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="bench-iopub", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            if not self._socket.poll(100):
                continue
            frames: list[bytes] = self._socket.recv_multipart(copy=True)
            received = time.time()
            delimiter = frames.index(b"<IDS|MSG>")
            header = json.loads(frames[delimiter + 2])
            parent = json.loads(frames[delimiter + 3])
            message = IopubMessage(
                msg_type=header["msg_type"],
                size=sum(len(f) for f in frames),
                sent_at=_epoch(header["date"]),
                received_at=received,
                parent_id=parent.get("msg_id"),
                raw_content=frames[delimiter + 5],
            )
            with self._changed:
                self.messages.append(message)
                self._changed.notify_all()

    def stop(self) -> None:
        """Stop reading (before the socket closes)."""
        self._stop.set()
        self._thread.join(5)

    def wait_for(self, match: Callable[[IopubMessage], bool], timeout: float) -> IopubMessage:
        """The first message `match` accepts, waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        checked = 0
        with self._changed:
            while True:
                for message in self.messages[checked:]:
                    if match(message):
                        return message
                checked = len(self.messages)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no matching iopub message within {timeout:g} s")
                self._changed.wait(left)

    def select(
        self,
        *,
        types: Iterable[str] = WIDGET_TRAFFIC,
        parent: str | None = None,
        sent_from: float | None = None,
        sent_before: float | None = None,
    ) -> list[IopubMessage]:
        """Messages of `types`, optionally of one parent request and sent in [from, before)."""
        wanted = set(types)
        with self._changed:
            found = list(self.messages)
        return [
            m
            for m in found
            if m.msg_type in wanted
            and (parent is None or m.parent_id == parent)
            and (sent_from is None or m.sent_at >= sent_from)
            and (sent_before is None or m.sent_at < sent_before)
        ]


@dataclass
class Execution:
    """One cell run: its request id, round-trip time, stdout and reported values."""

    msg_id: str
    round_trip: float
    stdout: str
    reply: dict[str, Any]

    def values(self) -> list[Any]:
        """Everything the cell reported with `_bench_emit`."""
        return [
            json.loads(line[len(JSON_MARK) :])
            for line in self.stdout.splitlines()
            if line.startswith(JSON_MARK)
        ]

    def value(self) -> Any:
        """The last reported value."""
        values = self.values()
        if not values:
            raise CellError(f"the cell reported nothing; its output was:\n{self.stdout}")
        return values[-1]


class Kernel:
    """A python3 kernel with the given environment, started on entry and shut down on exit."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self._env = env
        self._cwd = cwd
        self.manager = KernelManager(kernel_name="python3")
        self.iopub: IopubRecorder | None = None

    def __enter__(self) -> Self:
        self.manager.start_kernel(env=self._env, cwd=str(self._cwd))
        self.client = self.manager.blocking_client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=START_TIMEOUT)
        # From here on only the recorder reads iopub (a ZMQ socket belongs to one thread).
        self.iopub = IopubRecorder(self.client.iopub_channel.socket)
        self.execute(PRELUDE)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.iopub is not None:
            self.iopub.stop()
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)

    @property
    def recorder(self) -> IopubRecorder:
        """The iopub recorder (running once the kernel is up)."""
        assert self.iopub is not None, "the kernel is not started"
        return self.iopub

    def execute(self, code: str, timeout: float = 600.0, *, wait_idle: bool = True) -> Execution:
        """Run `code` as a cell; raise `CellError` with the traceback if it fails. The round
        trip is from sending the request to its reply; with `wait_idle` the call also waits for
        the kernel's idle status, so every output of the cell has been recorded."""
        start = time.perf_counter()
        msg_id = self.client.execute(code, store_history=False)
        deadline = time.monotonic() + timeout
        while True:
            reply = self.client.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        round_trip = time.perf_counter() - start
        if wait_idle:
            self.recorder.wait_for(
                lambda m: (
                    m.parent_id == msg_id
                    and m.msg_type == "status"
                    and m.content().get("execution_state") == "idle"
                ),
                timeout=max(1.0, deadline - time.monotonic()),
            )
        stdout = "".join(
            m.content().get("text", "")
            for m in self.recorder.select(types={"stream"}, parent=msg_id)
            if m.content().get("name") == "stdout"
        )
        content = reply["content"]
        if content.get("status") != "ok":
            trace = "\n".join(content.get("traceback", [])) or str(content)
            raise CellError(f"cell failed:\n{code}\n---\n{trace}")
        return Execution(msg_id, round_trip, stdout, content)

    def announce_view(self, widget: str = "w") -> None:
        """Do what a rendered view does first (`{type: "resync", rev}` on the widget's comm): tell
        the widget a live view follows it. Without it, a kernel with no browser is a notebook
        executor to the widget, which re-sends what changed at the end of every cell."""
        comm, rev = self.run_value(f"_bench_emit([{widget}.comm.comm_id, {widget}.rev])")
        data = {"method": "custom", "content": {"type": "resync", "rev": rev}}
        message = self.client.session.msg("comm_msg", {"comm_id": comm, "data": data})
        self.client.shell_channel.send(message)
        self.execute("pass")  # handled after the comm message: the widget has heard it

    def run_value(self, code: str, timeout: float = 600.0) -> Any:
        """Run `code` and return the last value it reported with `_bench_emit(...)`."""
        return self.execute(code, timeout).value()


def kernel_env(base: dict[str, str], state: Path) -> dict[str, str]:
    """The kernel's environment: `base` (the emulator's URL and key) over this process's, with
    IPython's own directory isolated under `state` (no user startup files)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUFFLE_")}
    env.update(base)
    env.update(
        IPYTHONDIR=str(state / "ipython"),
        JUPYTER_RUNTIME_DIR=str(state / "runtime"),
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    return env
