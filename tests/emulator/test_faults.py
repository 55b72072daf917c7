"""Fault injection: statuses, Retry-After, delays, dropped connections, garbage, stuck tasks."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from puffle_widgets.emulator import Emulator
from tests.emulator.helpers import LEADS, SESSIONS, chat, drafted, turn


def _list(client: httpx.Client) -> httpx.Response:
    return client.get(SESSIONS, params={"campaign_id": str(uuid.uuid4())})


def test_status_with_retry_after_then_normal(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.status("listAiChatSessions", 429, times=2, retry_after=2)
    first, second, third = _list(client), _list(client), _list(client)
    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
    assert first.headers["retry-after"] == "2"
    assert first.json() == {"error": "Rate limit exceeded. Retry later."}
    assert first.headers["x-request-id"].startswith("req_")
    assert [r.fault for r in emulator.requests] == ["status:429", "status:429", None]
    assert emulator.faults.armed == []


def test_status_with_a_custom_body_and_the_wildcard(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.faults.status("*", 503, body="upstream down")
    emulator.faults.status("*", 502, body={"error": {"code": "bad_gateway", "message": "oops"}})
    down = client.get(f"{SESSIONS}/{session_id}")
    assert (down.status_code, down.text) == (503, "upstream down")
    gateway = client.delete(f"{SESSIONS}/{session_id}")
    assert gateway.json()["error"]["code"] == "bad_gateway"
    assert client.get(f"{SESSIONS}/{session_id}").status_code == 200


def test_a_500_on_turn_leaves_the_session_unclaimed(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.faults.status("runAiChatTurn", 500)
    failed = turn(client, session_id, "hello")
    assert failed.status_code == 500
    assert "retrying is safe" in failed.json()["error"]
    session = emulator.get_session(session_id)
    assert (session["task_status"], session["messages"]) == (None, None)
    assert turn(client, session_id, "hello").status_code == 202
    assert emulator.wait_for_request("runAiChatTurn").fault == "status:500"


def test_a_500_on_generate_examples_leaves_the_session_unclaimed(
    emulator: Emulator, client: httpx.Client
) -> None:
    session_id = drafted(emulator, client)
    emulator.faults.status("generateAiChatExamples", 500)
    url = f"{SESSIONS}/{session_id}/generate-examples"
    assert client.post(url, json={"leads": LEADS}).status_code == 500
    assert emulator.get_session(session_id)["task_status"] is None
    assert client.post(url, json={"leads": LEADS}).status_code == 202


def test_delay_holds_the_answer(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.delay("listAiChatSessions", 30)
    with pytest.raises(httpx.ReadTimeout):
        client.get(SESSIONS, params={"campaign_id": str(uuid.uuid4())}, timeout=0.2)
    assert _list(client).status_code == 200
    # Stopping cuts the delay short, answers the held request and joins the thread.
    emulator.stop()
    assert not emulator.running
    held = emulator.wait_for_request(lambda record: record.fault == "delay:30")
    assert held.status == 200


def test_drop_closes_the_connection_without_an_answer(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.faults.drop("getAiChatSession")
    with pytest.raises(httpx.RemoteProtocolError):
        client.get(f"{SESSIONS}/{session_id}")
    record = emulator.wait_for_request("getAiChatSession")
    assert (record.status, record.fault) == (None, "drop")
    assert client.get(f"{SESSIONS}/{session_id}").status_code == 200


def test_drop_before_the_handler_loses_the_request(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.faults.drop("runAiChatTurn")
    with pytest.raises(httpx.RemoteProtocolError):
        turn(client, session_id, "lost")
    assert emulator.get_session(session_id)["messages"] is None


def test_drop_after_the_handler_loses_only_the_answer(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.faults.drop("runAiChatTurn", after=True)
    with pytest.raises(httpx.RemoteProtocolError):
        turn(client, session_id, "answer lost")
    session = emulator.wait_idle(session_id)
    assert session is not None
    assert session["messages"][0] == {"role": "user", "content": "answer lost"}
    assert emulator.wait_for_request("runAiChatTurn").fault == "drop:after"


def test_malformed_json(emulator: Emulator, client: httpx.Client, session_id: str) -> None:
    emulator.faults.malformed("getAiChatSession")
    response = client.get(f"{SESSIONS}/{session_id}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert emulator.wait_for_request("getAiChatSession").fault == "malformed:json"


def test_malformed_shape(emulator: Emulator, client: httpx.Client, session_id: str) -> None:
    emulator.faults.malformed("runAiChatTurn", kind="shape")
    response = turn(client, session_id, "hello")
    assert response.status_code == 200
    assert "runId" not in response.json()
    assert emulator.get_session(session_id)["task_status"] is None


def test_stick_keeps_a_task_busy_until_unstuck(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.latency = 0
    emulator.faults.stick(session_id)
    assert turn(client, session_id, "hello").status_code == 202
    with pytest.raises(TimeoutError):
        emulator.wait_idle(session_id, timeout=0.3)
    assert turn(client, session_id, "again").status_code == 409
    emulator.faults.unstick(session_id)
    session = emulator.wait_idle(session_id)
    assert session is not None
    assert len(session["messages"]) == 2


def test_clear_disarms_and_unsticks(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.faults.status("*", 500, times=5)
    emulator.faults.stick(session_id)
    emulator.faults.clear()
    assert emulator.faults.armed == []
    assert chat(emulator, client, session_id, "hello")["task_status"] is None


def test_fault_arguments_are_checked(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="unknown operation"):
        emulator.faults.status("getSession", 500)
    with pytest.raises(ValueError, match="HTTP status"):
        emulator.faults.status("*", 1000)
    with pytest.raises(ValueError, match="times"):
        emulator.faults.drop("*", times=0)
    with pytest.raises(ValueError, match="kind"):
        emulator.faults.malformed("*", kind="xml")  # type: ignore[arg-type]


def test_insufficient_credits_answers_the_documented_402(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.faults.insufficient_credits(balance=3, required=10)
    emulator.faults.status("runAiChatTurn", 402)
    first, second = turn(client, session_id, "hello"), turn(client, session_id, "hello")
    assert (first.status_code, second.status_code) == (402, 402)
    assert first.json() == {"error": "Insufficient credits", "balance": 3, "required": 10}
    assert second.json() == {"error": "Insufficient credits", "balance": 0, "required": 1}
    assert emulator.get_session(session_id)["messages"] is None
    assert turn(client, session_id, "hello").status_code == 202
    records = [r for r in emulator.requests if r.operation_id == "runAiChatTurn"]
    assert [(r.fault, r.body) for r in records] == [
        ("status:402", {"message": "hello"}),
        ("status:402", {"message": "hello"}),
        (None, {"message": "hello"}),
    ]
