"""Retries, Retry-After, timeouts, dropped connections and garbage bodies, through the real
client and the emulator's fault injection (never a mock)."""

from __future__ import annotations

import email.utils
import logging
import socket
import time

import pytest

from puffle_widgets import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncPuffle,
    InternalServerError,
    Puffle,
    RateLimitError,
)
from puffle_widgets.client import MAX_RETRY_AFTER
from puffle_widgets.emulator import Emulator

GET = "getAiChatSession"
TURN = "runAiChatTurn"


@pytest.fixture
def session_id(client: Puffle, campaign: tuple[str, list[str]]) -> str:
    return client.sessions.create(campaign_id=campaign[0], node_id=campaign[1][0]).id


def calls(emulator: Emulator, operation: str) -> int:
    return sum(r.operation_id == operation for r in emulator.requests)


def test_429_retry_after_seconds_is_waited_then_retried(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.status(GET, 429, times=2, retry_after=3)
    assert client.sessions.get(session_id).id == session_id
    assert retry_delays == [3.0, 3.0]
    assert calls(emulator, GET) == 3


def test_retry_after_http_date_is_honoured(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.status(
        GET, 503, retry_after=email.utils.formatdate(time.time() + 30, usegmt=True)
    )
    client.sessions.get(session_id)
    assert len(retry_delays) == 1
    assert 25 <= retry_delays[0] <= 30


def test_retry_after_is_capped(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.status(GET, 429, retry_after=86400)
    client.sessions.get(session_id)
    assert retry_delays == [MAX_RETRY_AFTER]


def test_5xx_without_advice_backs_off_exponentially(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.status(GET, 503, times=2)
    client.sessions.get(session_id)
    assert len(retry_delays) == 2
    assert 0.375 <= retry_delays[0] <= 0.5
    assert 0.75 <= retry_delays[1] <= 1.0


def test_retries_stop_at_max_retries_and_raise_the_last_error(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.status(GET, 429, times=5, retry_after=1)
    with pytest.raises(RateLimitError) as info:
        client.sessions.get(session_id)
    assert info.value.retry_after == 1.0
    assert calls(emulator, GET) == 3  # the first try and max_retries=2 more
    with client.with_options(max_retries=0) as strict:
        emulator.faults.clear()
        emulator.faults.status(GET, 500)
        with pytest.raises(InternalServerError):
            strict.sessions.get(session_id)


def test_turn_500_is_retried_because_the_claim_was_released(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.status(TURN, 500)
    run = client.sessions.turn(session_id, "hello")
    assert run.run_id.startswith("run_")
    assert calls(emulator, TURN) == 2
    assert client.sessions.wait(session_id).transcript[0].content == "hello"


@pytest.mark.parametrize("status", [502, 503, 504])
def test_turn_other_5xx_is_not_retried(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float], status: int
) -> None:
    emulator.faults.status(TURN, status)
    with pytest.raises(InternalServerError):
        client.sessions.turn(session_id, "hello")
    assert calls(emulator, TURN) == 1


def test_create_is_not_retried_after_a_5xx(
    client: Puffle, emulator: Emulator, campaign: tuple[str, list[str]], retry_delays: list[float]
) -> None:
    emulator.faults.status("createAiChatSession", 503)
    with pytest.raises(InternalServerError):
        client.sessions.create(campaign_id=campaign[0], node_id=campaign[1][0])
    assert calls(emulator, "createAiChatSession") == 1


def test_lost_turn_answer_is_never_resent(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.drop(TURN, after=True)
    with pytest.raises(APIConnectionError, match="may already be running") as info:
        client.sessions.turn(session_id, "hello")
    assert not isinstance(info.value, APITimeoutError)
    assert calls(emulator, TURN) == 1
    # The turn did start: the advice in the message is the right one.
    assert len(client.sessions.wait(session_id).transcript) == 2


def test_dropped_get_is_retried(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.drop(GET)
    assert client.sessions.get(session_id).id == session_id
    assert calls(emulator, GET) == 2
    assert len(retry_delays) == 1


def test_slow_answer_times_out_and_is_retried_only_when_safe(
    emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    with Puffle(api_key=emulator.api_key, base_url=emulator.url, timeout=0.2) as client:
        emulator.faults.delay(GET, 2.0, times=3)
        with pytest.raises(APITimeoutError, match="timed out"):
            client.sessions.get(session_id)
        assert len(retry_delays) == 2
        emulator.faults.delay(TURN, 2.0)
        with pytest.raises(APITimeoutError, match="may already be running"):
            client.sessions.turn(session_id, "slow")
        assert len(retry_delays) == 2


def test_not_json_body_is_a_validation_error(
    client: Puffle, emulator: Emulator, session_id: str
) -> None:
    emulator.faults.malformed(GET)
    with pytest.raises(APIResponseValidationError, match="not JSON"):
        client.sessions.get(session_id)


def test_wrong_shape_body_names_the_problem(
    client: Puffle, emulator: Emulator, session_id: str
) -> None:
    emulator.faults.malformed(GET, kind="shape")
    with pytest.raises(APIResponseValidationError, match="unexpected shape") as info:
        client.sessions.get(session_id)
    assert info.value.status_code == 200


def test_html_error_page_gives_a_readable_message(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.status(GET, 502, times=3, body="<html><h1>502 Bad Gateway</h1></html>")
    with pytest.raises(InternalServerError, match="502 Bad Gateway") as info:
        client.sessions.get(session_id)
    assert info.value.body == "<html><h1>502 Bad Gateway</h1></html>"


def test_refused_connection_is_retried_then_raised(retry_delays: list[float]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before the client connects
    with (
        Puffle(api_key="pk_live_x", base_url=f"http://127.0.0.1:{port}") as client,
        pytest.raises(APIConnectionError, match="Could not reach") as info,
    ):
        client.sessions.get("3c90c3cc-0d44-4b50-8888-8dd25736052a")
    assert len(retry_delays) == 2
    assert "pk_live_x" not in str(info.value)


async def test_async_client_retries_the_same_way(
    emulator: Emulator, aclient: AsyncPuffle, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.status(GET, 429, retry_after=2)
    emulator.faults.drop(GET)
    assert (await aclient.sessions.get(session_id)).id == session_id
    assert retry_delays[0] == 2.0
    assert len(retry_delays) == 2
    emulator.faults.drop(TURN, after=True)
    with pytest.raises(APIConnectionError, match="may already be running"):
        await aclient.sessions.turn(session_id, "hi")


def test_wait_keeps_polling_through_transient_errors(
    client: Puffle, emulator: Emulator, session_id: str, retry_delays: list[float]
) -> None:
    emulator.faults.stick(session_id)
    client.sessions.turn(session_id, "hello")
    emulator.faults.status(GET, 503, times=4)
    emulator.faults.drop(GET, times=2)
    with client.with_options(max_retries=0, poll_interval=0.01) as impatient:
        emulator.faults.unstick(session_id)
        assert not impatient.sessions.wait(session_id, timeout=10).is_busy


def test_the_key_never_reaches_logs(
    client: Puffle,
    emulator: Emulator,
    session_id: str,
    retry_delays: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.faults.status(GET, 429, retry_after=1)
    emulator.faults.status(GET, 500)
    client.sessions.get(session_id)
    with (
        Puffle(api_key=emulator.api_key, base_url="http://127.0.0.1:1") as unreachable,
        pytest.raises(APIConnectionError),
    ):
        unreachable.sessions.get(session_id)
    assert caplog.records, "retries are logged"
    assert emulator.api_key not in caplog.text
    assert emulator.api_key not in repr(client)
