"""Starting and stopping, the request log, direct state access, and the demo seed."""

from __future__ import annotations

import socket
import threading
import uuid

import httpx
import pytest

from puffle_widgets.emulator import Emulator
from puffle_widgets.models import UUID_PATTERN
from tests.emulator.helpers import SESSIONS, auth, create, turn


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_start_and_stop_are_idempotent_and_restartable() -> None:
    emulator = Emulator(latency=0.01)
    try:
        assert not emulator.running
        with pytest.raises(RuntimeError, match="not running"):
            _ = emulator.url
        emulator.start()
        url = emulator.url
        assert emulator.start().url == url
        assert httpx.get(f"{url}/openapi.yaml").status_code == 200
        emulator.stop()
        emulator.stop()
        assert not emulator.running
        assert not any(t.name == "puffle-emulator" and t.is_alive() for t in threading.enumerate())
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{url}/openapi.yaml")
        emulator.start()
        assert httpx.get(f"{emulator.url}/openapi.yaml").status_code == 200
    finally:
        emulator.close()


def test_a_fixed_port_and_env() -> None:
    port = _free_port()
    with Emulator(port=port, api_key="pk_live_fixed") as emulator:
        assert emulator.url == f"http://127.0.0.1:{port}"
        assert emulator.env() == {
            "PUFFLE_API_KEY": "pk_live_fixed",
            "PUFFLE_API_BASE_URL": f"http://127.0.0.1:{port}",
        }


def test_the_default_key_looks_like_a_puffle_key() -> None:
    emulator = Emulator()
    assert emulator.api_key.startswith("pk_live_emu_")
    emulator.close()


def test_stop_cancels_running_jobs(emulator: Emulator, client: httpx.Client) -> None:
    emulator.latency = 3600
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    session_id = create(client, campaign_id, node_ids[0])["id"]
    assert turn(client, session_id, "hello").status_code == 202
    emulator.stop()
    emulator.wait_jobs(timeout=5)
    assert emulator.get_session(session_id)["task_status"] == "chat_processing"


def test_the_request_log_records_and_wakes_waiters(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    started = len(emulator.requests)
    worker = threading.Thread(target=turn, args=(client, session_id, "from a thread"))
    worker.start()
    record = emulator.wait_for_request("runAiChatTurn", since=started)
    worker.join()
    assert record.method == "POST"
    assert record.path == f"{SESSIONS}/{session_id}/turn"
    assert record.session_id == session_id
    assert record.status == 202
    assert record.body == {"message": "from a thread"}
    assert record.response["runId"].startswith("run_")
    with pytest.raises(TimeoutError, match="runAiChatTurn"):
        emulator.wait_for_request("runAiChatTurn", timeout=0.05, since=len(emulator.requests))
    emulator.requests.clear()
    assert len(emulator.requests) == 0


def test_get_and_set_session(emulator: Emulator, client: httpx.Client, session_id: str) -> None:
    before = emulator.get_session(session_id)
    after = emulator.set_session(session_id, title="Set directly", task_status="chat_processing")
    assert after["title"] == "Set directly"
    assert after["updated_at"] > before["updated_at"]
    assert turn(client, session_id, "hello").status_code == 409
    emulator.set_session(session_id, task_status=None)
    assert emulator.wait_idle(session_id, timeout=1) == emulator.get_session(session_id)
    with pytest.raises(KeyError):
        emulator.get_session(str(uuid.uuid4()))
    with pytest.raises(KeyError):
        emulator.set_session(session_id, colour="red")


def test_new_campaign_ids_are_documented_uuids(emulator: Emulator) -> None:
    campaign_id, node_ids = emulator.new_campaign(nodes=3)
    assert len(node_ids) == 3
    assert all(UUID_PATTERN.match(i) for i in [campaign_id, *node_ids])


def test_the_demo_seeds_every_state() -> None:
    with Emulator(demo=True, latency=0.05) as emulator:
        ids = emulator.demo_session_ids
        assert set(ids) == {"fresh", "questions", "drafted", "examples", "busy"}
        sessions = {state: emulator.get_session(i) for state, i in ids.items()}
        assert sessions["fresh"]["messages"] is None
        assert sessions["questions"]["skeleton"] is None
        assert len(sessions["questions"]["messages"]) == 2
        drafted = sessions["drafted"]
        assert drafted["skeleton"]
        assert drafted["draft_subject"]
        assert drafted["draft_body"]
        assert drafted["skeleton_history"]
        assert drafted["draft_history"]
        assert len(sessions["examples"]["generated_examples"]) == 3
        assert sessions["busy"]["task_status"] == "chat_processing"
        finished = emulator.wait_idle(ids["busy"])
        assert finished is not None
        assert finished["messages"][-1]["role"] == "assistant"
        response = httpx.get(
            f"{emulator.url}{SESSIONS}",
            params={"campaign_id": emulator.demo_campaign_id},
            headers=auth(emulator.api_key),
        )
        assert [s["id"] for s in response.json()["sessions"]] == list(ids.values())
