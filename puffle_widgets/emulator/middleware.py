"""The outermost ASGI layer: `x-request-id` on every answer, the request log, and faults."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from puffle_widgets.emulator.connections import Connections
from puffle_widgets.emulator.faults import Fault, Faults
from puffle_widgets.emulator.log import RequestLog, RequestRecord
from puffle_widgets.emulator.operations import operation_for
from puffle_widgets.emulator.responses import injected_body
from puffle_widgets.emulator.tokens import new_request_id

_NOT_JSON = b'{"session": {"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "title": '
_WRONG_SHAPE = {"result": "ok", "data": [1, 2, 3]}


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw.strip() else None
    except ValueError:
        return None


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


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

    def __init__(self, scope: Scope, raw: bytes, send: Send, log: RequestLog) -> None:
        self.operation, self.session_id = operation_for(scope["method"], scope["path"])
        self.request_id = new_request_id()
        self.fault: Fault | None = None
        self.swallow = False  # drop after the handler: nothing of its answer may leave
        self._scope, self._raw, self._send, self._log = scope, raw, send, log
        self._status: int | None = None
        self._json = False
        self._body: list[bytes] = []

    def record(self, status: int | None) -> None:
        """Add this request to the log with the answer's `status` (None: dropped)."""
        body = b"".join(self._body)
        self._log.append(
            RequestRecord(
                method=self._scope["method"],
                path=self._scope["path"],
                query=self._scope.get("query_string", b"").decode("latin-1"),
                operation_id=self.operation,
                session_id=self.session_id,
                status=status,
                body=_json_or_none(self._raw),
                response=_json_or_none(body) if self._json else None,
                request_id=self.request_id,
                fault=self.fault.describe() if self.fault else None,
            )
        )

    async def send(self, message: Message) -> None:
        """The `send` the inner app gets."""
        if message["type"] == "http.response.start":
            self._status = message["status"]
            headers = [
                (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"
            ]
            self._json = any(k.lower() == b"content-type" and b"json" in v for k, v in headers)
            headers.append((b"x-request-id", self.request_id.encode()))
            message = {**message, "headers": headers}
        elif message["type"] == "http.response.body":
            self._body.append(message.get("body", b""))
            if not message.get("more_body", False) and not self.swallow:
                self.record(self._status)
        if not self.swallow:
            await self._send(message)


class EmulatorMiddleware:
    """Wraps the app: request ids, the request log, and the faults armed in `faults`."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        faults: Faults,
        log: RequestLog,
        connections: Connections,
        stopping: asyncio.Event,
    ) -> None:
        self.app = app
        self.faults = faults
        self.log = log
        self.connections = connections
        self.stopping = stopping

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = await _read_body(receive)
        exchange = _Exchange(scope, raw, send, self.log)
        fault = self.faults.take(exchange.operation) if exchange.operation else None
        exchange.fault = fault
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": raw, "more_body": False}

        if fault is not None and fault.kind == "delay":
            # A stopping server does not wait out a delay.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), fault.seconds)
        if fault is not None and fault.kind in ("status", "malformed"):
            await _fault_response(fault, exchange.operation)(scope, replay, exchange.send)
            return
        if fault is not None and fault.kind == "drop":
            exchange.swallow = True
            if fault.after:
                await self.app(scope, replay, exchange.send)
            await self._drop(scope, receive, exchange)
            return
        await self.app(scope, replay, exchange.send)

    async def _drop(self, scope: Scope, receive: Receive, exchange: _Exchange) -> None:
        exchange.record(None)
        if not self.connections.abort(scope.get("client")):
            raise RuntimeError("could not find the connection to drop")
        # Returning only after the disconnect keeps uvicorn from answering 500 on our behalf.
        await _until_disconnect(receive)
