"""Each status maps to its class, and every body shape gives a readable message."""

from __future__ import annotations

import httpx
import pytest

from puffle_widgets import errors
from puffle_widgets.errors import error_message, status_error

REQUEST = httpx.Request("GET", "https://app.puffle.ai/api/campaigns/ai-chat-sessions")


def answer(
    status: int, body: object = None, *, text: str | None = None, **headers: str
) -> httpx.Response:
    if text is not None:
        return httpx.Response(status, text=text, headers=headers, request=REQUEST)
    return httpx.Response(status, json=body, headers=headers, request=REQUEST)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.SessionBusyError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (502, errors.InternalServerError),
        (503, errors.InternalServerError),
        (418, errors.APIStatusError),
    ],
)
def test_each_status_has_its_class(status: int, cls: type[errors.APIStatusError]) -> None:
    exc = status_error(answer(status, {"error": "nope"}), {"error": "nope"}, redact=None)
    assert type(exc) is cls
    assert isinstance(exc, errors.APIStatusError)
    assert isinstance(exc, errors.PuffleError)
    assert exc.status_code == status


def test_plain_error_shape() -> None:
    body = {"error": "Session has no framework yet. Chat first to create one."}
    exc = status_error(answer(400, body), body, redact=None)
    assert str(exc) == "400 Bad Request: Session has no framework yet. Chat first to create one."
    assert exc.body == body


def test_object_error_shape_with_code() -> None:
    body = {"error": {"code": "unauthorized", "message": "Missing or invalid credentials"}}
    exc = status_error(answer(401, body), body, redact=None)
    assert "Missing or invalid credentials (unauthorized)" in str(exc)
    assert "PUFFLE_API_KEY" in str(exc)


def test_non_json_body_is_summarised() -> None:
    html = "<html><body><h1>502 Bad Gateway</h1>\n\n</body></html>"
    exc = status_error(answer(502, text=html), html, redact=None)
    assert "502 Bad Gateway" in str(exc)
    assert "\n" not in str(exc)


def test_empty_body_falls_back_to_the_reason_phrase() -> None:
    exc = status_error(answer(503, text=""), None, redact=None)
    assert str(exc) == "503 Service Unavailable: Service Unavailable."


def test_request_id_is_kept_and_shown() -> None:
    exc = status_error(
        answer(404, {"error": "Session not found"}, **{"x-request-id": "req_1"}),
        {"error": "Session not found"},
        redact=None,
    )
    assert exc.request_id == "req_1"
    assert str(exc).endswith("(request id req_1)")


def test_busy_error_says_what_to_do() -> None:
    exc = status_error(
        answer(409, {"error": "Session is busy (chat_processing)"}),
        {"error": "Session is busy (chat_processing)"},
        redact=None,
    )
    assert "wait" in str(exc)


def test_secret_echoed_by_the_server_is_redacted() -> None:
    body = {"error": "bad key pk_live_supersecret"}
    exc = status_error(answer(401, body), body, redact="pk_live_supersecret")
    assert "pk_live_supersecret" not in str(exc)
    assert "[redacted]" in str(exc)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"message": "plain message"}, "plain message"),
        ({"error": {"code": "forbidden"}}, "forbidden"),
        ({"error": ""}, "fallback"),
        ([1, 2], "fallback"),
        ("x" * 300, "x" * 199 + "…"),
    ],
)
def test_error_message_tolerates_odd_bodies(body: object, expected: str) -> None:
    assert error_message(body, "fallback") == expected


def test_rate_limit_error_reads_retry_after() -> None:
    exc = status_error(answer(429, {"error": "slow down"}, **{"retry-after": "7"}), {}, redact=None)
    assert isinstance(exc, errors.RateLimitError)
    assert exc.retry_after == 7.0
