"""Hostile requests: huge bodies, bodies before the key, deep nesting, ids with a newline."""

from __future__ import annotations

import json
import socket
import uuid

import httpx
import pytest

from puffle_widgets.emulator import Emulator
from tests.emulator.helpers import SESSIONS, client_for, turn

FIFTY_MB = 50_000_000


def _answer(emulator: Emulator, head: str, body: bytes) -> tuple[int, bytes]:
    """Send raw request bytes (more may be announced than sent) and read the answer's status
    and whatever of its body arrives; a server that waits for the rest times out here."""
    host, port = emulator.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer.partition(b"\r\n\r\n")[2]


def _post_head(session_id: str, key: str, length: str) -> str:
    return (
        f"POST {SESSIONS}/{session_id}/turn HTTP/1.1\n"
        "Host: 127.0.0.1\n"
        f"Authorization: Bearer {key}\n"
        "Content-Type: application/json\n"
        f"{length}\n"
    )


def test_a_bad_key_is_answered_before_the_body_is_read(emulator: Emulator, session_id: str) -> None:
    head = _post_head(session_id, "pk_live_wrong", f"Content-Length: {FIFTY_MB}")
    status, body = _answer(emulator, head, b'{"message": "' + b"x" * 1000)
    assert status == 401
    assert json.loads(body)["error"]["code"] == "unauthorized"


def test_a_declared_body_over_the_limit_is_413_at_once(emulator: Emulator, session_id: str) -> None:
    head = _post_head(session_id, emulator.api_key, f"Content-Length: {FIFTY_MB}")
    status, body = _answer(emulator, head, b'{"message": "' + b"x" * 1000)
    assert status == 413
    error = json.loads(body)["error"]
    assert f"Content-Length {FIFTY_MB} bytes" in error
    assert f"limit is {2 * 1024 * 1024} bytes" in error
    record = emulator.wait_for_request("runAiChatTurn")
    assert (record.status, record.body_size, record.body) == (413, 0, None)
    assert emulator.get_session(session_id)["messages"] is None


def test_a_streamed_body_over_the_limit_is_413_while_it_arrives() -> None:
    with Emulator(latency=0.05, max_body_size=1024) as emulator, client_for(emulator) as http:
        campaign_id, node_ids = emulator.new_campaign(nodes=1)
        created = http.post(SESSIONS, json={"campaign_id": campaign_id, "node_id": node_ids[0]})
        session_id = created.json()["session"]["id"]
        head = _post_head(session_id, emulator.api_key, "Transfer-Encoding: chunked")
        # One chunk over the limit, and no final chunk: the rest never comes.
        status, body = _answer(emulator, head, b"7d0\r\n" + b" " * 2000 + b"\r\n")
        assert status == 413
        assert "at least 2000 bytes" in json.loads(body)["error"]
        # httpx sends Content-Length: a body just over the limit is refused, one under it passes.
        refused = turn(http, session_id, "x" * 1024)
        assert refused.status_code == 413
        assert "limit is 1024 bytes" in refused.json()["error"]
        assert turn(http, session_id, "x" * 900).status_code == 202


def test_the_body_limit_is_checked(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="max_body_size"):
        Emulator(max_body_size=0)
    with pytest.raises(TypeError, match="max_body_size"):
        Emulator(max_body_size="2MB")  # type: ignore[arg-type]


@pytest.mark.parametrize("depth", [100_000, 65])
def test_deep_json_nesting_is_400_not_500(
    emulator: Emulator, client: httpx.Client, session_id: str, depth: int
) -> None:
    nested = b"[" * depth + b"]" * depth
    url = f"{SESSIONS}/{session_id}"
    for method, path, content in (
        ("POST", f"{url}/turn", b'{"message": "hi", "sampleLeads": ' + nested + b"}"),
        ("PATCH", url, b'{"skeleton": {"blocks": ' + nested + b"}}"),
        ("POST", SESSIONS, b'{"campaign_id": ' + nested + b"}"),
    ):
        response = client.request(method, path, content=content)
        assert response.status_code == 400, (method, path, response.text)
        assert "nested too deeply" in response.json()["error"]
    assert emulator.get_session(session_id)["messages"] is None


def test_json_nested_within_the_limit_is_still_read(client: httpx.Client, session_id: str) -> None:
    nested: object = "deep"
    for _ in range(60):
        nested = {"next": nested}
    response = client.patch(
        f"{SESSIONS}/{session_id}", json={"skeleton": {"hook": "h", "extra": nested}}
    )
    assert response.status_code == 200
    assert response.json()["session"]["skeleton"]["extra"]["next"]["next"]


def test_an_id_with_a_trailing_newline_is_not_an_id(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    listed = client.get(SESSIONS, params={"campaign_id": campaign_id + "\n"})
    assert listed.status_code == 400
    assert "campaign_id" in listed.json()["error"]
    created = client.post(
        SESSIONS, json={"campaign_id": campaign_id + "\n", "node_id": node_ids[0]}
    )
    assert created.status_code == 400
    assert "campaign_id" in created.json()["error"]
    node = client.post(SESSIONS, json={"campaign_id": campaign_id, "node_id": node_ids[0] + "\n"})
    assert node.status_code == 400
    assert client.get(f"{SESSIONS}/{session_id}%0A").status_code == 404
    assert client.get(f"{SESSIONS}/{uuid.uuid4()}").status_code == 404


def test_a_client_gone_before_its_body_is_logged_unanswered_not_as_an_error(
    emulator: Emulator, session_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A request cancelled between its head and its body (a widget closing mid-request): the
    handler finds the client gone. That is no server error: nothing is answered or logged at
    ERROR (uvicorn logged "Exception in ASGI application", which the soak counts as escaped)."""
    host, port = emulator.url.removeprefix("http://").split(":")
    head = (
        f"PATCH {SESSIONS}/{session_id} HTTP/1.1\nHost: 127.0.0.1\n"
        f"Authorization: Bearer {emulator.api_key}\nContent-Type: application/json\n"
        "Content-Length: 20\n\n"
    )
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode())
    record = emulator.wait_for_request("updateAiChatSession")
    assert (record.status, record.body) == (None, None)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == []
