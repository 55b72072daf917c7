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


def busy(task_status: str | None) -> JSONResponse:
    """409: the claim failed because a task owns the session."""
    return error(409, f"Session is busy ({task_status or 'chat_processing'})")


def injected_body(status: int, operation: str | None) -> Any:
    """The body an injected status fault answers with when the test gave none."""
    if status == 401:
        return UNAUTHORIZED_BODY
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
