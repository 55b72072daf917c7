"""Every exception the client raises, under one base class, `PuffleError`."""

from __future__ import annotations

from typing import Any

import httpx

from puffle_widgets._retry_after import parse_retry_after


class PuffleError(Exception):
    """Base of every error raised by puffle-widgets."""


class APIConnectionError(PuffleError):
    """The request never got an HTTP answer: refused, reset, DNS, TLS, or a dropped connection."""

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(self, request: httpx.Request, message: str = "Request timed out.") -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(PuffleError):
    """The server answered 2xx with a body that is not the documented shape."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.body = body
        self.status_code = response.status_code


class APIStatusError(PuffleError):
    """The server answered 4xx or 5xx; `body` is the parsed JSON (or text) of the answer."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message)
        self.message = message
        self.response = response
        self.body = body
        self.status_code = response.status_code
        self.request_id: str | None = response.headers.get("x-request-id")


class BadRequestError(APIStatusError):
    """400: invalid parameters, or a precondition such as "no skeleton yet"."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, malformed or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the key is valid but not allowed to do this."""


class NotFoundError(APIStatusError):
    """404: no such session or campaign, or it belongs to another user."""


class SessionBusyError(APIStatusError):
    """409: a turn or an examples run already owns the session; wait until it is idle."""


class RateLimitError(APIStatusError):
    """429: rate limited; `retry_after` is the server's advice in seconds, when it gave one."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait, from `Retry-After`, if present and readable."""
        return parse_retry_after(self.response.headers.get("retry-after"))


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: SessionBusyError,
    429: RateLimitError,
}

_HINTS: dict[int, str] = {
    401: " Check PUFFLE_API_KEY (Puffle dashboard: Settings -> API -> Generate API key).",
    409: " Wait until task_status is null (client.sessions.wait(id)), then try again.",
}


def error_message(body: object, fallback: str) -> str:
    """A readable message from either documented error-body shape, or from plain text."""
    if isinstance(body, dict):
        error: Any = body.get("error")
        if isinstance(error, str) and error.strip():
            return error.strip()
        if isinstance(error, dict):
            message, code = error.get("message"), error.get("code")
            if isinstance(message, str) and message.strip():
                return f"{message.strip()} ({code})" if isinstance(code, str) else message.strip()
            if isinstance(code, str):
                return code
        message = body.get("message")
        if isinstance(message, str) and message.strip():
            return message.strip()
    if isinstance(body, str) and body.strip():
        text = " ".join(body.split())
        return text if len(text) <= 200 else text[:199] + "…"
    return fallback


def status_error(response: httpx.Response, body: object, *, redact: str | None) -> APIStatusError:
    """The exception for an error `response`, its message free of the `redact` secret."""
    status = response.status_code
    cls = _BY_STATUS.get(status, InternalServerError if status >= 500 else APIStatusError)
    reason = response.reason_phrase or "Error"
    detail = error_message(body, reason).rstrip(".")
    message = f"{status} {reason}: {detail}.{_HINTS.get(status, '')}"
    request_id = response.headers.get("x-request-id")
    if request_id:
        message += f" (request id {request_id})"
    if redact:
        message = message.replace(redact, "[redacted]")
    return cls(message, response=response, body=body)


class WaitTimeoutError(PuffleError, TimeoutError):
    """`wait()` gave up before the session went idle; `session` is the last snapshot seen."""

    def __init__(self, message: str, *, session: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.session = session


class DraftConflictError(PuffleError):
    """Saving would overwrite server changes made since the edit began; `fields` names them."""

    def __init__(self, message: str, *, fields: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields
