"""The state re-sent after a cell never undoes a click (issue 15's root cause).

`_flush` re-sends a widget's whole state from IPython's post_execute hook, for notebook
executors. The `comm` package fires that hook around every comm message too, on the thread that
handles it: a JupyterLab 4.6 subshell thread, while the widget's loop runs on the main thread. A
re-send from there read the state before the loop handled the click and reached the browser
after the click's own update, so the conflict card came back and stayed (the kernel, having
settled it, had nothing more to send).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from typing import Any, Literal

import pytest
from comm.base_comm import BaseComm
from IPython.core.interactiveshell import InteractiveShell

from puffle_widgets import Puffle, SessionWidget
from puffle_widgets.widgets import flush as _flush
from tests.widgets.conftest import browser_message, drain, finished, make
from tests.widgets.test_conflict_click_orders import TYPED, FrontEnd


class SubshellComm(FrontEnd):
    """A comm handled the way JupyterLab 4.6 + ipykernel 7 do it: each browser message on a
    subshell thread, through the `comm` package (which fires IPython's pre/post_execute around
    it), while the widget's loop runs on the main thread.

    To make the race of the issue deterministic, a send from the subshell thread waits until the
    loop has sent its own update for the message (as a slow serialization of the whole state
    would), and `deliver` keeps the loop busy until the subshell thread has reached its send."""

    def __init__(self, widget: SessionWidget) -> None:
        super().__init__(widget)
        self._loop_thread = threading.current_thread()
        self._loop_sent = threading.Event()
        self._subshell_at_send = threading.Event()
        self._msg_callback: Callable[[Any], None] | None = None

    def on_msg(self, callback: Callable[[Any], None] | None) -> None:
        self._msg_callback = callback  # ipywidgets passes its handler when the comm is set

    def send(self, data: dict[str, Any], buffers: Any = None, **_: Any) -> None:
        if threading.current_thread() is self._loop_thread:
            super().send(data, buffers)
            self._loop_sent.set()
            return
        self._subshell_at_send.set()
        self._loop_sent.wait(timeout=5)
        super().send(data, buffers)

    async def deliver(self, content: dict[str, Any]) -> None:
        """A browser message, handled on a subshell thread as the kernel does."""
        self._loop_sent.clear()
        self._subshell_at_send.clear()
        msg = {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}

        def on_subshell() -> None:
            try:
                BaseComm.handle_msg(self, msg)  # type: ignore[arg-type]
            finally:
                self._subshell_at_send.set()

        thread = threading.Thread(target=on_subshell)
        thread.start()
        self._subshell_at_send.wait(timeout=5)  # blocks the loop: it is busy meanwhile
        await asyncio.to_thread(thread.join)


@pytest.fixture
def ipython(monkeypatch: pytest.MonkeyPatch) -> Iterator[InteractiveShell]:
    """An IPython shell, so `_flush` hooks post_execute as it does in a kernel."""
    had = InteractiveShell.initialized()
    shell = InteractiveShell.instance()
    monkeypatch.setattr(_flush, "_registered", False)
    yield shell
    if _flush.after_cell in shell.events.callbacks["post_execute"]:
        shell.events.unregister("post_execute", _flush.after_cell)
    if _flush.before_cell in shell.events.callbacks["pre_execute"]:
        shell.events.unregister("pre_execute", _flush.before_cell)
    if not had:
        InteractiveShell.clear_instance()


@pytest.mark.parametrize("keep", ["mine", "server"])
async def test_a_click_handled_on_a_subshell_is_not_undone_by_a_stale_re_send(
    widgets: list[SessionWidget],
    client: Puffle,
    drafted_id: str,
    ipython: InteractiveShell,
    keep: Literal["mine", "server"],
) -> None:
    """The issue's failure: the turn's answer came in the background, so the widget owes the
    notebook a re-send; the click's post_execute did it from the subshell thread with the state
    read before the click was handled, and it landed after the click's own update."""
    w = make(widgets, drafted_id, client)
    comm = SubshellComm(w)
    w.comm = comm
    old_body = w.draft_body
    browser_message(w, {"type": "edit", "field": "draft_body", "value": TYPED, "base": old_body})
    await drain()
    w.send("Make it about onboarding instead")
    session = await w.wait()
    assert comm.state["conflict"] == {"draft_body": session.draft_body}
    click = {
        "type": "resolve_conflict",
        "field": "draft_body",
        "keep": keep,
        "server": session.draft_body,
    }
    await comm.deliver(click)
    await finished(w)
    assert w.conflict == {}
    assert comm.state["conflict"] == {}
    assert comm.state["baseline"] == w.baseline


class FakeKernel:
    """Just what `_flush` asks of ipykernel: the request being handled."""

    def __init__(self, msg_type: str) -> None:
        self.msg_type = msg_type

    def get_parent(self) -> dict[str, Any]:
        return {"header": {"msg_type": self.msg_type}}


@pytest.mark.parametrize(
    ("request_type", "re_sent"), [("execute_request", True), ("comm_msg", False)]
)
async def test_background_changes_are_re_sent_after_a_cell_only(
    widgets: list[SessionWidget],
    client: Puffle,
    drafted_id: str,
    ipython: InteractiveShell,
    monkeypatch: pytest.MonkeyPatch,
    request_type: str,
    re_sent: bool,
) -> None:
    """The re-send exists for notebook executors, which record a cell's messages; after a comm
    message handled on the main thread (front ends without subshells) it is only traffic."""
    w = make(widgets, drafted_id, client)
    comm = FrontEnd(w)
    w.comm = comm
    w.send("Make it shorter")
    await w.wait()
    comm.sent.clear()
    monkeypatch.setattr(ipython, "kernel", FakeKernel(request_type), raising=False)
    ipython.events.trigger("post_execute")
    # No view follows this widget: a cell's end re-sends what changed, the lists whole.
    full = [u for u in comm.updates() if "messages" in u and "status" in u]
    assert len(full) == (1 if re_sent else 0)
