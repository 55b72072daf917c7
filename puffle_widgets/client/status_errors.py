"""From an error answer to the exception that stands for it: class by status, a readable message
from any body shape, Retry-After for 429, and nothing of the key left in what it carries."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx

from puffle_widgets.client.redaction import redacted, scrubbed_response
from puffle_widgets.client.retry_after import parse_retry_after
from puffle_widgets.client.secret import Secret
from puffle_widgets.errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    SessionBusyError,
)

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
MESSAGE_LIMIT = 200


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
            return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"
    return fallback


def status_error(
    response: httpx.Response, body: object, *, redact: Secret | str | None
) -> APIStatusError:
    """The exception for an error `response`; neither its message, its `body`, nor its copies
    of the response and request hold the `redact` secret or the Authorization header."""
    response = scrubbed_response(response, redact)
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
    message = redacted(message, redact)
    if cls is RateLimitError:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        return RateLimitError(message, response=response, body=body, retry_after=retry_after)
    return cls(message, response=response, body=body)
