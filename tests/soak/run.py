"""One soak from start to end: an emulator, sessions, widgets, random faults while the driver and
the browser thread act, then the faults stop, everything settles and is checked, closed, and
checked again for what was left behind."""

from __future__ import annotations

import asyncio
import dataclasses
import random
import weakref
from collections.abc import Callable
from typing import Any

import traitlets

from puffle_widgets import AsyncPuffle, CampaignWidget, Puffle, PuffleError, SessionWidget
from puffle_widgets.client import PollSchedule
from puffle_widgets.emulator import Emulator
from puffle_widgets.live import PollScheduler, configure, settings
from tests.soak.browser import Browser
from tests.soak.checks import check, diverged
from tests.soak.driver import LEADS, Soak, browser_message, drain, drive
from tests.soak.figures import Figures
from tests.soak.watch import baseline, leftovers, watching_escapes

# Quick enough that a minute holds many tasks, lost answers and recoveries.
SOAK_SETTINGS: dict[str, Any] = {
    "budget_per_minute": 1_000_000,
    "busy_interval": 0.1,
    "idle_visible": 1.0,
    "idle_hidden": 5.0,
    "lost_first": 0.1,
    "lost_max": 1.0,
    "lost_window": 6.0,
}
POLLS = PollSchedule(0.05, 0.2, 2.0)
SETTLE = 90.0  # seconds a widget may take to settle once the faults stop (a safety net)


async def _settle(widget: SessionWidget) -> str | None:
    """Wait until the widget is idle with nothing on its way; why not, if it is not within
    SETTLE seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE
    while (left := deadline - loop.time()) > 0:
        try:
            await widget.wait(left)
            return None
        except PuffleError as exc:
            if isinstance(exc, TimeoutError):
                return f"{widget!r} did not settle: {exc} ({pending(widget)})"
            # wait() raises each background failure once (a queued save refused for a
            # conflict, a 402...): those are documented outcomes, so wait again.
    return f"{widget!r} did not settle within {SETTLE:g}s ({pending(widget)})"


def pending(widget: SessionWidget) -> str:
    """What a widget still has on its way, and what holds it (for a report)."""
    actions, state = widget._actions, widget._state
    current = actions.current
    held = {
        "busy": state.busy,
        "checking": actions.lost.checking,
        "after a 409": actions._busy_after is not None,
        "blocking": actions.blocking,
        "not taking work": not state.taking_work,
    }
    return (
        f"queue {[op.kind for op in actions.waiting]}, "
        f"current {None if current is None else (current.kind, current.claimed)}, "
        f"held by {[why for why, on in held.items() if on] or 'nothing'}, "
        f"outbox {[e['state'] for e in widget.outbox]}"
    )


async def _until(predicate: Callable[[], bool], widgets: list[Any], timeout: float) -> bool:
    """Whether `predicate()` holds, re-checked at every trait change of `widgets`."""
    changed = asyncio.Event()

    def on_change(_change: object) -> None:
        changed.set()

    for w in widgets:
        w.observe(on_change, names=traitlets.All)
    try:
        async with asyncio.timeout(timeout):
            while not predicate():
                changed.clear()
                await changed.wait()
        return True
    except TimeoutError:
        return False
    finally:
        for w in widgets:
            w.unobserve(on_change, names=traitlets.All)


def _setup(emu: Emulator, sessions: int) -> tuple[str, list[str]]:
    """A campaign of `sessions` sessions, the first ones drafted (two turns)."""
    campaign_id, nodes = emu.new_campaign(nodes=sessions)
    with Puffle(api_key=emu.api_key, base_url=emu.url) as setup:
        ids = [setup.sessions.create(campaign_id=campaign_id, node_id=n).id for n in nodes]
        for session_id in ids[: max(1, sessions - 1)]:
            setup.sessions.turn(session_id, "Write an intro email for VPs of Sales")
            setup.sessions.wait(session_id, interval=0.05)
            setup.sessions.turn(session_id, "Sender is Sid; angle: time-to-ROI")
            setup.sessions.wait(session_id, interval=0.05)
    return campaign_id, ids


async def _warm_up(emu: Emulator) -> None:
    """One async request, so the loop's own resolver threads exist before the baseline."""
    async with AsyncPuffle(api_key=emu.api_key, base_url=emu.url) as warm:
        await warm.sessions.list(emu.new_campaign(nodes=0)[0])


def _widgets(soak_client: Puffle, ids: list[str]) -> tuple[list[SessionWidget], list[AsyncPuffle]]:
    """Two widgets per session, one on the sync client and one on an async one (returned:
    the caller closes them, as a notebook that made them would)."""
    made = []
    async_clients = []
    for session_id in ids:
        async_client = soak_client.as_async()
        async_clients.append(async_client)
        for client in (soak_client, async_client):
            made.append(
                SessionWidget(
                    session_id,
                    client=client,
                    sample_leads=LEADS,
                    available_var_names=["first_name", "company"],
                )
            )
    return made, async_clients


