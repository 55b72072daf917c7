"""What a live session widget costs on the wire, in a real kernel (jupyter_client), counted from
the iopub socket: all ZMQ frames of every widget message (comm and display messages).

A busy session (its task held open by the emulator) of N messages polls in the background;
another client appends one message. That costs the delta and the changed fields only, the same
at 10 and 1,000 messages; the polls that follow and the next cell cost nothing; a gap in the
deltas gets the whole state back.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import zmq
from jupyter_client.manager import KernelManager

from puffle_widgets.emulator import Emulator, RequestRecord

pytestmark = pytest.mark.notebook

WIDGET_TRAFFIC = {"comm_open", "comm_msg", "display_data", "update_display_data"}
TIMEOUT = 60.0
MESSAGE = {"role": "assistant", "content": "A shorter version:\n\n- one line\n- **two** lines"}

SHOW = """\
from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.client import PollSchedule
w = SessionWidget({sid!r}, client=Puffle(poll_interval=PollSchedule(0.1, 0.1, 1.0)))
w
"""


@dataclass
class Frame:
    """One iopub message: its type, parent request, size on the wire and content."""

    msg_type: str
    parent: str | None
    size: int
    content: dict[str, Any]


class Iopub:
    """Reads the kernel's iopub socket on its own thread, keeping every message."""

    def __init__(self, socket: zmq.Socket[Any]) -> None:
        self._socket = socket
        self.frames: list[Frame] = []
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            if not self._socket.poll(50):
                continue
            parts: list[bytes] = self._socket.recv_multipart()
            at = parts.index(b"<IDS|MSG>")
            header, parent = json.loads(parts[at + 2]), json.loads(parts[at + 3])
            frame = Frame(
                header["msg_type"],
                parent.get("msg_id"),
                sum(len(p) for p in parts),
                json.loads(parts[at + 5]),
            )
            with self._changed:
                self.frames.append(frame)
                self._changed.notify_all()

    def mark(self) -> int:
        """Where the messages received from now on start."""
        with self._changed:
            return len(self.frames)

    def wait_for(self, match: Callable[[Frame], bool], since: int = 0) -> Frame:
        """The first message from `since` on that `match` accepts."""
        deadline = time.monotonic() + TIMEOUT
        with self._changed:
            while True:
                for frame in self.frames[since:]:
                    if match(frame):
                        return frame
                left = deadline - time.monotonic()
                assert left > 0, "no such iopub message in time"
                self._changed.wait(left)

    def widget_traffic(self, since: int, until: int | None = None) -> list[Frame]:
        with self._changed:
            return [f for f in self.frames[since:until] if f.msg_type in WIDGET_TRAFFIC]

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


class Kernel:
    """A kernel, its shell client and its iopub reader."""

    def __init__(self, manager: KernelManager) -> None:
        self.manager = manager
        self.client = manager.blocking_client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT)
        self.iopub = Iopub(self.client.iopub_channel.socket)

    def execute(self, code: str) -> str:
        """Run a cell; its request id once the kernel is idle again."""
        msg_id: str = self.client.execute(code)
        reply = self.client.get_shell_msg(timeout=TIMEOUT)
        assert reply["content"]["status"] == "ok", reply["content"]
        self.iopub.wait_for(
            lambda f: (
                f.msg_type == "status"
                and f.parent == msg_id
                and f.content["execution_state"] == "idle"
            )
        )
        return msg_id

    def browser_says(self, comm_id: str, content: dict[str, Any]) -> None:
        """What the front end's `model.send(content)` sends."""
        data = {"method": "custom", "content": content}
        msg = self.client.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        self.client.shell_channel.send(msg)


def kernel_env(emulator: Emulator) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUFFLE_")}
    return {**env, **emulator.env(), "NO_PROXY": "127.0.0.1,localhost"}


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(latency=0.05) as emu:
        yield emu


@pytest.fixture
def kernel(emulator: Emulator, tmp_path: Any) -> Iterator[Kernel]:
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(env=kernel_env(emulator), cwd=str(tmp_path))
    kernel = Kernel(manager)
    yield kernel
    kernel.iopub.stop()
    kernel.client.stop_channels()
    manager.shutdown_kernel(now=True)


def busy_session(emulator: Emulator, size: int) -> str:
    """A session of `size` messages whose task runs until it is unstuck."""
    campaign_id, nodes = emulator.new_campaign(nodes=1)
    sid = emulator.seed_session(campaign_id, nodes[0], messages=size, history=2, examples=2)
    emulator.faults.stick(sid)
    emulator.set_session(sid, task_status="chat_processing")
    return sid


