"""`Emulator`: the local Puffle API, its state, its faults and its request log, in one object."""

from __future__ import annotations

import asyncio
import os
from types import TracebackType
from typing import Any, Self

from starlette.types import ASGIApp

from puffle_widgets.emulator.app import build_app
from puffle_widgets.emulator.bodies import DEFAULT_MAX_BODY
from puffle_widgets.emulator.clock import Clock
from puffle_widgets.emulator.connections import Connections
from puffle_widgets.emulator.demo import seed_demo
from puffle_widgets.emulator.faults import Faults
from puffle_widgets.emulator.jobs import Jobs
from puffle_widgets.emulator.log import (
    DEFAULT_BODY_LIMIT,
    DEFAULT_CAPACITY,
    Matcher,
    RequestLog,
    RequestRecord,
)
from puffle_widgets.emulator.middleware import EmulatorMiddleware
from puffle_widgets.emulator.ratelimit import DEFAULT_WINDOW, RateLimiter
from puffle_widgets.emulator.seeding import write_session
from puffle_widgets.emulator.server import ServerThread
from puffle_widgets.emulator.store import Session, Store
from puffle_widgets.emulator.tokens import new_api_key

_DEFAULT_KEY = "default_api_key"


class Emulator:
    """A local Puffle API on 127.0.0.1, served by uvicorn in a background thread.

    `with Emulator() as emu:` starts it and gives `emu.url` and `emu.api_key`; state lives in
    SQLite (`db=path`, default in memory), a task takes `latency` seconds, and `emu.faults`,
    `emu.requests`, `wait_for_request` and `wait_idle` make tests event-driven.

    `rate_limit`: requests per minute per key (None: unlimited), answered 429 beyond it;
    `rate_window`: the length of that sliding window in seconds (60; tests shorten it).
    `max_body_size`: the largest request body in bytes (413 beyond). `log_size`: the records
    `emu.requests` keeps; `log_body_limit`: the largest body in bytes a record keeps.
    """

    def __init__(
        self,
        *,
        db: str | os.PathLike[str] | None = None,
        latency: float = 1.0,
        api_key: str | None = None,
        port: int = 0,
        host: str = "127.0.0.1",
        demo: bool = False,
        rate_limit: int | None = None,
        rate_window: float = DEFAULT_WINDOW,
        max_body_size: int = DEFAULT_MAX_BODY,
        log_size: int = DEFAULT_CAPACITY,
        log_body_limit: int = DEFAULT_BODY_LIMIT,
    ) -> None:
        if isinstance(max_body_size, bool) or not isinstance(max_body_size, int):
            raise TypeError(f"max_body_size must be a number of bytes, not {max_body_size!r}")
        if max_body_size < 1:
            raise ValueError("max_body_size must be at least 1 byte")
        self.requests = RequestLog(log_size, body_limit=log_body_limit)
        self._limiter = RateLimiter(rate_limit, window=rate_window)
        self.max_body_size = max_body_size
        self._store = Store(db, Clock())
        self.faults = Faults()
        self._jobs = Jobs(self._store, self.faults, latency)
        if api_key is None:
            # A database remembers its default key, so a restarted CLI keeps its sessions visible.
            api_key = self._store.meta(_DEFAULT_KEY) or new_api_key()
            self._store.set_meta(_DEFAULT_KEY, api_key)
        self.api_key = api_key
        self.user_id = self._store.ensure_user(api_key)
        self.demo_campaign_id: str | None = None
        self.demo_session_ids: dict[str, str] = {}
        if demo:
            self.demo_campaign_id, self.demo_session_ids = seed_demo(self._store, self.user_id)
        self._host, self._port = host, port
        self._server = ServerThread(self._asgi_app, self._jobs.resume, self._jobs.cancel_all)
        self.faults.on_unstick(
            lambda session_id: self._server.call_soon(self._jobs.wake, session_id)
        )

    def _asgi_app(self, stopping: asyncio.Event, connections: Connections) -> ASGIApp:
        return EmulatorMiddleware(
            build_app(self._store, self._jobs),
            faults=self.faults,
            log=self.requests,
            limiter=self._limiter,
            max_body=self.max_body_size,
            connections=connections,
            stopping=stopping,
        )

    def start(self) -> Self:
        """Serve in a background thread (no-op when already serving)."""
        self._server.start(self._host, self._port)
        return self

    def stop(self) -> None:
        """Stop serving, cancel running jobs (they resume on the next start) and join the thread."""
        self._server.stop()

    def close(self) -> None:
        """Stop and close the database."""
        self.stop()
        self._store.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self.url if self.running else "stopped"
        return f"<Emulator {where}>"

    @property
    def running(self) -> bool:
        """True while serving."""
        return self._server.running

    @property
    def url(self) -> str:
        """The base URL, e.g. `http://127.0.0.1:54321`; routes live under `/api/...`."""
        if self._server.address is None:
            raise RuntimeError("the emulator is not running: call start() or use `with`")
        host, port = self._server.address
        return f"http://{host}:{port}"

    @property
    def latency(self) -> float:
        """Seconds a simulated task runs; a change applies to tasks started afterwards."""
        return self._jobs.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("latency must not be negative")
        self._jobs.latency = seconds

    @property
    def rate_limit(self) -> int | None:
        """Requests allowed per key per minute (a sliding window); None: no limit."""
        return self._limiter.limit

    @rate_limit.setter
    def rate_limit(self, requests_per_minute: int | None) -> None:
        self._limiter.limit = requests_per_minute

    @property
    def rate_limited(self) -> int:
        """How many requests the rate limit answered with 429 (injected faults not counted)."""
        return self._limiter.refused

    def reset_rate_limit(self) -> None:
        """Forget the requests counted so far and set `rate_limited` back to 0."""
        self._limiter.reset()

    @property
    def job_errors(self) -> list[BaseException]:
        """Exceptions raised inside jobs; a healthy emulator keeps this empty."""
        return list(self._jobs.errors)

    def env(self) -> dict[str, str]:
        """The environment a client needs: PUFFLE_API_KEY and PUFFLE_API_BASE_URL."""
        return {"PUFFLE_API_KEY": self.api_key, "PUFFLE_API_BASE_URL": self.url}

    def add_user(self, api_key: str | None = None) -> str:
        """Register another user and return the key (a random one unless given)."""
        key = api_key or new_api_key()
        self._store.ensure_user(key)
        return key

    def new_campaign(self, nodes: int = 3, api_key: str | None = None) -> tuple[str, list[str]]:
        """A campaign with `nodes` sequence nodes owned by `api_key` (default: `self.api_key`)."""
        if nodes < 0:
            raise ValueError("nodes must not be negative")
        user_id = self._store.ensure_user(api_key or self.api_key)
        return self._store.add_campaign(user_id, nodes)

    def seed_session(
        self,
        campaign_id: str,
        node_id: str,
        *,
        messages: int = 1000,
        history: int = 50,
        examples: int = 200,
        seed: int = 0,
    ) -> str:
        """Write a finished session straight into the store, for benchmarks; its id.

        `messages` unique, realistic-length chat messages (user and assistant alternating),
        `history` earlier drafts and skeletons (so `framework_version` is `history + 1`) and
        `examples` generated examples; the same `seed` writes the same texts. The campaign
        must exist (`new_campaign`) and own `node_id`; the session belongs to its owner.
        """
        owner = self._store.campaign_owner(campaign_id)
        if owner is None:
            raise KeyError(f"no campaign {campaign_id}: make one with new_campaign()")
        if not self._store.has_node(campaign_id, node_id):
            raise KeyError(f"node {node_id} is not a sequence node of campaign {campaign_id}")
        return write_session(
            self._store,
            owner,
            campaign_id,
            node_id,
            messages=messages,
            history=history,
            examples=examples,
            seed=seed,
        )

    def get_session(self, session_id: str) -> Session:
        """The stored row as the API would return it; KeyError when there is none."""
        row = self._store.session(session_id)
        if row is None:
            raise KeyError(session_id)
        return row

    def set_session(self, session_id: str, **fields: Any) -> Session:
        """Overwrite stored fields (updated_at moves unless given); KeyError when there is none."""
        row = self._store.write(session_id, fields)
        if row is None:
            raise KeyError(session_id)
        return row

    def wait_for_request(
        self, match: Matcher, timeout: float = 10.0, *, since: int = 0
    ) -> RequestRecord:
        """The first logged request (from index `since`) matching an operation id or predicate."""
        return self.requests.wait_for(match, timeout, since=since)

    def wait_idle(self, session_id: str, timeout: float = 10.0) -> Session | None:
        """Block until the session's task_status is null and return it (None once deleted)."""
        return self._store.wait_session(
            session_id, lambda row: row is None or row["task_status"] is None, timeout
        )

    def wait_jobs(self, timeout: float = 10.0) -> None:
        """Block until no background job is running (finished, or its session deleted)."""
        self._jobs.wait_done(timeout)