async def soak(seconds: float, seed: int, fault_rate: float = 0.3, sessions: int = 3) -> Figures:
    """Run one soak; the figures say what happened and what went wrong."""
    previous = settings()
    configure(**SOAK_SETTINGS)
    try:
        # Bodies up to 16 KiB: the ledger reads turns and saves, not the sessions polled.
        with Emulator(latency=0.2, log_size=100_000, log_body_limit=16_384) as emu:
            return await _soak(emu, seconds, seed, fault_rate, sessions)
    finally:
        configure(**dataclasses.asdict(previous))


async def _soak(
    emu: Emulator, seconds: float, seed: int, fault_rate: float, sessions: int
) -> Figures:
    figures = Figures(seed=seed, seconds=seconds, fault_rate=fault_rate)
    campaign_id, ids = _setup(emu, sessions)
    await _warm_up(emu)
    before = baseline()
    port = int(emu.url.rsplit(":", 1)[1])
    with watching_escapes() as escapes:
        made, schedulers = await _run_widgets(emu, figures, campaign_id, ids)
        # Every widget and client is closed, and nothing of them is referenced from here.
        await _quiet(before)
        figures.leftovers = leftovers(before, schedulers, made, port)
    figures.escapes = escapes.all()
    figures.job_errors = [repr(e) for e in emu.job_errors]
    return figures


async def _run_widgets(
    emu: Emulator, figures: Figures, campaign_id: str, ids: list[str]
) -> tuple[list[weakref.ref[Any]], list[PollScheduler]]:
    """Make the widgets, drive them through the faults, let them settle, check, close them;
    returns weak references to everything made, and the poll schedulers they used."""
    rng = random.Random(figures.seed)
    client = Puffle(api_key=emu.api_key, base_url=emu.url, poll_interval=POLLS)
    widgets, async_clients = _widgets(client, ids)
    campaign = CampaignWidget(campaign_id, client=client, sample_leads=LEADS)
    soak = Soak(rng, emu, client, ids, widgets, campaign)
    soak.made += [weakref.ref(w) for w in [*widgets, campaign]]
    schedulers: list[PollScheduler] = [widgets[0]._poller.scheduler]
    for index, w in enumerate(widgets):
        browser_message(w, {"type": "visibility", "view": f"view-{index}", "visible": True})
    browser_message(campaign, {"type": "visibility", "view": "table", "visible": True})

    first_request = len(emu.requests)
    emu.faults.randomly(figures.fault_rate, seed=figures.seed)
    browser = Browser(soak, figures.seed + 1)
    browser.start()
    try:
        await drive(soak, figures.seconds)
    finally:
        browser.stop()
        emu.faults.clear()  # no more faults; stuck tasks finish
        for timer in soak.timers:
            timer.cancel()
            timer.join()
    figures.faults = emu.faults.taken
    figures.requests = len(emu.requests) - first_request
    await asyncio.gather(*soak.waits, return_exceptions=True)
    reading = asyncio.ensure_future(_read_log(soak))
    try:
        await _settle_all(soak, figures)
    finally:
        reading.cancel()
    soak.ledger.scan(emu)
    figures.outcome = check(soak)
    figures.operations = soak.ops
    figures.by_operation, figures.faulted = soak.ledger.by_operation, soak.ledger.faulted
    figures.log_missed = soak.ledger.missed
    figures.cell_errors = soak.cell_errors
    for w in [*soak.readers, *widgets]:
        w.close()
    campaign.close()
    client.close()
    for async_client in async_clients:
        await async_client.close()
    return soak.made, schedulers


async def _read_log(soak: Soak) -> None:
    """Read the request log while the widgets settle (the queued saves go out then), before
    the polls' answers push the bodies it needs out of it."""
    while True:
        soak.ledger.scan(soak.emulator)
        # Pacing, not a wait for an event: bodies stay in the log for seconds, not 0.2 s.
        await asyncio.sleep(0.2)


async def _settle_all(soak: Soak, figures: Figures) -> None:
    """The faults stopped: every widget settles and comes to show what the server holds."""
    everyone = [*soak.widgets, *soak.readers]
    if soak.campaign.detail is not None:
        everyone.append(soak.campaign.detail)
    for index, w in enumerate(everyone):
        browser_message(w, {"type": "visibility", "view": f"view-{index}", "visible": True})
    figures.unsettled = [u for w in everyone if (u := await _settle(w)) is not None]
    try:
        await soak.campaign.wait(SETTLE)
    except PuffleError as exc:
        figures.unsettled.append(f"campaign: {exc}")
    await _until(lambda: not diverged(soak), soak.widgets, timeout=30.0)


async def _quiet(before: Any) -> None:
    """Let closing work finish: clients closing their pools, and a pool closing once its last
    request is over (a task that starts while the earlier ones are awaited)."""
    current = asyncio.current_task()
    for _ in range(10):
        await drain()
        pending = [t for t in asyncio.all_tasks() - before.tasks if t is not current]
        if not pending:
            return
        await asyncio.wait(pending, timeout=10.0)
