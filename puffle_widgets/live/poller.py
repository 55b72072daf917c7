"""One poll per session: what it wants from the scheduler, and telling every subscriber what
each request found.

A session poller makes no requests of its own accord: the kernel-wide scheduler (scheduler.py)
asks it what it wants and starts its requests within the key's budget. It wants a request
about every second while the session is busy (or a task of ours was just accepted), on the
lost-turn schedule while a widget checks whether a turn whose answer was lost started, every
20 s while idle with a view on screen, every 5 minutes while all views are hidden, and never
while nothing displays it (settings.py has the numbers). Every answer goes to every
subscriber with its sequence number (observed.py); each subscriber decides what to show, so a
snapshot equal to the cached one still confirms what a widget shows. All methods run on the
loop's thread.
"""

from __future__ import annotations

import itertools
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from puffle_widgets.client import AsyncPuffle
from puffle_widgets.errors import PuffleError, RateLimitError
from puffle_widgets.live.backoff import TRANSIENT, error_delay
from puffle_widgets.live.observed import Observed, newer, next_seq
from puffle_widgets.live.scheduler import PollScheduler, Want
from puffle_widgets.live.settings import settings
from puffle_widgets.live.updates import RANK, PollUpdate, Presence
from puffle_widgets.models import Session

log = logging.getLogger("puffle_widgets.live")

Listener = Callable[[PollUpdate], None]
_hold_ids = itertools.count()


@dataclass
class _Hold:
    """Keep polling on a growing schedule until released (a lost turn being checked, a turn's
    POST waiting for its answer)."""

    delay: float
    maximum: float
    since: float  # loop time it began


