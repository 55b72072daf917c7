"""Running a lab: each variant in a fresh session of its own, a bounded number at a time.

Everything here runs on the lab's loop (the kernel's, in Jupyter). A variant takes one of the
`concurrency` slots for its whole life (create, mark, every turn), so at most that many sessions
of the run are busy at once. A variant that fails ends there and shows why; the others go on.
Busy answers (409) are waited out, never fatal. `stop()` skips the variants still waiting for a
slot; the running ones finish their turns. Waits read the session through the kernel's shared
poller, within the key's request budget (shared_wait.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final

from puffle_widgets.client import AsyncPuffle
from puffle_widgets.errors import APIConnectionError, NotFoundError, SessionBusyError
from puffle_widgets.lab.cleanup import lab_title
from puffle_widgets.lab.result import LabResult, VariantResult
from puffle_widgets.lab.shared_wait import counted, wait_idle
from puffle_widgets.models import GeneratedExample, Session

log = logging.getLogger("puffle_widgets.lab")

# A turn whose answer was lost is sent again only once the session shows it never started;
# a connection that keeps failing ends the variant after this many tries.
LOST_ANSWER_TRIES: Final = 3
ERROR_LIMIT: Final = 300


def describe(exc: BaseException) -> str:
    """One line for a failed variant: the error's class and message."""
    text = " ".join(str(exc).split())
    line = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return line if len(line) <= ERROR_LIMIT else line[: ERROR_LIMIT - 1] + "…"


class SessionSteps:
    """The calls a variant makes on its session, each waiting out busy answers."""

    def __init__(
        self,
        client: AsyncPuffle,
        *,
        timeout: float | None,
        turn_args: Mapping[str, Any],
    ) -> None:
        self.client = client
        self.sessions = client.sessions
        self._timeout = timeout
        self._turn_args = dict(turn_args)

    async def wait(self, session_id: str) -> Session:
        """The session once it is idle (read through the kernel's shared poller)."""
        session, _busy = await wait_idle(self.client, session_id, timeout=self._timeout)
        return session

    async def wait_out_busy(self, session_id: str, delays: Iterator[float]) -> None:
        """After a 409: wait until the session is idle. If it was idle already (the task ended
        meanwhile, or the server says busy while it is not), pause before asking again."""
        _session, was_busy = await wait_idle(self.client, session_id, timeout=self._timeout)
        if not was_busy:
            await asyncio.sleep(next(delays))

    async def turn(self, session: Session, message: str) -> Session:
        """Send one turn and return the session once the reply is in."""
        before = len(session.transcript)
        delays = self.client.poll_schedule.delays()
        lost = 0
        while True:
            try:
                await counted(
                    self.client,
                    lambda: self.sessions.turn(session.id, message, **self._turn_args),
                )
                return await self.wait(session.id)
            except SessionBusyError:
                await self.wait_out_busy(session.id, delays)
            except APIConnectionError:
                # The answer was lost, maybe not the turn: it started if the message is there.
                latest = await self.wait(session.id)
                lost += 1
                if len(latest.transcript) > before:
                    return latest
                if lost >= LOST_ANSWER_TRIES:
                    raise

    async def examples(self, session_id: str, leads: Sequence[Mapping[str, Any]]) -> Session:
        """Generate one example per lead and return the session once they are written."""
        delays = self.client.poll_schedule.delays()
        while True:
            try:
                await counted(
                    self.client, lambda: self.sessions.generate_examples(session_id, leads)
                )
                return await self.wait(session_id)
            except SessionBusyError:
                await self.wait_out_busy(session_id, delays)


class Runner:
    """One run of a lab: drives its `LabResult` to the end."""

    def __init__(
        self,
        steps: SessionSteps,
        *,
        campaign_id: str,
        node_id: str,
        concurrency: int,
        created: dict[str, bool],
        changed: Callable[[], None],
    ) -> None:
        self._steps = steps
        self._campaign_id = campaign_id
        self._node_id = node_id
        self._slots = asyncio.Semaphore(concurrency)
        self._created = created
        self._changed = changed

    async def run(self, result: LabResult) -> None:
        """Run every variant; returns when each is done, failed or skipped."""
        await asyncio.gather(*(self._variant(v) for v in result))

    def stop(self, result: LabResult) -> None:
        """Skip the variants that have not started; the running ones finish."""
        for variant in result:
            if variant.status == "pending":
                variant.status = "skipped"
        self._changed()

    async def _variant(self, variant: VariantResult) -> None:
        async with self._slots:
            if variant.status != "pending":  # skipped by stop() while it waited for a slot
                return
            variant.status = "running"
            variant.started_at = time.monotonic()
            self._changed()
            try:
                await self._drive(variant)
            except Exception as exc:  # one variant's failure stops neither others nor the kernel
                log.info("lab variant %s failed: %s", variant.name, describe(exc))
                variant.status = "failed"
                variant.error = describe(exc)
            else:
                variant.status = "done"
            variant.finished_at = time.monotonic()
            self._changed()

    async def _drive(self, variant: VariantResult) -> None:
        sessions, client = self._steps.sessions, self._steps.client
        session = await counted(
            client, lambda: sessions.create(campaign_id=self._campaign_id, node_id=self._node_id)
        )
        self._created[session.id] = False
        variant.session_id, variant.session = session.id, session
        try:
            marked = session.id
            session = await counted(
                client, lambda: sessions.update(marked, title=lab_title(variant))
            )
        except Exception:
            await self._discard(session.id)  # unmarked, cleanup() would never find it
            raise
        self._created[session.id] = True
        variant.session = session
        self._changed()
        for message in variant.messages:
            session = await self._steps.turn(session, message)
            variant.session = session
            variant.turns_done += 1
            self._changed()

    async def _discard(self, session_id: str) -> None:
        try:
            await self._steps.sessions.delete(session_id)
        except NotFoundError:
            pass
        except Exception as exc:  # keep it listed: delete_sessions() tries again
            log.warning("could not delete unmarked lab session %s: %s", session_id, describe(exc))
            return
        self._created.pop(session_id, None)


async def generate_examples(
    steps: SessionSteps, variant: VariantResult, leads: Sequence[Mapping[str, Any]]
) -> list[GeneratedExample]:
    """Examples of one finished variant's draft, kept on the variant."""
    if variant.session_id is None:
        raise ValueError(f"Variant {variant.name} has no session (it never started).")
    session = await steps.examples(variant.session_id, leads)
    variant.session = session
    variant.examples = session.examples
    return variant.examples
