"""Error answers in the two documented shapes, and the default texts of injected statuses."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, Final

from starlette.responses import JSONResponse

from puffle_widgets.emulator.operations import TASK_OPERATIONS

UNAUTHORIZED_BODY: Final = {
    "error": {"code": "unauthorized", "message": "Missing or invalid authentication credentials"}
}
SESSION_NOT_FOUND: Final = "Session not found"
NO_FRAMEWORK: Final = "Session has no framework yet. Chat first to create one."


def error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """`{"error": "message"}`, the plain shape every error but 401 uses."""
    return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))


def unauthorized() -> JSONResponse:
    """401 with the nested `{"error": {"code", "message"}}` shape of the auth docs."""
    headers = {"WWW-Authenticate": 'Bearer realm="puffle"'}
    return JSONResponse(UNAUTHORIZED_BODY, status_code=401, headers=headers)


def too_large(message: str) -> JSONResponse:
    """413: the body is over the emulator's limit; the connection closes, as it was not read."""
    return error(413, message, {"Connection": "close"})


def rate_limited(limit: int, window: float, retry_after: int) -> JSONResponse:
    """429 from the per-key rate limit, with Retry-After in whole seconds."""
    message = (
        f"Rate limit exceeded: at most {limit} requests per {window:g} s per API key. "
        f"Retry after {retry_after} s."
    )
    return error(429, message, {"Retry-After": str(retry_after)})


def insufficient_credits(balance: float, required: float) -> dict[str, Any]:
    """The documented 402 body of credit-gated endpoints: `balance` and `required` credits."""
    return {"error": "Insufficient credits", "balance": balance, "required": required}


def busy(task_status: str | None) -> JSONResponse:
    """409: the claim failed because a task owns the session."""
    return error(409, f"Session is busy ({task_status or 'chat_processing'})")


def injected_body(status: int, operation: str | None) -> Any:
    """The body an injected status fault answers with when the test gave none."""
    if status == 401:
        return UNAUTHORIZED_BODY
    if status == 402:
        return insufficient_credits(0, 1)
    texts = {
        404: SESSION_NOT_FOUND,
        409: "Session is busy (chat_processing)",
        429: "Rate limit exceeded. Retry later.",
        503: "Service temporarily unavailable. Retry later.",
    }
    if status == 500 and operation in TASK_OPERATIONS:
        text = "Failed to dispatch the task. The claim was released; retrying is safe."
    else:
        try:
            text = texts.get(status, HTTPStatus(status).phrase)
        except ValueError:
            text = f"HTTP {status}"
    return {"error": text}
