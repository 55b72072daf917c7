"""2xx bodies are parsed from the raw bytes in one pass; a body that fails to parse is then
explained exactly as before (not JSON / unexpected shape), and the error shape is one family."""

from __future__ import annotations

import pickle

import httpx
import pytest

from puffle_widgets import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    DraftConflictError,
    Puffle,
    PuffleError,
    RateLimitError,
    WaitTimeoutError,
)
from puffle_widgets.client import transport
from puffle_widgets.emulator import Emulator
from puffle_widgets.models import SessionResponse

GET = "getAiChatSession"


@pytest.fixture
def big_session(client: Puffle, campaign: tuple[str, list[str]]) -> str:
    session = client.sessions.create(campaign_id=campaign[0], node_id=campaign[1][0])
    messages = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"message {i} é ✓ <b>"}
        for i in range(1000)
    ]
    client.sessions.update(session.id, messages=messages, title="A thousand")
    return session.id


def test_a_thousand_message_session_parses_from_the_raw_bytes(
    client: Puffle, emulator: Emulator, big_session: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_slow_path(_response: httpx.Response) -> None:
        raise AssertionError("a good body must not be decoded twice")

    monkeypatch.setattr(transport, "_read_body", no_slow_path)
    session = client.sessions.get(big_session)
    raw = httpx.get(
        f"{emulator.url}/api/campaigns/ai-chat-sessions/{big_session}",
        headers={"Authorization": f"Bearer {emulator.api_key}"},
    ).json()
    assert session == SessionResponse.model_validate(raw).session
    assert len(session.transcript) == 1000
    assert session.transcript[1].content == "message 1 é ✓ <b>"


def test_bad_bodies_still_get_the_precise_messages(
    client: Puffle, emulator: Emulator, big_session: str
) -> None:
    emulator.faults.malformed(GET)
    with pytest.raises(APIResponseValidationError, match="not JSON"):
        client.sessions.get(big_session)
    emulator.faults.malformed(GET, kind="shape")
    with pytest.raises(APIResponseValidationError, match=r"unexpected shape \(session: "):
        client.sessions.get(big_session)


def test_one_error_family() -> None:
    for cls in (APIStatusError, APIResponseValidationError, APIConnectionError):
        assert issubclass(cls, APIError) and issubclass(cls, PuffleError)
    request = httpx.Request("GET", "https://app.puffle.ai/api/x")
    response = httpx.Response(429, json={"error": "slow"}, request=request)
    status = RateLimitError("429", response=response, body={"error": "slow"}, retry_after=3.0)
    assert (status.message, status.request, status.body) == ("429", request, {"error": "slow"})
    assert (status.status_code, status.retry_after, status.request_id) == (429, 3.0, None)
    invalid = APIResponseValidationError("bad", response=response, body=[1])
    assert (invalid.request, invalid.status_code, invalid.body) == (request, 429, [1])
    lost = APIConnectionError(request=request)
    assert (lost.message, lost.request, lost.body) == ("Connection error.", request, None)


def test_every_error_survives_pickling() -> None:
    request = httpx.Request("GET", "https://app.puffle.ai/api/x")
    response = httpx.Response(429, json={"error": "slow"}, request=request)
    errors: list[PuffleError] = [
        PuffleError("plain"),
        APIConnectionError("lost", request=request),
        APITimeoutError(request),
        RateLimitError("429", response=response, body={"error": "slow"}, retry_after=2.5),
        APIResponseValidationError("bad", response=response, body=None),
        WaitTimeoutError("still busy", session=None),
        DraftConflictError("changed", fields=["title"]),
    ]

    def plain(exc: BaseException) -> dict[str, object]:
        """Attributes, with httpx objects (which compare by identity) reduced to what they say."""
        out: dict[str, object] = {}
        for name, value in vars(exc).items():
            if isinstance(value, httpx.Request):
                value = (value.method, str(value.url))
            elif isinstance(value, httpx.Response):
                value = (value.status_code, value.text)
            out[name] = value
        return out

    for exc in errors:
        copy = pickle.loads(pickle.dumps(exc))
        assert type(copy) is type(exc)
        assert str(copy) == str(exc)
        assert plain(copy) == plain(exc)
    assert pickle.loads(pickle.dumps(errors[3])).retry_after == 2.5
