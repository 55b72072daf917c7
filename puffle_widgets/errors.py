"""Every exception puffle-widgets raises, under one base class, `PuffleError`.

Only the classes live here. Which status becomes which class, how an error body is read and how
the key is kept out of an exception are the client's job (`puffle_widgets.client`); what an
exception holds is already scrubbed when it is built, so printing or pickling one is safe.
"""

from __future__ import annotations

from typing import Any

import httpx


def _restore(cls: type[PuffleError], args: tuple[Any, ...]) -> PuffleError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, *args)
    return exc


class PuffleError(Exception):
    """Base of every error raised by puffle-widgets."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take keyword-only arguments, which the default reduce cannot replay:
        # rebuild the bare exception, then restore its attributes.
        return (_restore, (type(self), self.args), self.__dict__)


class APIError(PuffleError):
    """An error about one request: `message`, the `request` (Authorization redacted) and the
    answer's `body` (parsed JSON or text; None when there was no answer)."""

    def __init__(self, message: str, request: httpx.Request, *, body: object | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body


class APIConnectionError(APIError):
    """The request never got an HTTP answer: refused, reset, DNS, TLS, or a dropped connection."""

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(self, request: httpx.Request, message: str = "Request timed out.") -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(APIError):
    """The server answered 2xx with a body that is not the documented shape."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """The server answered 4xx or 5xx; `body` is the parsed JSON (or text) of the answer and
    `request_id` the server's `x-request-id`, when it sent one."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
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

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, response=response, body=body)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


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
