"""The outermost ASGI layer: `x-request-id` on every answer, the request log, the per-key rate
limit, bounded bodies and faults.

Order, as an edge in front of the real API would have it: the rate limit (429), then the armed
faults, then the app, which checks the key before it reads the body (see `bodies`).
"""

from __future__ import annotations

import asyncio
import contextlib

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from puffle_widgets.emulator.auth import bearer_token
from puffle_widgets.emulator.bodies import BodyReader
from puffle_widgets.emulator.connections import Connections
from puffle_widgets.emulator.faults import Fault, Faults
from puffle_widgets.emulator.log import RequestLog, RequestRecord
from puffle_widgets.emulator.operations import operation_for
from puffle_widgets.emulator.ratelimit import RateLimiter
from puffle_widgets.emulator.responses import injected_body, rate_limited
from puffle_widgets.emulator.tokens import new_request_id

_NOT_JSON = b'{"session": {"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "title": '
_WRONG_SHAPE = {"result": "ok", "data": [1, 2, 3]}


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _fault_response(fault: Fault, operation: str | None) -> Response:
    if fault.kind == "malformed":
        if fault.malformed == "shape":
            return JSONResponse(_WRONG_SHAPE)
        return Response(_NOT_JSON, media_type="application/json")
    headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
    if isinstance(fault.body, (str, bytes)):
        return Response(fault.body, fault.status, headers, media_type="text/plain")
    body = fault.body if fault.body is not None else injected_body(fault.status, operation)
    return JSONResponse(body, fault.status, headers)


class _Exchange:
    """One request: adds the request id to the answer and logs it just before it leaves."""

    def __init__(self, scope: Scope, body: BodyReader, send: Send, log: RequestLog) -> None:
        self.operation, self.session_id = operation_for(scope["method"], scope["path"])
        self.request_id = new_request_id()
        self.fault: str | None = None
        self.swallow = False  # drop after the handler: nothing of its answer may leave
        self._scope, self._request_body, self._send, self._log = scope, body, send, log
        self._status: int | None = None
        self._json = False
        self._size = 0
        self._kept: list[bytes] | None = []

    def record(self, status: int | None) -> None:
        """Add this request to the log with the answer's `status` (None: dropped)."""
        response = b"".join(self._kept) if self._json and self._kept is not None else None
        self._log.append(
            RequestRecord(
                method=self._scope["method"],
                path=self._scope["path"],
                query=self._scope.get("query_string", b"").decode("latin-1"),
                operation_id=self.operation,
                session_id=self.session_id,
                status=status,
                request_id=self.request_id,
                fault=self.fault,
                body_size=self._request_body.size,
                response_size=self._size,
                raw_body=self._request_body.kept(),
                raw_response=response,
            )
        )

    def _keep(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._kept is None:
            return
        if self._size <= self._log.body_limit:
            self._kept.append(chunk)
        else:
            # Answers too large for the log are not kept, nor even joined (84 KB a poll).
            self._kept = None

    async def send(self, message: Message) -> None:
        """The `send` the inner app gets."""
        if self._request_body.disconnected:
            return  # no one to answer (starlette answers 500 to a body it could not read)
        if message["type"] == "http.response.start":
            self._status = message["status"]
            headers = [
                (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"
            ]
            self._json = any(k.lower() == b"content-type" and b"json" in v for k, v in headers)
            headers.append((b"x-request-id", self.request_id.encode()))
            message = {**message, "headers": headers}
        elif message["type"] == "http.response.body":
            self._keep(message.get("body", b""))
            if not message.get("more_body", False) and not self.swallow:
                self.record(self._status)
        if not self.swallow:
            await self._send(message)


class EmulatorMiddleware:
    """Wraps the app: request ids, the request log, the rate limit, body limits and faults."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        faults: Faults,
        log: RequestLog,
        limiter: RateLimiter,
        max_body: int,
        connections: Connections,
        stopping: asyncio.Event,
    ) -> None:
        self.app = app
        self.faults = faults
        self.log = log
        self.limiter = limiter
        self.max_body = max_body
        self.connections = connections
        self.stopping = stopping

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = BodyReader(receive, scope, limit=self.max_body, keep=self.log.body_limit)
        exchange = _Exchange(scope, body, send, self.log)
        if exchange.operation is not None and await self._limited(scope, body, exchange):
            return
        fault = self.faults.take(exchange.operation) if exchange.operation else None
        exchange.fault = fault.describe() if fault else None
        if fault is not None and fault.kind == "delay":
            # A stopping server does not wait out a delay.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), fault.seconds)
        if fault is not None and fault.kind in ("status", "malformed"):
            await body.drain()
            await _fault_response(fault, exchange.operation)(scope, body, exchange.send)
            return
        if fault is not None and fault.kind == "drop":
            exchange.swallow = True
            if fault.after:
                await self._app(scope, body, exchange)
            else:
                await body.drain()
            await self._drop(scope, receive, exchange)
            return
        await self._app(scope, body, exchange)

    async def _app(self, scope: Scope, body: BodyReader, exchange: _Exchange) -> None:
        """The app; a client gone before its body was read (a request cancelled mid-way, often
        while a delay held it) gets nothing, as from a real server, and is logged unanswered."""
        try:
            await self.app(scope, body, exchange.send)
        except ClientDisconnect:
            exchange.record(None)

    async def _limited(self, scope: Scope, body: BodyReader, exchange: _Exchange) -> bool:
        """Answer 429 when the request's key is over the rate limit; True when it did."""
        token = bearer_token(Request(scope))
        wait = None if token is None else self.limiter.check(token)
        if wait is None:
            return False
        exchange.fault = "rate_limit"
        limit = self.limiter.limit or 0
        await rate_limited(limit, self.limiter.window, wait)(scope, body, exchange.send)
        return True

    async def _drop(self, scope: Scope, receive: Receive, exchange: _Exchange) -> None:
        exchange.record(None)
        if not self.connections.abort(scope.get("client")):
            raise RuntimeError("could not find the connection to drop")
        # Returning only after the disconnect keeps uvicorn from answering 500 on our behalf.
        await _until_disconnect(receive)
