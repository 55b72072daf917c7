"""The soak's random operations, as a user makes them from cells and from the browser, and as
the world does (stuck tasks, someone else editing the session). Every operation here runs on
the loop, as a cell does in a kernel; browser.py sends browser messages from another thread.

Operations that throw a user's edit away on purpose (Take server's, Revert) run here, where
their order with the edits is known, so the ledger knows which edits still count.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import threading
import weakref
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from puffle_widgets import CampaignWidget, Puffle, PuffleError, SessionWidget
from puffle_widgets.emulator import Emulator
from tests.soak.ledger import Ledger, Sent

TEXT_FIELDS = ("title", "draft_subject", "draft_body")
LEADS = [
    {"first_name": "Sarah", "company": "Acme", "position": "VP of Sales"},
    {"first_name": "Tom", "company": "Globex"},
]
ASKS = (
    "Write an intro email for VPs of Sales",
    "Make it shorter",
    "Sender is Sid; angle: time-to-ROI",
    "Lead with onboarding time",
    "Warmer tone, and ask for a 15 minute call",
)
MAX_READERS = 3  # widgets made and closed during the soak
# A session takes one task at a time, and the soak acts much faster than tasks finish: without a
# bound, each widget's queue grows for as long as the soak drives (30+ actions after a minute,
# hundreds after ten), and settling at the end takes longer than any fixed wait. A user does not
# pile up more than a few messages either, so an action that would queue past these is skipped.
MAX_ACTIVE_MESSAGES = 4  # outbox entries still on their way, per widget
MAX_QUEUED = 6  # actions waiting in a widget's queue


async def drain() -> None:
    """Let the loop run every callback scheduled so far."""
    loop = asyncio.get_running_loop()
    for _ in range(3):
        done = loop.create_future()
        loop.call_soon(done.set_result, None)
        await done


def browser_message(widget: Any, content: dict[str, Any]) -> None:
    """Deliver a custom message as the front end's `model.send(content)` would."""
    widget._handle_msg(
        {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
    )


@dataclass
class Soak:
    """The widgets under test and what was done to them."""

    rng: random.Random
    emulator: Emulator
    client: Puffle
    session_ids: list[str]
    widgets: list[SessionWidget]  # driven widgets; their index is their name in the ledger
    campaign: CampaignWidget
    ledger: Ledger = field(default_factory=Ledger)
    ops: Counter[str] = field(default_factory=Counter)
    cell_errors: list[str] = field(default_factory=list)  # unexpected errors raised to a cell
    readers: list[SessionWidget] = field(default_factory=list)
    made: list[weakref.ref[Any]] = field(default_factory=list)
    waits: set[asyncio.Task[None]] = field(default_factory=set)
    timers: list[threading.Timer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def number(self) -> int:
        """A number no other text of this soak uses."""
        with self.lock:
            return next(self._numbers)

    def message_text(self) -> str:
        """A chat message no other message of this soak repeats."""
        return f"{self.rng.choice(ASKS)} (soak #{self.number()})"

    def record_send(self, index: int, entry_id: str, text: str, how: str) -> None:
        """Note a message handed to widget `index`."""
        sent = Sent(index, self.widgets[index].session_id, entry_id, text, how)
        with self.lock:
            self.ledger.sent.append(sent)

    def crowded(self, widget: SessionWidget, *, message: bool) -> bool:
        """Whether `widget` has as much queued as a user would (the action is then skipped);
        read from any thread (a length, good enough to pace by)."""
        if message:
            active = [e for e in widget.outbox if e["state"] in ("queued", "sending", "checking")]
            crowded = len(active) >= MAX_ACTIVE_MESSAGES
        else:
            crowded = len(widget._queue) >= MAX_QUEUED
        if crowded:
            with self.lock:
                self.ops["skipped: queue full"] += 1
        return crowded

    def pick(self) -> tuple[int, SessionWidget]:
        """A driven widget, at random."""
        index = self.rng.randrange(len(self.widgets))
        return index, self.widgets[index]

    def unexpected(self, where: str, exc: BaseException) -> None:
        """A call from a cell raised something other than what it documents."""
        self.cell_errors.append(f"{where}: {exc!r}")


# --- from cells ------------------------------------------------------------------------------


async def cell_send(soak: Soak) -> None:
    index, w = soak.pick()
    if soak.crowded(w, message=True):
        return
    text = soak.message_text()
    if soak.rng.random() < 0.05:
        soak.record_send(index, "", text, "cell, wait=True")
        with contextlib.suppress(PuffleError):
            w.send(text, wait=True)  # blocks the loop, as a cell that asked to block does
        return
    soak.record_send(index, w.send(text), text, "cell")


async def cell_save(soak: Soak) -> None:
    _, w = soak.pick()
    if soak.crowded(w, message=False):
        return
    if soak.rng.random() < 0.05:
        with contextlib.suppress(PuffleError):
            w.save(wait=True)
        return
    w.save(force=soak.rng.random() < 0.1)


async def cell_refresh(soak: Soak) -> None:
    _, w = soak.pick()
    if soak.rng.random() < 0.1:
        with contextlib.suppress(PuffleError):
            w.refresh(wait=True)
        return
    w.refresh()


async def cell_generate_examples(soak: Soak) -> None:
    _, w = soak.pick()
    if soak.crowded(w, message=False):
        return
    w.generate_examples(is_first_batch=soak.rng.random() < 0.7)


async def cell_edit(soak: Soak) -> None:
    index, w = soak.pick()
    name = soak.rng.choice(TEXT_FIELDS)
    value = f"cell edit #{soak.number()} of the {name.replace('_', ' ')}"
    setattr(w, name, value)
    soak.ledger.edit(index, w.session_id, name, value)


async def cell_resolve(soak: Soak) -> None:
    index, w = soak.pick()
    if not w.conflict:
        return
    name = soak.rng.choice(sorted(w.conflict))
    if soak.rng.random() < 0.5:
        w.keep_mine(name)
    else:
        w.take_server(name)
        soak.ledger.discard(index, name)


async def cell_revert(soak: Soak) -> None:
    index, w = soak.pick()
    w.revert()
    soak.ledger.discard(index)


async def cell_wait(soak: Soak) -> None:
    """A cell that awaits the widget for a while (in the background: the soak goes on)."""
    _, w = soak.pick()
    timeout = soak.rng.uniform(0.2, 3.0)

    async def wait() -> None:
        try:
            await w.wait(timeout)
        except PuffleError:
            pass  # what went wrong (a 402, a conflict...) or a timeout: documented
        except Exception as exc:
            soak.unexpected("wait()", exc)

    task = asyncio.ensure_future(wait())
    soak.waits.add(task)
    task.add_done_callback(soak.waits.discard)


async def cell_wait_sync(soak: Soak) -> None:
    _, w = soak.pick()
    with contextlib.suppress(PuffleError):
        w.wait_sync(timeout=soak.rng.uniform(0.5, 5.0))  # blocks the loop, driving the queue


# --- the browser, sent from the loop thread --------------------------------------------------


async def browser_edit(soak: Soak) -> None:
    index, w = soak.pick()
    name = soak.rng.choice(TEXT_FIELDS)
    value = f"typed #{soak.number()} in the {name.replace('_', ' ')}"
    browser_message(
        w, {"type": "edit", "field": name, "value": value, "base": w.baseline.get(name)}
    )
    await drain()
    soak.ledger.edit(index, w.session_id, name, value)


async def browser_resolve(soak: Soak) -> None:
    index, w = soak.pick()
    if not w.conflict:
        return
    name = soak.rng.choice(sorted(w.conflict))
    keep = soak.rng.choice(["mine", "server"])
    browser_message(
        w, {"type": "resolve_conflict", "field": name, "keep": keep, "server": w.conflict[name]}
    )
    await drain()
    if keep == "server":
        soak.ledger.discard(index, name)


async def browser_revert(soak: Soak) -> None:
    index, w = soak.pick()
    browser_message(w, {"type": "revert"})
    await drain()
    soak.ledger.discard(index)


async def browser_restore(soak: Soak) -> None:
    _, w = soak.pick()
    kind = soak.rng.choice(["draft", "skeleton", "hand_edit"])
    history = {"draft": w.draft_history, "skeleton": w.skeleton_history}.get(kind, w.turn_changes)
    if history:
        browser_message(
            w, {"type": "restore", "kind": kind, "index": soak.rng.randrange(len(history))}
        )


async def browser_cancel(soak: Soak) -> None:
    index, w = soak.pick()
    entries = [e for e in w.outbox if e["state"] in ("queued", "failed")]
    if not entries:
        return
    entry = soak.rng.choice(entries)
    browser_message(w, {"type": "cancel", "id": entry["id"]})
    await drain()
    if all(e["id"] != entry["id"] for e in w.outbox):
        for sent in soak.ledger.sent:
            if sent.widget == index and sent.text == entry["text"]:
                sent.cancelled = True


# --- the campaign table, and widgets that come and go ---------------------------------------


async def campaign_select(soak: Soak) -> None:
    choice = soak.rng.choice([None, *soak.session_ids])
    detail = soak.campaign.select(choice)
    if detail is not None and all(ref() is not detail for ref in soak.made):
        soak.made.append(weakref.ref(detail))
        browser_message(detail, {"type": "visibility", "view": "detail", "visible": True})


async def campaign_refresh(soak: Soak) -> None:
    if soak.rng.random() < 0.5:
        soak.campaign.refresh()
    else:
        browser_message(soak.campaign, {"type": "refresh"})


async def reader_churn(soak: Soak) -> None:
    """Open a widget (its first read may fail) or close one opened earlier."""
    if soak.readers and (len(soak.readers) >= MAX_READERS or soak.rng.random() < 0.4):
        soak.readers.pop(soak.rng.randrange(len(soak.readers))).close()
        return
    w = SessionWidget(soak.rng.choice(soak.session_ids), client=soak.client)
    soak.made.append(weakref.ref(w))
    soak.readers.append(w)
    browser_message(w, {"type": "visibility", "view": "reader", "visible": True})


# --- the world -------------------------------------------------------------------------------


async def stick_a_task(soak: Soak) -> None:
    """Hold one session's tasks for a while, as a slow framework LLM would."""
    session_id = soak.rng.choice(soak.session_ids)
    faults = soak.emulator.faults
    if faults.is_stuck(session_id):
        return
    faults.stick(session_id)
    # A timer thread, not the loop: a cell blocking the loop (wait=True) waits for this task.
    timer = threading.Timer(soak.rng.uniform(0.3, 4.0), faults.unstick, [session_id])
    timer.daemon = True
    soak.timers.append(timer)
    timer.start()


async def someone_else_edits(soak: Soak) -> None:
    """A colleague changes the draft in the Puffle app while the session is idle."""
    session_id = soak.rng.choice(soak.session_ids)
    row = soak.emulator.get_session(session_id)
    if row["task_status"] is None:
        name = soak.rng.choice(TEXT_FIELDS)
        soak.emulator.set_session(session_id, **{name: f"changed elsewhere #{soak.number()}"})


Operation = Callable[[Soak], Awaitable[None]]
# Each operation and how often it is drawn, relative to the others.
OPERATIONS: dict[Operation, float] = {
    cell_send: 6,
    cell_save: 4,
    cell_refresh: 3,
    cell_generate_examples: 2,
    cell_edit: 6,
    cell_resolve: 3,
    cell_revert: 0.5,
    cell_wait: 2,
    cell_wait_sync: 0.3,
    browser_edit: 6,
    browser_resolve: 3,
    browser_revert: 0.5,
    browser_restore: 1,
    browser_cancel: 1,
    campaign_select: 1,
    campaign_refresh: 1,
    reader_churn: 1,
    stick_a_task: 1,
    someone_else_edits: 1,
}


async def drive(soak: Soak, seconds: float) -> None:
    """Make random operations for `seconds`, pacing them a little, reading the log as it goes."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    operations, weights = list(OPERATIONS), list(OPERATIONS.values())
    while loop.time() < end:
        operation = soak.rng.choices(operations, weights)[0]
        soak.ops[operation.__name__] += 1
        try:
            await operation(soak)
        except Exception as exc:
            soak.unexpected(operation.__name__, exc)
        soak.ledger.scan(soak.emulator)
        # Pacing, not a wait for an event: a user acts now and then, and the loop runs between.
        await asyncio.sleep(soak.rng.uniform(0.0, 0.06))