class SessionPoller:
    """Polls one session, through the scheduler, for any number of subscribers."""

    def __init__(
        self,
        client: AsyncPuffle,
        session_id: str,
        on_empty: Callable[[], None],
        scheduler: PollScheduler,
        share: Callable[[Observed], None] = lambda _observed: None,
    ) -> None:
        self.session_id = session_id
        self.client = client
        self.scheduler = scheduler
        self.observed: Observed | None = None  # the newest snapshot seen, from anywhere
        self.failures = 0
        self.fatal: Exception | None = None
        self._listeners: dict[Listener, Callable[[], Presence]] = {}
        self._on_empty = on_empty
        self._share = share
        self._urgent = False
        self._urgent_since = -math.inf
        self._expect_after: int | None = None  # busy until a snapshot from a later request
        self._holds: dict[int, _Hold] = {}
        self._last_attempt = -math.inf
        self._last_read = -math.inf
        self._last_error: Exception = RuntimeError("not polled yet")
        self._task: tuple[str, float] | None = None  # the task seen running, since when
        self._was_active = False  # whether polling was active when the last request started
        self._stopped = False  # the last subscriber left
        scheduler.add(self)

    # --- what subscribers see -----------------------------------------------------------------

    @property
    def last(self) -> Session | None:
        """The newest snapshot seen."""
        return None if self.observed is None else self.observed.session

    @property
    def running(self) -> bool:
        """True while polling is active: a request in flight, a poke, a busy or awaited task,
        a lost turn being checked, or a failure to recover from."""
        return self._active or self.scheduler.polling(self)

    @property
    def _active(self) -> bool:
        if self._stopped or (self.fatal is not None and not self._urgent):
            return False
        return self._urgent or self.active_task or bool(self._holds) or self.failures > 0

    @property
    def presence(self) -> Presence:
        """The most visible of the subscribers' views."""
        best: Presence = "none"
        for presence in self._listeners.values():
            seen = presence()
            if RANK[seen] > RANK[best]:
                best = seen
        return best

    def subscribe(
        self, listener: Listener, presence: Callable[[], Presence] = lambda: "none"
    ) -> Callable[[], None]:
        """Add `listener`, whose views are as visible as `presence()` says; returns the
        function that removes it."""
        self._listeners[listener] = presence

        def unsubscribe() -> None:
            if self._listeners.pop(listener, None) is not None and not self._listeners:
                self.stop()
                self._on_empty()

        return unsubscribe

    # --- what makes it poll -------------------------------------------------------------------

    def poke(self) -> None:
        """Poll as soon as the budget allows (after an action, on request, on coming into view)."""
        if not self._urgent:
            self._urgent_since = self.scheduler.now()
        self._urgent = True
        self.scheduler.wake()

    def expect_task(self, after: int, task_status: str | None = None) -> None:
        """A task was accepted (`task_status`) or a 409 said one runs: keep polling as busy
        until a request started after the sequence mark `after` answers. Campaign tables
        show the accepted task at once."""
        self._expect_after = after if self._expect_after is None else max(self._expect_after, after)
        if task_status is not None and self.observed is not None:
            started = self.observed.session.model_copy(update={"task_status": task_status})
            self._share(Observed(started, after))
        self.poke()

    def hold(self, first: float, maximum: float, *, now: bool = True) -> Callable[[], None]:
        """Keep polling from `first` s apart, growing 1.5x to `maximum`, until the returned
        function is called; the first poll at once (`now`) or `first` s from now."""
        key = next(_hold_ids)
        self._holds[key] = _Hold(first, maximum, self.scheduler.now())
        if now:
            self.poke()
        else:
            self.scheduler.wake()

        def release() -> None:
            self._holds.pop(key, None)
            self.scheduler.wake()

        return release

    def presence_changed(self, *, appeared: bool) -> None:
        """A subscriber's views changed visibility; `appeared`: one came into view, so read
        the session at once unless it was read a moment ago."""
        if appeared and self.scheduler.now() - self._last_read > settings().busy_interval:
            self.poke()
        else:
            self.scheduler.wake()

    def stop(self) -> None:
        """Leave the scheduler (the last subscriber left)."""
        self._holds.clear()
        self._urgent = False
        self._stopped = True
        self.scheduler.remove(self)

    # --- the scheduler's side -----------------------------------------------------------------

    @property
    def active_task(self) -> bool:
        """Whether a task runs, or one of ours was accepted and no later answer came yet."""
        observed = self.observed
        if self._expect_after is not None and (
            observed is None or observed.seq <= self._expect_after
        ):
            return True
        return observed is not None and observed.session.is_busy

    def busy_interval(self) -> float:
        """Seconds between polls of a busy session (a faster client schedule is honoured)."""
        return min(settings().busy_interval, self.client.poll_schedule.initial)

    def want(self, now: float) -> Want | None:
        """The next request this poller wants (see the module docstring)."""
        if self.fatal is not None and not self._urgent:
            return None
        presence = self.presence
        visible = presence == "visible"
        busy_interval = self.busy_interval()
        if self._urgent:
            want = Want(self._urgent_since, busy_interval, 4.0)
        elif self._holds:
            hold = min(self._holds.values(), key=lambda h: h.delay)
            start = max(self._last_attempt, hold.since)
            want = Want(start + hold.delay, hold.delay, 3.0)
        elif self.active_task:
            weight = 2.0 if visible else 1.0
            if self._task is not None:
                kind, since = self._task
                weight *= self.scheduler.durations.weight(kind, now - since, busy_interval)
            want = Want(self._last_attempt + busy_interval, busy_interval, weight)
        elif presence == "none" and self.failures == 0:
            return None
        else:
            interval = settings().idle_visible if visible else settings().idle_hidden
            if self.failures and presence == "none":
                interval = busy_interval  # a failed read someone waits for: recover
            want = Want(max(self._last_read, self._last_attempt) + interval, interval, 1.0)
        if self.failures:
            backoff = error_delay(self.client.poll_schedule, self.failures, self._last_error)
            return Want(max(want.due, self._last_attempt + backoff), want.interval, want.weight)
        return want

    async def poll(self) -> None:
        """One GET: the answer goes to every subscriber."""
        seq = next_seq()
        self._was_active = self._active
        self._urgent = False
        self._last_attempt = self.scheduler.now()
        for hold in self._holds.values():
            hold.delay = min(hold.maximum, hold.delay * 1.5)
        try:
            session = await self.client.sessions.get(self.session_id)
        except TRANSIENT as exc:
            self.failures += 1
            self._last_error = exc
            if isinstance(exc, RateLimitError):
                self.scheduler.rate_limited(exc.retry_after)
            backoff = error_delay(self.client.poll_schedule, self.failures, exc)
            self._notify(PollUpdate("reconnecting", error=exc, retry_at=time.time() + backoff))
            return
        except Exception as exc:
            # 401/403/404 and anything unexpected: say so, and stop rather than hammer.
            if not isinstance(exc, PuffleError):
                log.exception("polling session %s failed", self.session_id)
            self.fatal = exc
            self.failures = 0
            self._urgent = False  # a poke made before this answer does not outweigh it
            self._notify(PollUpdate("fatal", error=exc))
            return
        self.failures = 0
        self.fatal = None
        self.take(Observed(session, seq))

    def polled(self) -> None:
        """The request is over: if nothing more is awaited, tell the subscribers polling
        stopped (waiters re-check whether all is settled)."""
        if self._was_active and not self.running and self.fatal is None:
            self._notify(PollUpdate("stopped", session=self.last))

    # --- snapshots from anywhere --------------------------------------------------------------

    def publish(self, observed: Observed) -> None:
        """A snapshot fetched elsewhere (an action, a campaign list): share it with every
        subscriber; polling goes on while it is busy."""
        self.take(observed)
        if observed.session.is_busy:
            self.scheduler.wake()

    def take(self, observed: Observed, *, share: bool = True) -> None:
        """Remember `observed` if it is the newest, and give it to every subscriber."""
        if observed.session.id != self.session_id:
            # Never cached or shared; each subscriber rejects it and says so.
            log.warning(
                "an answer about session %s reached the poller of %s",
                observed.session.id,
                self.session_id,
            )
        else:
            if observed.requested:
                self._last_read = self.scheduler.now()
                self.fatal = None
            if newer(observed, self.observed):
                self._track_task(observed.session)
                self.observed = observed
                if share:
                    self._share(observed)
        self._notify(
            PollUpdate(
                "snapshot",
                session=observed.session,
                seq=observed.seq,
                requested=observed.requested,
            )
        )

    def _track_task(self, session: Session) -> None:
        now = self.scheduler.now()
        kind = session.task_status
        if kind is not None:
            if self._task is None or self._task[0] != kind:
                self._task = (kind, now)
        elif self._task is not None:
            self.scheduler.durations.observe(self._task[0], now - self._task[1])
            self._task = None

    def _notify(self, update: PollUpdate) -> None:
        for listener in list(self._listeners):
            try:
                listener(update)
            except Exception:
                # A broken subscriber must not stop the others, nor reach the kernel.
                log.exception("a listener of session %s failed", self.session_id)
