"""What went wrong, in the user's words: the `Problem` a banner or an unsent message shows
(js/src/types.ts `Problem`). Pure functions; the status code and request id stay available for
a details line, and nothing here ever holds the API key (errors are already scrubbed).
"""

from __future__ import annotations

import math
import time
from typing import Any, Final, Literal

from puffle_widgets.errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    DraftConflictError,
)

ProblemKind = Literal[
    "auth",
    "credits",
    "forbidden",
    "not_found",
    "busy",
    "rate_limited",
    "server",
    "network",
    "invalid",
    "other",
]

Problem = dict[str, Any]

KINDS_BY_STATUS: Final[dict[int, ProblemKind]] = {
    400: "invalid",
    401: "auth",
    402: "credits",
    403: "forbidden",
    404: "not_found",
    409: "busy",
    413: "invalid",
    422: "invalid",
    429: "rate_limited",
}

TITLES: Final[dict[ProblemKind, str]] = {
    "auth": "Puffle did not accept the API key",
    "credits": "Not enough Puffle credits",
    "forbidden": "This key may not use this session",
    "not_found": "Puffle cannot find this session",
    "busy": "The session is busy",
    "rate_limited": "Puffle asked us to slow down",
    "server": "Puffle had a problem",
    "network": "Cannot reach Puffle",
    "invalid": "Puffle refused the request",
    "other": "Something went wrong",
}

DETAILS: Final[dict[ProblemKind, str]] = {
    "auth": (
        "Check PUFFLE_API_KEY (Puffle dashboard: Settings → API), then run the cell again. "
        "Nothing you typed is lost."
    ),
    "forbidden": "The key is valid but its account may not do this; use the owner's key.",
    "not_found": (
        "It may have been deleted, or it belongs to another account. Check the session id "
        "and PUFFLE_API_BASE_URL."
    ),
    "busy": "It will go when the running task finishes.",
    "rate_limited": "It will be retried by itself.",
    "server": "It will be retried by itself. Nothing you typed is lost.",
    "network": "It will be retried by itself. Nothing you typed is lost.",
    "invalid": "Puffle could not accept it as sent.",
    "other": "Nothing you typed is lost.",
}

# Kinds that waiting or trying again can fix.
RETRYABLE: Final = frozenset({"busy", "rate_limited", "server", "network", "credits"})


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _fmt(value: float) -> str:
    return f"{value:g}"


def kind_of(exc: BaseException) -> ProblemKind:
    """The kind of problem an exception stands for."""
    if isinstance(exc, APIStatusError):
        status = exc.status_code
        return KINDS_BY_STATUS.get(status, "server" if status >= 500 else "other")
    if isinstance(exc, APIConnectionError):
        return "network"
    if isinstance(exc, APIResponseValidationError):
        return "server"
    if isinstance(exc, DraftConflictError):
        return "other"
    return "other"


def problem_of(
    exc: BaseException,
    *,
    retry_at: float | None = None,
    title: str | None = None,
    detail: str | None = None,
) -> Problem:
    """The `Problem` for `exc`; `retry_at` (epoch seconds) when it will be retried by itself,
    `title`/`detail` to say it better where the caller knows more."""
    kind = kind_of(exc)
    status = exc.status_code if isinstance(exc, APIStatusError) else None
    request_id = exc.request_id if isinstance(exc, APIStatusError) else None
    body = exc.body if isinstance(exc, APIStatusError) else None
    balance = _number(body.get("balance")) if isinstance(body, dict) else None
    required = _number(body.get("required")) if isinstance(body, dict) else None
    if title is None:
        title = TITLES[kind] if status is None else f"{TITLES[kind]} ({status})"
        if isinstance(exc, APITimeoutError):
            title = "Puffle did not answer in time"
    if detail is None:
        detail = _detail(kind, exc, balance, required, retry_at)
    return {
        "kind": kind,
        "title": title,
        "detail": detail,
        "status": status,
        "request_id": request_id,
        "retry_at": None if retry_at is None else retry_at * 1000.0,
        "balance": balance,
        "required": required,
        "retryable": kind in RETRYABLE,
    }


def _detail(
    kind: ProblemKind,
    exc: BaseException,
    balance: float | None,
    required: float | None,
    retry_at: float | None,
) -> str:
    if kind == "credits":
        parts = []
        if required is not None:
            parts.append(f"This needs {_fmt(required)} credit{'s' if required != 1 else ''}")
        if balance is not None:
            parts.append(f"your balance is {_fmt(balance)}")
        known = (", ".join(parts) + ". ") if parts else ""
        return f"{known[:1].upper()}{known[1:]}Add credits in Puffle, then press Retry."
    if kind in ("invalid", "other"):
        message = getattr(exc, "message", None) or str(exc)
        first = " ".join(str(message).split())[:240]
        return f"{first} {DETAILS[kind]}".strip()
    if retry_at is not None and kind in ("rate_limited", "server", "network"):
        seconds = max(0, round(retry_at - time.time()))
        return f"Retrying in {seconds} s. Nothing you typed is lost."
    return DETAILS[kind]


def foreign_problem(expected: str, got: str) -> Problem:
    """A snapshot of another session arrived: it is not shown."""
    return {
        "kind": "other",
        "title": "Puffle answered with another session",
        "detail": (
            f"Asked for {expected}, got {got}; that answer was not shown. If it happens again, "
            "check PUFFLE_API_BASE_URL (a proxy or cache may mix answers up)."
        ),
        "status": None,
        "request_id": None,
        "retry_at": None,
        "balance": None,
        "required": None,
        "retryable": False,
    }


def not_received_problem() -> Problem:
    """A turn whose answer was lost never showed up in the transcript."""
    return {
        "kind": "network",
        "title": "Not received",
        "detail": (
            "The answer to this message was lost and Puffle's transcript never showed it, so "
            "it was not sent. Press Retry to send it again."
        ),
        "status": None,
        "request_id": None,
        "retry_at": None,
        "balance": None,
        "required": None,
        "retryable": True,
    }


def now_ms() -> float:
    """Now, in epoch milliseconds."""
    return time.time() * 1000.0
