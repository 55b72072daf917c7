"""Every exception the client raises, under one base class, `PuffleError`."""

from __future__ import annotations

import html
import re
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
    403: " The key is valid but may not do this; check the account it belongs to.",
    404: (
        " Check the id, that it belongs to this key's account, and PUFFLE_API_BASE_URL"
        " (another user's session also answers 404)."
    ),
    409: " Wait until task_status is null (client.sessions.wait(id)), then try again.",
    429: " Rate limited: wait (see retry_after) or raise max_retries.",
}
_SERVER_HINT = " The server failed; try again shortly (a 500 from /turn is safe to retry)."
_REDIRECT_HINT = " The server redirected; use the final address as base_url ({location})."

# The body of a proxy or gateway error page, reduced to its words.
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)


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
        text = " ".join(html.unescape(_TAGS.sub(" ", body)).split())
        if text:
            return text if len(text) <= 200 else text[:199] + "…"
    return fallback


def redacted(value: Any, secret: str | None) -> Any:
    """`value` with every occurrence of `secret` in its strings replaced, at any depth."""
    if not secret:
        return value
    if isinstance(value, str):
        return value.replace(secret, "[redacted]")
    if isinstance(value, dict):
        return {redacted(k, secret): redacted(v, secret) for k, v in value.items()}
    if isinstance(value, list):
        return [redacted(v, secret) for v in value]
    return value


def status_error(response: httpx.Response, body: object, *, redact: str | None) -> APIStatusError:
    """The exception for an error `response`; neither its message nor its `body` holds the
    `redact` secret (a server or gateway may echo the Authorization header)."""
    status = response.status_code
    cls = _BY_STATUS.get(status, InternalServerError if status >= 500 else APIStatusError)
    reason = response.reason_phrase or "Error"
    body = redacted(body, redact)
    detail = error_message(body, reason).rstrip(".")
    if status >= 500:
        hint = _SERVER_HINT
    elif 300 <= status < 400:
        hint = _REDIRECT_HINT.format(location=response.headers.get("location", "unknown"))
    else:
        hint = _HINTS.get(status, "")
    message = f"{status} {reason}: {detail}.{hint}"
    request_id = response.headers.get("x-request-id")
    if request_id:
        message += f" (request id {request_id})"
    return cls(redacted(message, redact), response=response, body=body)


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


# Errors that say nothing about the session itself: worth another try after a pause.
TRANSIENT_ERRORS = (APIConnectionError, RateLimitError, InternalServerError)
# Errors that will not go away by waiting: stop and tell the user.
FATAL_ERRORS = (AuthenticationError, PermissionDeniedError, NotFoundError)