def gets_of(sid: str) -> Callable[[RequestRecord], bool]:
    return lambda r: r.operation_id == "getAiChatSession" and r.session_id == sid


def is_delta(frame: Frame) -> bool:
    data = frame.content.get("data", {})
    return frame.msg_type == "comm_msg" and data.get("content", {}).get("type") == "delta"


def shown(kernel: Kernel, sid: str) -> str:
    """Show the widget; a view announces itself, as the front end does when it renders."""
    kernel.execute(SHOW.format(sid=sid))
    opened = kernel.iopub.wait_for(
        lambda f: f.msg_type == "comm_open" and "session_id" in f.content["data"]["state"]
    )
    comm_id: str = opened.content["comm_id"]
    # The front end has applied the deltas sent since (the first fetch's): it is at the last.
    revs = [f.content["data"]["content"]["rev"] for f in kernel.iopub.frames if is_delta(f)]
    rev = max(revs, default=opened.content["data"]["state"]["rev"])
    kernel.browser_says(comm_id, {"type": "resync", "rev": rev})
    # A delta sent after `rev` was read gets the whole state back: let that happen before any
    # counting starts (the kernel handles the comm message before this cell).
    kernel.execute("pass")
    return comm_id


@pytest.mark.parametrize("size", [10, 1000])
def test_an_appended_message_then_polls_and_the_next_cell(
    kernel: Kernel, emulator: Emulator, size: int
) -> None:
    sid = busy_session(emulator, size)
    try:
        comm_id = shown(kernel, sid)
        since = kernel.iopub.mark()
        messages = emulator.get_session(sid)["messages"]
        emulator.set_session(sid, messages=[*messages, MESSAGE])
        delta = kernel.iopub.wait_for(is_delta, since)
        # Two more polls, which find nothing new; then a trivial cell.
        after = len(emulator.requests)
        emulator.wait_for_request(gets_of(sid), TIMEOUT, since=after)
        emulator.wait_for_request(gets_of(sid), TIMEOUT, since=len(emulator.requests))
        until = kernel.iopub.mark()
        cell = kernel.execute("pass")
        appended = kernel.iopub.widget_traffic(since, until)
        items = delta.content["data"]["content"]["items"]
        assert items == [MESSAGE]
        total = sum(f.size for f in appended)
        assert total <= 3 * len(json.dumps(MESSAGE)) + 2048, [f.size for f in appended]
        assert [f.msg_type for f in appended] == ["comm_msg", "comm_msg"]  # delta, updated_at
        assert [f for f in kernel.iopub.widget_traffic(until) if f.parent == cell] == []
        # Browser events after the update: a view rendering, an edit. The edit's echo only.
        since = kernel.iopub.mark()
        rev = delta.content["data"]["content"]["rev"]
        kernel.browser_says(comm_id, {"type": "resync", "rev": rev})
        title = emulator.get_session(sid)["title"]
        edit = {"type": "edit", "field": "title", "value": "Mine", "base": title}
        kernel.browser_says(comm_id, edit)
        kernel.execute("assert w.title == 'Mine', w.title")
        events = kernel.iopub.widget_traffic(since)
        assert all("messages" not in f.content.get("data", {}).get("state", {}) for f in events)
        assert sum(f.size for f in events) < 2048, [f.size for f in events]
    finally:
        emulator.faults.unstick(sid)


def test_a_gap_in_the_deltas_gets_the_whole_state(kernel: Kernel, emulator: Emulator) -> None:
    sid = busy_session(emulator, 10)
    try:
        comm_id = shown(kernel, sid)
        since = kernel.iopub.mark()
        messages = emulator.get_session(sid)["messages"]
        emulator.set_session(sid, messages=[*messages, MESSAGE])
        delta = kernel.iopub.wait_for(is_delta, since).content["data"]["content"]
        since = kernel.iopub.mark()
        kernel.browser_says(comm_id, {"type": "resync", "rev": delta["base_rev"]})  # missed it
        update = kernel.iopub.wait_for(
            lambda f: f.msg_type == "comm_msg" and "messages" in f.content["data"].get("state", {}),
            since,
        )
        state = update.content["data"]["state"]
        assert state["rev"] == delta["rev"]
        assert state["messages"][-1] == MESSAGE
        assert "_esm" not in state
        assert len(state["messages"]) == 11
    finally:
        emulator.faults.unstick(sid)
