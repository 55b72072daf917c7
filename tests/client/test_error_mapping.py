"""Each status maps to its class, and every body shape gives a readable message."""

from __future__ import annotations

import httpx
import pytest

from puffle_widgets import errors
from puffle_widgets.client.status_errors import error_message, status_error

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
    assert str(exc).startswith("503 Service Unavailable: Service Unavailable. The server failed")


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


def test_key_echoed_past_the_truncation_point_is_still_redacted() -> None:
    secret = "pk_live_0123456789abcdef0123456789"
    page = "<html><body>" + "x " * 95 + f"auth=Bearer {secret}</body></html>"
    exc = status_error(answer(502, text=page), page, redact=secret)
    assert "pk_live" not in str(exc)
    assert secret not in str(exc.body)
    nested = {"error": {"message": "bad", "echo": {"headers": [f"Bearer {secret}"]}}}
    exc = status_error(answer(400, nested), nested, redact=secret)
    assert secret not in repr(exc.body)


def test_html_error_pages_are_reduced_to_their_words() -> None:
    page = "<html><head><style>p{}</style></head><body><h1>Bad &amp; Gateway</h1></body></html>"
    exc = status_error(answer(502, text=page), page, redact=None)
    assert "502 Bad Gateway: Bad & Gateway." in str(exc)


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        (403, "may not do this"),
        (404, "PUFFLE_API_BASE_URL"),
        (429, "retry_after"),
        (500, "try again"),
    ],
)
def test_messages_say_what_to_do(status: int, hint: str) -> None:
    exc = status_error(answer(status, {"error": "x"}), {"error": "x"}, redact=None)
    assert hint in str(exc)


def test_redirects_name_the_address_to_use() -> None:
    response = httpx.Response(
        301, headers={"location": "https://app.puffle.ai/api/x"}, request=REQUEST
    )
    exc = status_error(response, None, redact=None)
    assert "https://app.puffle.ai/api/x" in str(exc)
