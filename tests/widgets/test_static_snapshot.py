"""The static snapshot beside a displayed widget is lazy: background updates neither render nor
send it; it is brought up to date once the widget is at rest, at the end of a cell that
changed the widget (always, where no view follows it), and on export."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from puffle_widgets import Puffle, SessionWidget, render
from puffle_widgets.widgets import display
from puffle_widgets.widgets import flush as _flush
from tests.widgets.conftest import RecordingComm, browser_message, drain, make
from tests.widgets.test_session_sync import MESSAGE, appended, session_of


class Outputs:
    """What reaches the notebook's outputs: displays and in-place updates of the snapshot."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.updates: list[str] = []
        self.renders = 0
        self._updated = asyncio.Event()

    def display(self, data: dict[str, Any], **_: Any) -> None:
        self.shown.append(data["text/html"])

    def update_display(self, data: dict[str, Any], **_: Any) -> None:
        self.updates.append(data["text/html"])
        self._updated.set()

    async def updated(self, number: int = 1) -> str:
        """The `number`th update of the snapshot, once it came (awaited, not slept for)."""
        async with asyncio.timeout(10):
            while len(self.updates) < number:
                self._updated.clear()
                await self._updated.wait()
        return self.updates[number - 1]


@pytest.fixture
def outputs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Outputs]:
    recorded = Outputs()
    monkeypatch.setattr(display, "_display", recorded.display)
    monkeypatch.setattr(display, "_update_display", recorded.update_display)
    monkeypatch.setattr(display, "REST_SECONDS", 0.05)
    session_html = render.session_html

    def counting(*args: Any, **kwargs: Any) -> str:
        recorded.renders += 1
        return session_html(*args, **kwargs)

    monkeypatch.setattr(render, "session_html", counting)
    yield recorded
    _flush.flush_all()


def displayed(
    widgets: list[SessionWidget], client: Puffle, outputs: Outputs, *, busy: bool = False
) -> SessionWidget:
    """A widget of a 100-message session, shown with its snapshot, a view following it."""
    w = make(widgets, session_of(100, busy=busy), client)
    w.comm = RecordingComm()
    w._fallback.show()
    browser_message(w, {"type": "resync", "rev": w.rev})
    _flush.flush_all()  # the cell that showed it ends
    outputs.renders = 0
    return w


async def test_background_updates_neither_render_nor_send_the_snapshot_until_at_rest(
    widgets: list[SessionWidget], client: Puffle, outputs: Outputs
) -> None:
    w = displayed(widgets, client, outputs)
    for i in range(5):
        w._publish(appended(session_of(100 + i), MESSAGE, later=i + 1))
    assert outputs.updates == []
    assert outputs.renders == 0
    html = await outputs.updated()  # at rest: once, with the last state
    assert outputs.renders == 1
    assert html.count('class="pw-message"') == 105
    assert len(outputs.updates) == 1


async def test_a_busy_session_updates_its_snapshot_when_its_task_ends_not_before(
    widgets: list[SessionWidget], client: Puffle, outputs: Outputs
) -> None:
    w = displayed(widgets, client, outputs, busy=True)
    w._publish(appended(session_of(100, busy=True), MESSAGE, later=1))
    await asyncio.sleep(display.REST_SECONDS * 4)  # long past rest: but the task still runs
    assert outputs.updates == []
    assert outputs.renders == 0
    w._publish(appended(session_of(100), MESSAGE, later=2))  # the task ended: at once
    assert len(outputs.updates) == 1
    html = outputs.updates[0]
    assert 'data-status="idle"' in html
    assert MESSAGE["content"].split("\n")[0] in html


async def test_a_cell_that_changed_the_widget_leaves_its_snapshot_current(
    widgets: list[SessionWidget], client: Puffle, outputs: Outputs
) -> None:
    w = displayed(widgets, client, outputs)
    _flush.before_cell()
    w._publish(appended(session_of(100), MESSAGE, later=1))
    _flush.flush_all()  # the cell ends
    assert len(outputs.updates) == 1
    assert outputs.updates[0].count('class="pw-message"') == 101
    _flush.before_cell()
    _flush.flush_all()  # a cell that changed nothing: nothing sent
    assert len(outputs.updates) == 1


async def test_the_next_cell_sends_no_snapshot_to_a_widget_a_view_follows(
    widgets: list[SessionWidget], client: Puffle, outputs: Outputs
) -> None:
    w = displayed(widgets, client, outputs)
    w._publish(appended(session_of(100), MESSAGE, later=1))  # between cells
    _flush.before_cell()
    _flush.flush_all()
    assert outputs.updates == []


async def test_without_a_view_every_cell_end_re_sends_a_changed_snapshot(
    widgets: list[SessionWidget], client: Puffle, outputs: Outputs
) -> None:
    w = make(widgets, session_of(100), client)
    w.comm = RecordingComm()
    w._fallback.show()
    _flush.flush_all()
    outputs.updates.clear()
    w._publish(appended(session_of(100), MESSAGE, later=1))  # between cells: no executor hears
    _flush.before_cell()
    _flush.flush_all()
    assert len(outputs.updates) == 1  # under this cell, for the executor to record
    assert outputs.updates[0].count('class="pw-message"') == 101


async def test_export_brings_the_snapshot_up_to_date(
    widgets: list[SessionWidget], client: Puffle, outputs: Outputs, tmp_path: Path
) -> None:
    w = displayed(widgets, client, outputs)
    w._publish(appended(session_of(100), MESSAGE, later=1))
    w.export(tmp_path / "session.md")
    assert len(outputs.updates) == 1
    await asyncio.sleep(display.REST_SECONDS * 4)
    assert len(outputs.updates) == 1  # nothing left to do at rest


async def test_a_closed_widget_leaves_no_rest_timer(
    widgets: list[SessionWidget], client: Puffle, outputs: Outputs
) -> None:
    w = displayed(widgets, client, outputs)
    w._publish(appended(session_of(100), MESSAGE, later=1))
    w.close()
    await drain()
    await asyncio.sleep(display.REST_SECONDS * 4)
    assert outputs.updates == []
